"""Asking the unit first when more posts are close than one question lists: the groups, the
narrowing by the units picked, and the unit a short reply names."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from db.models import Instansi
from retrieval.people.positions import resolve_position
from retrieval.people.post_units import reply_groups, units, units_named, within
from tests.factories import EIGHT_DINAS as DINAS
from tests.factories import make_jabatan, make_unit
from tests.retrieval.people.conftest import World


def sekretaris_everywhere(engine: Engine, world: World) -> dict[tuple[str, str], int]:
    """A Sekretaris in each of eight PROV dinas and of three KJB dinas."""
    ids: dict[tuple[str, str], int] = {}
    with Session(engine, expire_on_commit=False) as s:
        prov, kjb = s.get(Instansi, world.prov), s.get(Instansi, world.kjb)
        assert prov is not None and kjb is not None
        for inst, names in ((prov, DINAS), (kjb, DINAS[:3])):
            for nama in names:
                dinas = make_unit(s, inst, nama=nama, singkatan=None)
                sekretariat = make_unit(s, inst, nama="Sekretariat", singkatan=None, induk=dinas)
                j = make_jabatan(s, inst, unit=sekretariat, nama="Sekretaris", eselon="III.a")
                ids[(inst.kode, nama)] = j.id or 0
        s.commit()
    return ids


def test_more_close_posts_than_choices_are_asked_by_unit(sqlite_engine: Engine, world: World):
    """Eight "Sekretaris" and "sekdis" with no dinas named: six choices would cut two off, so
    the close posts come back by unit — by agency first when the scope has several — and the
    units picked one after another end on the one post."""
    sekretaris = sekretaris_everywhere(sqlite_engine, world)
    with Session(sqlite_engine) as s:
        r = resolve_position(s, "siapa yang cocok jadi sekdis?", scope={world.prov})
        assert r.match is None and len(r.choices) == 6 and len(r.band) == 8
        groups = units(r)
        assert sorted(g.name for g in groups) == sorted(DINAS)
        assert {g.level for g in groups} == {1} and all(len(g.choices) == 1 for g in groups)
        one = within(r, "1:Dinas Koperasi")
        assert one.match is not None
        assert one.match.jabatan_id == sekretaris[("PROV", "Dinas Koperasi")]
        for wrong in ("1:Dinas Kebudayaan", "Dinas Koperasi", "7:Dinas Koperasi"):
            assert within(r, wrong).match is None and not within(r, wrong).band, wrong

        both = resolve_position(s, "sekdis", scope={world.prov, world.kjb})
        assert [(g.name, g.level, len(g.choices)) for g in units(both)] == [
            ("Kota Jambi", 0, 3),
            ("Provinsi Jambi", 0, 8),
        ]
        prov_only = within(both, "0:Provinsi Jambi")
        assert prov_only.match is None and len(units(prov_only)) == 8
        picked = within(both, "0:Provinsi Jambi › 1:Dinas Sosial")
        assert picked.match is not None
        assert picked.match.jabatan_id == sekretaris[("PROV", "Dinas Sosial")]
        # Three of them fit in one question: no unit is asked.
        few = within(both, "0:Kota Jambi")
        assert few.ambiguous and len(few.choices) == 3 and units(few) == []


def test_a_unit_that_is_also_an_opd_narrows_at_its_own_level(sqlite_engine: Engine, world: World):
    """Three seksi sit in the dinas itself and two in each of three bidang: the dinas' own
    button narrows to its three, never back to the same question."""
    with Session(sqlite_engine, expire_on_commit=False) as s:
        prov = s.get(Instansi, world.prov)
        assert prov is not None
        dishub = make_unit(s, prov, nama="Dinas Perhubungan", singkatan=None)
        bidang = ("Bidang Angkutan", "Bidang Lalu Lintas", "Bidang Pelayaran")
        for unit, n in [(dishub, 3)] + [
            (make_unit(s, prov, nama=b, singkatan=None, induk=dishub), 2) for b in bidang
        ]:
            for i in range(n):
                make_jabatan(
                    s, prov, unit=unit, nama=f"Kepala Seksi Keselamatan {i}", jenis="pengawas"
                )
        s.commit()
        r = resolve_position(s, "kasi keselamatan", scope={world.prov})
        groups = {g.name: g for g in units(r)}
        assert set(groups) == {"Dinas Perhubungan", *bidang}
        own = within(r, groups["Dinas Perhubungan"].step)
        assert len(own.band) == 3 and units(own) == []


def test_the_unit_a_short_reply_names(sqlite_engine: Engine, world: World):
    """Every word of the reply names the unit, is a kind of unit or a request word; a reply
    that says something else names none, and one that names several alike names them all."""
    sekretaris_everywhere(sqlite_engine, world)
    with Session(sqlite_engine) as s:
        groups = units(resolve_position(s, "sekdis", scope={world.prov}))
    named = {
        reply: [g.name for g in units_named(groups, reply)]
        for reply in (
            "kesehatan",
            "dinkes",
            "yang dinas kesehatan",
            "sekretariat dinkes",
            "kesehatn",
            "dinas",
            "butuh yang paham pendidikan",
            "kadis kesehatan",
            "terima kasih",
            "semuanya",
        )
    }
    assert named == {
        "kesehatan": ["Dinas Kesehatan"],
        "dinkes": ["Dinas Kesehatan"],
        "yang dinas kesehatan": ["Dinas Kesehatan"],
        "sekretariat dinkes": ["Dinas Kesehatan"],
        "kesehatn": ["Dinas Kesehatan"],
        "dinas": sorted(DINAS),
        "butuh yang paham pendidikan": [],
        "kadis kesehatan": [],
        "terima kasih": [],
        "semuanya": [],
    }


def test_a_reply_may_name_a_unit_below_the_one_asked(sqlite_engine: Engine, world: World):
    """ "kabid" across nine OPDs asks the OPD; "anggaran" names the Bidang Anggaran of the
    Badan Keuangan Daerah below it, "diknas" the Dinas Pendidikan (an abbreviation, matched
    exactly, not a misspelling of "dinas"), and an exact word beats a misspelt one
    ("penataan" is the Dinas PUPR, not the Dinas Kependudukan dan Pencatatan Sipil)."""
    with Session(sqlite_engine, expire_on_commit=False) as s:
        prov = s.get(Instansi, world.prov)
        assert prov is not None
        opds = {
            "Dinas Pendidikan": "Bidang Pembinaan SMA",
            "Dinas Pekerjaan Umum dan Penataan Ruang": "Bidang Bina Marga",
            "Dinas Kependudukan dan Pencatatan Sipil": "Bidang Pelayanan",
            "Dinas Sosial": "Bidang Rehabilitasi",
            "Dinas Pertanian": "Bidang Hortikultura",
            "Dinas Perhubungan": "Bidang Angkutan",
            "Dinas Koperasi": "Bidang Usaha Mikro",
            "Badan Keuangan Daerah": "Bidang Anggaran",
        }
        kabid = {}
        for opd, bidang in opds.items():
            unit = make_unit(
                s,
                prov,
                nama=bidang,
                singkatan=None,
                induk=make_unit(s, prov, nama=opd, singkatan=None),
            )
            kabid[bidang] = make_jabatan(s, prov, unit=unit, nama=f"Kepala {bidang}").id
        s.commit()
        r = resolve_position(s, "kabid", scope={world.prov})
    assert {g.level for g in units(r)} == {1} and len(units(r)) >= 8
    groups = reply_groups(r)
    named = {
        reply: [(g.name, g.level) for g in units_named(groups, reply)]
        for reply in ("anggaran", "bidang anggaran", "diknas", "penataan", "dinas")
    }
    assert named == {
        "anggaran": [("Bidang Anggaran", 2)],
        "bidang anggaran": [("Bidang Anggaran", 2)],
        "diknas": [("Dinas Pendidikan", 1)],
        "penataan": [("Dinas Pekerjaan Umum dan Penataan Ruang", 1)],
        "dinas": [(n, 1) for n in sorted(opd for opd in opds if opd.startswith("Dinas"))],
    }
    picked = within(r, "2:Bidang Anggaran")
    assert picked.match is not None and picked.match.jabatan_id == kabid["Bidang Anggaran"]
