"""Post resolution on small hand-made records: abbreviations, aliases, ranks, choices."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from db.models import Instansi
from knowledge.post_vocabulary import post_vocabulary
from retrieval.people.positions import PositionChoice, choice_labels, resolve_position
from retrieval.people.post_query import read_post_query, same_word
from tests.factories import make_jabatan, make_unit
from tests.retrieval.people.conftest import World


def test_aliases_of_regional_units():
    v = post_vocabulary()
    assert "BPKAD" in v.unit_aliases("Badan Pengelolaan Keuangan dan Aset Daerah", None)
    assert "BPKAD" in v.unit_aliases("Badan Pengelola Keuangan dan Aset Daerah", None)
    assert "Bappeda" in v.unit_aliases("Badan Perencanaan Pembangunan Daerah", None)
    assert "BPSDM" in v.unit_aliases("Badan Pengembangan Sumber Daya Manusia", None)
    assert "DLH" in v.unit_aliases("Dinas Lingkungan Hidup", None)
    assert v.unit_aliases("Dinas Kesehatan", "DINKES")[0] == "DINKES"


def test_a_request_is_read_into_rank_and_words():
    q = read_post_query("siapa yang cocok jadi kabid anggaran BPKAD?")
    assert q.rank is not None and q.rank.id == "kepala-bidang"
    assert q.words == ("anggaran", "bpkad")
    q = read_post_query("yang bisa gantiin kadis LH")
    assert q.rank is not None and q.rank.id == "kepala-opd" and q.kind == ("dinas",)
    assert q.words == ("lh",)
    q = read_post_query("kasi perencanaan di bidang infrastruktur")
    assert q.rank is not None and q.rank.id == "kepala-seksi"
    assert q.unit == ("bidang", "infrastruktur")
    # A misspelt rank is still a rank; a sub bagian written apart is one word.
    assert read_post_query("kepla bidng pajak").rank.id == "kepala-bidang"  # type: ignore[union-attr]
    assert read_post_query("kepala sub bagian umum").rank.id == "kepala-subbagian"  # type: ignore[union-attr]


def test_resolution(sqlite_engine: Engine, world: World):
    with Session(sqlite_engine) as s:
        for text in ("Kabid Anggaran BPKAD", "kepala bidang anggaran", "Kabid anggran BPKAD"):
            r = resolve_position(s, text, scope={world.prov})
            assert r.match is not None and r.match.jabatan_id == world.kabid_anggaran, text
        r = resolve_position(s, "Kasi Pelayanan Kesehatan Dinkes", scope={world.prov})
        assert r.match is not None and r.match.jabatan_id == world.kasi_yankes
        # The same title in two visible agencies: choices, told apart by the agency.
        both = resolve_position(s, "Kepala Bidang Anggaran", scope={world.prov, world.kjb})
        assert both.ambiguous
        assert {c.jabatan_id for c in both.choices} >= {world.kabid_anggaran, world.kabid_kjb}
        labels = choice_labels(both.choices)
        assert len(set(labels)) == len(labels)
        assert any("Provinsi Jambi" in label for label in labels)
        assert resolve_position(s, "kepala seksi", scope={world.prov}).ambiguous
        assert resolve_position(s, "pilot pesawat tempur", scope={world.prov}).match is None


def test_no_lookalike_of_another_field_or_rank(sqlite_engine: Engine, world: World):
    """ "keuangan" is not "keperawatan"; a kasubbag of a Badan is not the head of the Badan;
    an alias the agency does not have offers nothing."""
    with Session(sqlite_engine, expire_on_commit=False) as s:
        prov = s.get(Instansi, world.prov)
        assert prov is not None
        rs = make_unit(s, prov, nama="RSUD Raden Mattaher", singkatan="RSUD")
        kep = make_unit(s, prov, nama="Bidang Keperawatan", singkatan=None, induk=rs)
        make_jabatan(s, prov, unit=kep, nama="Kepala Bidang Keperawatan", bidang="keperawatan")
        badan = make_unit(s, prov, nama="Badan Pendapatan Daerah", singkatan="Bapenda")
        sek = make_unit(s, prov, nama="Sekretariat", singkatan=None, induk=badan)
        head = make_jabatan(
            s, prov, unit=badan, nama="Kepala Badan Pendapatan Daerah", jenis="jpt_pratama"
        )
        sub = make_jabatan(
            s, prov, unit=sek, nama="Kepala Subbagian Perencanaan dan Keuangan", jenis="pengawas"
        )
        r = resolve_position(s, "kepala bidang keuangan", scope={world.prov})
        names = [c.nama for c in ([r.match] if r.match else r.choices)]
        assert names and all("Keperawatan" not in n for n in names)
        k = resolve_position(
            s, "siapa yang cocok jadi kasubbag keuangan bapenda?", scope={world.prov}
        )
        assert k.match is not None and k.match.jabatan_id == sub.id
        assert head.id not in {c.jabatan_id for c in k.choices}
        lh = resolve_position(s, "yang bisa gantiin kadis LH", scope={world.prov})
        assert lh.match is None and not lh.choices and lh.asked_rank == "kepala-opd"


def test_labels_tell_identical_titles_apart():
    a = PositionChoice(
        1, 1, "Sekretaris", "Sekretariat", "Pemerintah Kota Jambi", 100, "Dinas Sosial", True
    )
    b = PositionChoice(
        2, 1, "Sekretaris", "Sekretariat", "Pemerintah Kota Jambi", 100, "Dinas Kesehatan", False
    )
    la, lb = choice_labels([a, b])
    assert la != lb
    assert "Dinas Sosial" in la and "lowong" in la
    assert "Dinas Kesehatan" in lb and "terisi" in lb


def test_an_agency_abbreviation_places_a_post_but_does_not_name_its_title(
    sqlite_engine: Engine, world: World
):
    """ "Bapenda" is the Badan Pendapatan Daerah: it neither covers the title of its Bidang
    Retribusi dan Pendapatan Lain-lain nor makes that bidang answer to "bapenda", so a
    misspelt "pjak" is not outvoted by the agency's own words; and a bidang named after the
    message's "bidang …" is told apart from same-titled seksi in other bidang."""
    with Session(sqlite_engine, expire_on_commit=False) as s:
        prov = s.get(Instansi, world.prov)
        assert prov is not None
        badan = make_unit(s, prov, nama="Badan Pendapatan Daerah", singkatan=None)
        pajak = make_unit(s, prov, nama="Bidang Pajak Daerah", singkatan=None, induk=badan)
        retri = make_unit(
            s, prov, nama="Bidang Retribusi dan Pendapatan Lain-lain", singkatan=None, induk=badan
        )
        kabid_pajak = make_jabatan(s, prov, unit=pajak, nama="Kepala Bidang Pajak Daerah")
        make_jabatan(s, prov, unit=retri, nama="Kepala Bidang Retribusi dan Pendapatan Lain-lain")
        kasi_in = {
            unit.id: make_jabatan(
                s, prov, unit=unit, nama="Kepala Seksi Pengelolaan Pajak", jenis="pengawas"
            )
            for unit in (pajak, retri)
        }
        # The vocabulary gives "Bapenda" to any unit with "pendapatan" in its name …
        assert "Bapenda" in post_vocabulary().unit_aliases(retri.nama, None)
        r = resolve_position(s, "kabid pjak daerah bapenda", scope={world.prov})
        assert r.match is not None and r.match.jabatan_id == kabid_pajak.id
        r = resolve_position(s, "kasi pengelolaan pajak di bidang retribusi", scope={world.prov})
        assert r.match is not None and r.match.jabatan_id == kasi_in[retri.id].id
        r = resolve_position(s, "kasi pengelolaan pajak", scope={world.prov})
        assert r.ambiguous and {c.jabatan_id for c in r.choices} >= {j.id for j in kasi_in.values()}
        # One word of two titles of different lengths: as likely either way, so ask.
        evaluasi = make_unit(
            s, prov, nama="Bidang Pengendalian dan Evaluasi Pendapatan", singkatan=None, induk=badan
        )
        kabid_eval = make_jabatan(
            s, prov, unit=evaluasi, nama="Kepala Bidang Pengendalian dan Evaluasi Pendapatan"
        )
        r = resolve_position(s, "kabid pendapatan bapenda", scope={world.prov})
        assert r.match is None and kabid_eval.id in {c.jabatan_id for c in r.choices}


