"""Needs in everyday words read through the vocabulary of government work."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from knowledge.work_vocabulary import _informal_roots, fold, read_need, work_vocabulary
from retrieval.encoders.hashing import HashingEncoder
from retrieval.eval.needs_quality import evaluate_needs
from retrieval.settings import SearchSettings
from tests.retrieval.golden import PEGAWAI, SEED


def test_everyday_words_are_read_as_official_nomenclature():
    r = read_need("butuh orang yang paham tender dan audit")
    assert any("Pengadaan Barang/Jasa" in t for t in r.terms)
    assert r.readings and all(len(x) < 80 for x in r.readings)


def test_a_need_is_read_under_the_canonical_name_of_its_affair():
    # "tender" is one method of procurement: the reading names the affair itself.
    assert read_need("butuh orang yang ngerti tender").readings == [
        "Pengadaan Barang/Jasa Pemerintah"
    ]
    # "urusan pemerintahan bidang kesehatan" is shown as the field, readable on a phone.
    readings = read_need("paham urusan kesehatan masyarakat").readings
    assert readings and all(len(x) <= 60 and not x.lower().startswith("program ") for x in readings)


def test_words_match_whole_words_only():
    # "sd" (sekolah dasar) is not inside "sdm"; a word is not found inside a longer one.
    assert not any(
        e.id == "pengelolaan-pendidikan" for e in read_need("analis SDM aparatur").entries
    )
    assert any(e.id == "pengelolaan-pendidikan" for e in read_need("guru SD").entries)


def test_spelling_variants_are_one_word():
    assert fold("Pelindungan Masyarakat") == fold("perlindungan masyarakat")


def test_evaluation_reports_before_and_after(
    generated_data: tuple[Engine, Path], tmp_path: Path
) -> None:
    _engine, workdir = generated_data
    report = evaluate_needs(
        HashingEncoder(256),
        SearchSettings(index_dir=tmp_path / "unused"),
        workdir=workdir,
        pegawai=PEGAWAI,
        seed=SEED,
        dev=True,
    )
    assert report.needs == 84 and report.planted == 42
    # Records use official words only: the reading through the vocabulary must find more.
    assert report.after > report.before


def test_more_everyday_words_reach_their_affair():
    cases = {
        "siapa yang bisa kelola taman bacaan masyarakat": "perpustakaan",
        "butuh yang paham penyimpanan dokumen dinas": "kearsipan",
        "pegawai yang ngerti MPASI dan makanan bergizi": "stunting-gizi",
        "cari jubir untuk pemda": "informasi-komunikasi-publik",
        "yang aktif di FKUB": "kesejahteraan-rakyat",
        "sosialisasi bangga kencana": "pengendalian-penduduk-kb",
    }
    for need, entry in cases.items():
        assert entry in [e.id for e in read_need(need).entries], need
    # A word is still matched whole: "bukuan" is not "buku".
    assert "perpustakaan" not in [e.id for e in read_need("pembukuan kas").entries]


def _ids(need: str) -> list[str]:
    return [e.id for e in read_need(need).entries]


def test_verb_forms_reach_the_term_through_their_root():
    # Sastrawi stems: "tercemar" is "pencemaran", "mengawasi sekolah" is "pengawas sekolah".
    assert "pengendalian-pencemaran" in _ids("yang paham sungai tercemar")
    assert "pengawasan-sekolah" in _ids("orang yang biasa mengawasi sekolah")
    assert "keamanan-informasi-persandian" in _ids("server kami diretas")
    # A noun of the need does not reach another word of its root; a bare root is not its noun.
    assert "perpustakaan" not in _ids("pembukuan kas")
    assert "pasar-sarana-distribusi" not in _ids("ahli pemasaran")
    assert "perumahan" not in _ids("perawat rumah sakit")


def test_english_plurals_and_misspellings():
    assert "keamanan-informasi-persandian" in _ids("handling hackers")
    assert "stunting-gizi" in _ids("penanganan stuntng")
    assert "imunisasi" in _ids("jago imunisai balita")
    # An Indonesian word is never read as a misspelling: "sampai" is not "sampah".
    assert "persampahan" not in _ids("bisa kerja sampai malam")


def test_a_term_inside_a_longer_term_of_another_entry_does_not_count():
    ids = _ids("orang yang ngerti AMDAL dan limbah pabrik")
    assert ids[:2] == ["pengendalian-pencemaran", "perencanaan-lingkungan-amdal"]
    assert not {"perindustrian", "limbah-b3", "air-limbah-domestik"} & set(ids)
    assert "pemakaman-umum" not in _ids("pengelola taman makam pahlawan")
    assert "pemakaman-umum" in _ids("yang ngurus makam dan TPU")


def test_function_words_and_generic_words_read_nothing():
    assert _ids("yang bisa kerja di situ buat orang") == []
    generic = {"orang", "kerja", "urus", "data", "di", "situ", "pegawai", "asn", "pns", "izin"}
    for entry in work_vocabulary():
        for term in (*entry.everyday, *entry.official):
            assert fold(term) not in generic, (entry.id, term)


def test_everyday_words_across_affairs():
    cases = {
        "yang ngerti e-learning dan LMS": "teknologi-pembelajaran",
        "butuh orang buat uji kelaikan truk": "pengujian-kendaraan-bermotor",
        "siapa yang bisa atasi penyelewengan dana": "audit-investigatif",
        "yang paham kuburan dan TPU": "pemakaman-umum",
        "orang yang paham tengkes": "stunting-gizi",
        "butuh yang ngerti pemutusan hubungan kerja": "hubungan-industrial",
        "pawang server yang kena hack": "keamanan-informasi-persandian",
        "yang ngurus pedagang kaki lima": "ketertiban-umum",
    }
    for need, entry in cases.items():
        assert entry in _ids(need), need


def test_colloquial_verbs_reach_their_root():
    # Sastrawi knows only the formal affixes; the nasal prefix and "-in" of everyday speech are
    # undone when the root is in its dictionary.
    assert "ketertiban-umum" in _ids("yang bisa nertibin pedagang")
    assert "pengawasan-sekolah" in _ids("orang yang bisa ngebina guru SD")
    assert "metrologi-perlindungan-konsumen" in _ids("orang yang ngawasi timbangan")
    # A formal word is left to the stemmer: "makanan" is not "pakan", "mengurus" not "pengurus".
    assert _informal_roots("makanan") == () and _informal_roots("mengurus") == ()
    assert _informal_roots("nertibin") == ("tertib",)


def test_a_word_as_written_beats_a_form_of_another_entrys_word():
    # "ngaji" (reciting the Quran) could be a colloquial "kaji" (of "kajian"): the entry that has
    # the word as written wins the span.
    ids = _ids("yang bisa ngajarin ngaji")
    assert "kesejahteraan-rakyat" in ids and "analisis-kebijakan" not in ids
    # "bendungan" is a dam (water resources), not "bendung" of irrigation reached by its root.
    assert "irigasi" not in _ids("yang ngerti bendungan")