def test_the_unit_named_in_a_request_decides_between_same_titled_posts(
    sqlite_engine: Engine, world: World
):
    """Inside a dinas whose name holds its bidang's words, "di bidang hortikultura" picks the
    seksi of that bidang (the word "bidang" itself names none); a bidang the agency does not
    have ("bidang PAUD") picks none confidently; and the dinas' abbreviation still helps name
    a bidang whose title shares the dinas' words ("kabid tata ruang PUPR")."""
    with Session(sqlite_engine, expire_on_commit=False) as s:
        prov = s.get(Instansi, world.prov)
        assert prov is not None
        dinas = make_unit(
            s, prov, nama="Dinas Tanaman Pangan, Hortikultura dan Peternakan", singkatan=None
        )
        seksi = {}
        for nama in ("Bidang Hortikultura", "Bidang Tanaman Pangan"):
            unit = make_unit(s, prov, nama=nama, singkatan=None, induk=dinas)
            seksi[nama] = make_jabatan(
                s, prov, unit=unit, nama="Kepala Seksi Perlindungan Tanaman", jenis="pengawas"
            )
        r = resolve_position(
            s, "kasi perlindungan tanaman di bidang hortikultura", scope={world.prov}
        )
        assert r.match is not None and r.match.jabatan_id == seksi["Bidang Hortikultura"].id
        disdik = make_unit(s, prov, nama="Dinas Pendidikan", singkatan=None)
        for nama in ("Bidang Pendidikan Khusus", "Bidang Pembinaan SMA"):
            unit = make_unit(s, prov, nama=nama, singkatan=None, induk=disdik)
            make_jabatan(s, prov, unit=unit, nama="Kepala Seksi Pembelajaran", jenis="pengawas")
        # PAUD is "pendidikan anak usia dini": one word of it is not a PAUD bidang.
        r = resolve_position(s, "kasi pembelajaran bidang paud", scope={world.prov})
        assert r.match is None and r.ambiguous
        pu = make_unit(s, prov, nama="Dinas Pekerjaan Umum dan Penataan Ruang", singkatan=None)
        ruang = make_unit(s, prov, nama="Bidang Penataan Ruang", singkatan=None, induk=pu)
        marga = make_unit(s, prov, nama="Bidang Bina Marga", singkatan=None, induk=pu)
        tu = make_unit(s, prov, nama="Subbagian Tata Usaha", singkatan=None, induk=pu)
        kabid_ruang = make_jabatan(s, prov, unit=ruang, nama="Kepala Bidang Penataan Ruang")
        make_jabatan(s, prov, unit=marga, nama="Kepala Bidang Bina Marga")
        make_jabatan(s, prov, unit=tu, nama="Kepala Subbagian Tata Usaha", jenis="pengawas")
        r = resolve_position(s, "kabid tata ruang pupr", scope={world.prov})
        assert r.match is not None and r.match.jabatan_id == kabid_ruang.id


def test_everyday_forms_of_a_request_are_read():
    """ "-nya" on a rank or unit word, two letters swapped, and a number that counts people or
    an eselon rather than naming a wilayah."""
    q = read_post_query("biro umum, kepala bironya")
    assert q.rank is not None and q.rank.id == "kepala-biro" and "umum" in q.words
    assert same_word("huukm", "hukum") and not same_word("badan", "bidan")
    q = read_post_query("Bu Kadis Pendidikan pensiun, tolong carikan 3 nama yang sudah eselon III")
    assert q.words == ("pendidikan",)
    assert read_post_query("irban wilayah 3").words == ("wilayah", "3")
    assert read_post_query("irban ke-2").words == ("2",)
    assert read_post_query("irban 1 dan 2").words == ("1", "2")
    # "-nya" comes off a rank or a kind of unit only: "dasarnya" is no "dasar" (SD).
    assert "dasar" not in read_post_query("pada dasarnya saya cari kabid pembinaan").words
    assert read_post_query("kabidnya bpkad").words == ("bpkad",)
    assert "menengah" not in read_post_query("kasi pembelajaran yang masih junior").words
    # English names of units and of two ranks.
    assert read_post_query("candidates for regional secretary").rank.id == "sekda"  # type: ignore[union-attr]
    q = read_post_query("head of the nursing division at our hospital")
    assert q.rank is not None and q.rank.id == "kepala-bidang"
    assert set(q.words) >= {"keperawatan", "rsud"}


def test_an_abbreviation_matches_itself_and_is_named_by_its_words(
    sqlite_engine: Engine, world: World
):
    """ "bapenda" is not a misspelling of "bappeda"; and the Kepala Bappeda is asked for by
    most of the Bappeda's name written out."""
    with Session(sqlite_engine, expire_on_commit=False) as s:
        prov = s.get(Instansi, world.prov)
        assert prov is not None
        bapenda = make_unit(s, prov, nama="Badan Pendapatan Daerah", singkatan=None)
        bappeda = make_unit(
            s,
            prov,
            nama="Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
            singkatan=None,
        )
        kaban = make_jabatan(s, prov, unit=bapenda, nama="Kepala Badan Pendapatan Daerah")
        kabappeda = make_jabatan(s, prov, unit=bappeda, nama="Kepala Bappeda")
        s.commit()
        r = resolve_position(s, "kaban bapenda", scope={world.prov})
        assert r.match is not None and r.match.jabatan_id == kaban.id
        r = resolve_position(s, "kepala badan perencanan pembangunan daerah", scope={world.prov})
        assert r.match is not None and r.match.jabatan_id == kabappeda.id


def test_a_bare_head_rank_offers_its_own_heads_alike(sqlite_engine: Engine, world: World):
    """ "kepala dinas" offers every head of a dinas alike, however long the dinas' name, and
    no kepala badan; a bare "camat" where there is no kecamatan offers nothing."""
    with Session(sqlite_engine, expire_on_commit=False) as s:
        prov = s.get(Instansi, world.prov)
        assert prov is not None
        heads = {}
        for nama in ("Dinas Sosial", "Dinas Pekerjaan Umum dan Penataan Ruang", "Badan Pendapatan"):
            unit = make_unit(s, prov, nama=nama, singkatan=None)
            heads[nama] = make_jabatan(s, prov, unit=unit, nama=f"Kepala {nama}", eselon="II.b").id
        s.commit()
        r = resolve_position(s, "kepala dinas", scope={world.prov})
        offered = {c.jabatan_id for c in r.choices}
        assert offered >= {heads["Dinas Sosial"], heads["Dinas Pekerjaan Umum dan Penataan Ruang"]}
        assert heads["Badan Pendapatan"] not in offered
        camat = resolve_position(s, "camat", scope={world.prov})
        assert camat.match is None and camat.choices == []
