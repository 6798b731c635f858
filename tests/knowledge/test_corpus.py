"""Schema check of the regulation corpus (the real files in knowledge/regulations/)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from knowledge.citations import Bagian, Kind, ProvisionRef, Verification
from knowledge.corpus import DEFAULT_DIR, Corpus, CorpusError, load_corpus
from knowledge.corpus_schema import MAX_SUMMARY_CHARS, MAX_WHOLE_SUMMARY_CHARS, RecordKind
from knowledge.fact_sheet import fact_sheet

REGULATION_IDS = [
    "uu-20-2023",
    "uu-5-2014",
    "pp-11-2017",
    "pp-17-2020",
    "permenpanrb-3-2020",
    "permenpanrb-20-2025",
    "permenpanrb-40-2018",
    "permenpanrb-19-2025",
    "permenpanrb-38-2017",
    "perban-bkn-26-2019",
    "perban-bkn-5-2019",
    "permenpanrb-6-2022",
    "permenpanrb-15-2019",
    "uu-27-2022",
    "perpres-91-2024",
    "perpres-92-2024",
    "pp-49-2018",
    "pp-100-2000",
    "peraturan-brin-3-2023",
    "pergub-jambi-17-2023",
    "pergub-jambi-18-2023",
    "jpm-skema-uji-kompetensi-jf",  # a 2020 regulation on one JF, name and number not recorded
]
SOURCE_IDS = [
    "bkn-siasn-jf",
    "jurnal-bkn-pemetaan-talenta",
    "ninebox-praktik",
    "kepka-bkn-411-2025",
    "se-menpanrb-10-2021",
    "kebijakan-talenta",
]
# Provisions the merit rules and the answers cite (issue 3 and 4).
REQUIRED_PROVISIONS = [
    "pp-11-2017:pasal-107:huruf-a",
    "pp-11-2017:pasal-107:huruf-b",
    "pp-11-2017:pasal-107:huruf-c",
    "pp-11-2017:pasal-107:ayat-2",
    "pp-11-2017:pasal-105",
    "pp-11-2017:pasal-239",
    "pp-11-2017:pasal-199",
    "pp-11-2017:pasal-200",
    "pp-11-2017:pasal-203:ayat-4",
    "pp-11-2017:pasal-190",
    "pp-11-2017:pasal-198",
    "pp-11-2017",
    "permenpanrb-3-2020",
    "permenpanrb-38-2017",
    "permenpanrb-6-2022",
    "perban-bkn-26-2019",
    "peraturan-brin-3-2023:pasal-33",
    "bkn-siasn-jf",
    "ninebox-praktik",
    "jpm-skema-uji-kompetensi-jf",
    "kebijakan-talenta",
    "uu-20-2023:penjelasan",
    "uu-27-2022:pasal-32",
    "uu-27-2022:pasal-10",
    "uu-27-2022:pasal-20:ayat-2:huruf-c",
    "uu-27-2022:pasal-20:ayat-2:huruf-e",
    "uu-27-2022:pasal-46",
]
# The only official links the fact sheet gives. Anything else in the corpus is a guessed URL.
ALLOWED_URLS = fact_sheet().official_urls
_URL = re.compile(r"https?://[^\s'\"]+")
_DOMAIN = re.compile(r"\b(?:[a-z0-9-]+\.)+(?:id|com|net|org|info)\b", re.IGNORECASE)


def _is_sentence(text: str) -> bool:
    """At least one full sentence: starts with a capital or digit, has words, ends with a stop."""
    return (
        (text[:1].isupper() or text[:1].isdigit())
        and len(text.split()) >= 5
        and (text.rstrip().endswith((".", "!", "?")))
    )


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def _copy_corpus(tmp_path: Path) -> Path:
    target = tmp_path / "regulations"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_file_loads_and_every_listed_id_exists(corpus: Corpus) -> None:
    files = sorted(p.stem for p in DEFAULT_DIR.glob("*.yaml"))
    assert [r.id for r in corpus.regulations()] == files
    for rid in REGULATION_IDS:
        assert corpus.regulation(rid).kind is RecordKind.regulation, rid
    for sid in SOURCE_IDS:
        assert corpus.regulation(sid).kind is RecordKind.source, sid


@pytest.mark.parametrize("provision_id", REQUIRED_PROVISIONS)
def test_required_provision_exists_with_real_content(corpus: Corpus, provision_id: str) -> None:
    assert corpus.has(provision_id)
    prov = corpus.provision(provision_id)
    assert prov.id == provision_id
    assert _is_sentence(prov.summary)
    cit = corpus.citation(provision_id)
    assert cit.id == provision_id
    assert cit.title == corpus.regulation(prov.regulation).title


def test_every_provision_is_complete(corpus: Corpus) -> None:
    for prov in corpus.provisions():
        assert _is_sentence(prov.summary), prov.id
        assert prov.terms and all(t.strip() for t in prov.terms), prov.id
        assert prov.topics, prov.id
        assert isinstance(prov.verification, Verification), prov.id
        assert isinstance(prov.kind, Kind), prov.id
        limit = MAX_WHOLE_SUMMARY_CHARS if prov.is_whole else MAX_SUMMARY_CHARS
        if prov.ref.bagian is not None:
            limit = MAX_WHOLE_SUMMARY_CHARS
        assert len(prov.summary) <= limit, (prov.id, len(prov.summary))
        # The id is canonical: parsing and re-rendering gives it back.
        assert ProvisionRef.parse(prov.id).id == prov.id


def test_provision_ids_are_unique_across_files() -> None:
    seen: dict[str, str] = {}
    for path in sorted(DEFAULT_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in data["provisions"]:
            pid = data["id"] if key == "seluruh" else f"{data['id']}:{key}"
            assert pid not in seen, f"{pid} in {path.name} and {seen[pid]}"
            seen[pid] = path.name
    assert len(seen) == len(load_corpus().provisions())


def test_cross_references_resolve_and_are_reciprocal(corpus: Corpus) -> None:
    back = {
        "amended_by": "amends",
        "amends": "amended_by",
        "revoked_by": "revokes",
        "revokes": "revoked_by",
        "replaced_by": "replaces",
        "replaces": "replaced_by",
    }
    links = 0
    for reg in corpus.regulations():
        for field, target in reg.status.references():
            other = getattr(corpus.regulation(target).status, back[field])
            assert reg.id in (other if isinstance(other, tuple) else (other,)), (reg.id, field)
            links += 1
    assert links >= 8  # 11/2017<->17/2020, 3/2020<->20/2025, 5/2014<->20/2023, 40/2018<->19/2025


def test_only_official_links_from_the_fact_sheet() -> None:
    found_urls: set[str] = set()
    for path in DEFAULT_DIR.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        urls = set(_URL.findall(text))
        assert urls <= ALLOWED_URLS, f"{path.name}: URL di luar daftar resmi: {urls - ALLOWED_URLS}"
        found_urls |= urls
        rest = _URL.sub("", text)
        assert not _DOMAIN.findall(rest), (
            f"{path.name}: alamat web tanpa URL: {_DOMAIN.findall(rest)}"
        )
    assert found_urls == ALLOWED_URLS


def test_a_link_the_fact_sheet_does_not_record_is_refused(tmp_path: Path) -> None:
    folder = _copy_corpus(tmp_path)
    _edit(
        folder / "pp-11-2017.yaml",
        "official_text:\n",
        "official_text:\n  url: https://peraturan.go.id/id/pp-no-11-tahun-2017\n",
    )
    with pytest.raises(CorpusError, match=r"pp-11-2017\.yaml: official_text\.url .*lembar fakta"):
        load_corpus(folder)


def test_regulations_without_official_link_name_gazette_and_jdih(corpus: Corpus) -> None:
    for reg in corpus.regulations(RecordKind.regulation):
        if reg.official_text.url is None:
            assert "JDIH" in reg.official_text.where, reg.id
        if reg.gazette:
            assert reg.gazette.split(",")[0].split()[-1] in reg.official_text.where, reg.id


def test_status_lines_and_current_versions(corpus: Corpus) -> None:
    assert "diubah dengan PP 17/2020" in corpus.citation("pp-11-2017:pasal-107:huruf-c").status
    assert "dicabut oleh UU 20/2023" in corpus.citation("uu-5-2014:pasal-1:angka-22").status
    assert "diganti oleh Permenpan RB 19/2025" in corpus.status_line("permenpanrb-40-2018")
    assert corpus.status_line("kebijakan-talenta").startswith("bukan peraturan")

    old = corpus.current_version("permenpanrb-40-2018")
    assert old.current.id == "permenpanrb-19-2025" and old.changed
    assert "yang berlaku: Permenpan RB 19/2025" in old.line()
    amended = corpus.current_version("permenpanrb-3-2020")
    assert amended.current.id == "permenpanrb-3-2020"
    assert [r.id for r in amended.read_with] == ["permenpanrb-20-2025"]
    assert not corpus.current_version("uu-20-2023").changed
    assert corpus.current_to == min(r.status.as_of for r in corpus.regulations())


def test_an_unverified_status_is_said_wherever_it_is_printed(corpus: Corpus) -> None:
    # (answers: tests/retrieval/regulations/test_compose.py; `knowledge list`: test_ingest.py)
    assert corpus.regulation("pp-100-2000").status.label() == "berlaku (belum terverifikasi)"
    assert corpus.status_line("pp-100-2000") == (
        "berlaku (status per 12 Februari 2026, belum terverifikasi)"
    )
    assert corpus.citation("pp-100-2000:pasal-5").status == corpus.status_line("pp-100-2000")
    assert corpus.current_version("pp-100-2000").line() == (
        "PP 100/2000 masih berlaku (statusnya belum terverifikasi)."
    )
    # A confirmed status says nothing extra.
    assert corpus.regulation("pp-11-2017").status.label() == "diubah"
    assert "belum terverifikasi" not in corpus.current_version("pp-11-2017").line()


def test_jpm_is_defined_by_the_jf_regulation_not_by_peraturan_bkn_26_2019(
    corpus: Corpus,
) -> None:
    scheme = corpus.regulation("jpm-skema-uji-kompetensi-jf")
    assert scheme.kind is RecordKind.regulation and scheme.year == 2020 and scheme.number is None
    assert "bukan peraturan" not in corpus.status_line(scheme.id)
    assert "belum terverifikasi" in corpus.status_line(scheme.id)
    definition = corpus.provision("jpm-skema-uji-kompetensi-jf").summary
    assert definition.startswith("Job Person Match (JPM) adalah perbandingan")
    bkn = corpus.provision("perban-bkn-26-2019")
    assert "JPM" not in bkn.summary and "jpm" not in bkn.topics
    assert not any("job person" in t.lower() or t == "JPM" for t in bkn.terms)


def test_the_two_talenta_definitions_stay_apart_with_their_sources(corpus: Corpus) -> None:
    # A derivative ministry regulation (secondary): entry into the succession-plan group.
    mt = corpus.provision("permenpanrb-3-2020")
    assert "(Permen KKP 21/2022), talenta adalah ASN yang memenuhi persyaratan" in mt.summary
    assert "ekspektasi" not in mt.summary and mt.verification is Verification.secondary
    # A BKN journal article (read on the page, a reading of the rule, not the rule).
    journal = corpus.provision("jurnal-bkn-pemetaan-talenta")
    assert "di atas ekspektasi" in journal.summary and "rencana suksesi" not in journal.summary
    assert corpus.regulation(journal.regulation).kind is RecordKind.source
    assert journal.kind is Kind.policy and journal.verification is Verification.verified


def test_no_page_of_an_unofficial_copy_and_saat_pelantikan_only_for_jpt_madya(
    corpus: Corpus,
) -> None:
    page = re.compile(r"\b(?:halaman|hlm\.?|page)\s*\d", re.IGNORECASE)
    for reg in corpus.regulations():
        texts = [reg.status.note or "", reg.official_text.where]
        for p in reg.provisions:
            texts += [p.summary, p.note or "", p.amended_note or ""]
            if "saat pelantikan" in p.summary:
                assert p.id == "pp-11-2017:pasal-107:huruf-b", p.id  # its secondary source
        assert not any(page.search(t) for t in texts), reg.id


def test_a_regulation_must_say_its_number_is_not_recorded(tmp_path: Path) -> None:
    folder = _copy_corpus(tmp_path)
    _edit(folder / "jpm-skema-uji-kompetensi-jf.yaml", "number: null\n", "")
    with pytest.raises(CorpusError, match="number \\(null bila tidak tercatat\\)"):
        load_corpus(folder)


def test_citation_shape_for_whole_regulation_and_bagian(corpus: Corpus) -> None:
    whole = corpus.citation("pp-11-2017")
    assert whole.pasal is None and whole.ayat is None and whole.bagian is None
    assert whole.kind is Kind.law and whole.verification is Verification.verified
    pen = corpus.citation("uu-20-2023:penjelasan")
    assert pen.bagian is Bagian.penjelasan and pen.pasal is None
    huruf = corpus.citation("uu-27-2022:pasal-20:ayat-2:huruf-e")
    assert (huruf.pasal, huruf.ayat, huruf.huruf) == ("20", "2", "e")


def test_verification_and_kind_follow_the_fact_sheet(corpus: Corpus) -> None:
    v = {p.id: p.verification for p in corpus.provisions()}
    assert v["pp-11-2017:pasal-107:huruf-c"] is Verification.verified
    assert v["pp-11-2017:pasal-107:huruf-b"] is Verification.secondary
    assert v["pp-11-2017:pasal-239"] is Verification.secondary
    assert v["pp-11-2017:pasal-203:ayat-4"] is Verification.secondary
    assert v["bkn-siasn-jf"] is Verification.secondary
    assert v["ninebox-praktik"] is Verification.unverified
    assert corpus.provision("peraturan-brin-3-2023:pasal-33").kind is Kind.policy
    for sid in SOURCE_IDS:
        for prov in corpus.provisions(sid):
            assert prov.kind is Kind.policy, prov.id
    for prov in corpus.provisions("kebijakan-talenta"):
        assert prov.verification is Verification.unverified
        assert "kebijakan instansi" in prov.summary and "bukan" in prov.summary, prov.id
    for prov in corpus.provisions("ninebox-praktik"):
        assert prov.verification is Verification.unverified


def test_amendments_are_noted(corpus: Corpus) -> None:
    assert "PP 17/2020" in (corpus.provision("pp-11-2017:pasal-3:ayat-7").amended_note or "")
    for huruf in "abc":
        note = corpus.provision(f"pp-11-2017:pasal-107:huruf-{huruf}").amended_note
        assert note and "PP 17/2020" in note


def test_missing_field_names_file_and_field(tmp_path: Path) -> None:
    folder = _copy_corpus(tmp_path)
    _edit(folder / "pp-49-2018.yaml", "    verification: verified\n", "")
    with pytest.raises(CorpusError, match=r"pp-49-2018\.yaml: provisions\.seluruh\.verification"):
        load_corpus(folder)


def test_summary_without_a_sentence_is_refused(tmp_path: Path) -> None:
    folder = _copy_corpus(tmp_path)
    path = folder / "perban-bkn-26-2019.yaml"
    _edit(
        path,
        "Tujuan peraturan ini adalah menjamin mutu penyelenggaraan penilaian kompetensi PNS.",
        "mutu penilaian kompetensi PNS dan lain lain",
    )
    with pytest.raises(
        CorpusError, match=r"perban-bkn-26-2019\.yaml: provisions\.pasal-2\.summary"
    ):
        load_corpus(folder)


def test_unresolved_and_one_sided_links_are_refused(tmp_path: Path) -> None:
    folder = _copy_corpus(tmp_path)
    (folder / "pp-17-2020.yaml").unlink()
    with pytest.raises(CorpusError, match=r"pp-11-2017\.yaml: status\.amended_by: 'pp-17-2020'"):
        load_corpus(folder)

    folder = _copy_corpus(tmp_path / "b")
    _edit(folder / "uu-20-2023.yaml", "  revokes: [uu-5-2014]\n", "")
    with pytest.raises(CorpusError, match=r"uu-5-2014\.yaml: status\.revoked_by.*revokes"):
        load_corpus(folder)


def test_duplicate_keys_and_bad_ids_are_refused(tmp_path: Path) -> None:
    folder = _copy_corpus(tmp_path)
    path = folder / "pp-49-2018.yaml"
    text = path.read_text(encoding="utf-8")
    block = text[text.index("  seluruh:") :]
    path.write_text(text + block, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"pp-49-2018\.yaml: kunci ganda 'seluruh'"):
        load_corpus(folder)

    folder = _copy_corpus(tmp_path / "b")
    _edit(folder / "pp-100-2000.yaml", "  pasal-5:", "  pasal 5:")
    with pytest.raises(CorpusError, match=r"pp-100-2000\.yaml: provisions\.pasal 5"):
        load_corpus(folder)

    folder = _copy_corpus(tmp_path / "c")
    _edit(folder / "pp-100-2000.yaml", "  pasal-5:", "  huruf-a:pasal-5:")
    with pytest.raises(CorpusError, match=r"bentuk baku id adalah 'pp-100-2000:pasal-5:huruf-a'"):
        load_corpus(folder)

    folder = _copy_corpus(tmp_path / "d")
    _edit(folder / "pp-49-2018.yaml", "id: pp-49-2018", "id: pp-49-2019")
    with pytest.raises(CorpusError, match=r"pp-49-2018\.yaml: id 'pp-49-2019'"):
        load_corpus(folder)


def test_overlong_article_summary_is_refused(tmp_path: Path) -> None:
    folder = _copy_corpus(tmp_path)
    long = "Kalimat ringkasan yang terlalu panjang untuk sebuah pasal. " * 12
    _edit(
        folder / "perban-bkn-26-2019.yaml",
        "summary: Tujuan peraturan ini adalah",
        f"summary: {long.strip()} Tujuan peraturan ini adalah",
    )
    with pytest.raises(CorpusError, match=r"provisions\.pasal-2\.summary: lebih dari 600"):
        load_corpus(folder)


def test_unknown_lookups_raise_key_error(corpus: Corpus) -> None:
    assert not corpus.has("pp-11-2017:pasal-999")
    with pytest.raises(KeyError, match="pasal-999"):
        corpus.provision("pp-11-2017:pasal-999")
    with pytest.raises(KeyError, match="uu-1-1900"):
        corpus.regulation("uu-1-1900")


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="tidak ada berkas regulasi"):
        load_corpus(tmp_path)


def _set_english(folder: Path, text: str) -> None:
    path = folder / "perban-bkn-26-2019.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["provisions"]["pasal-2"]["summary_en"] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_an_english_summary_is_checked_like_the_indonesian_one(tmp_path: Path) -> None:
    folder = _copy_corpus(tmp_path)
    _set_english(folder, "quality of competency assessment and so on")
    with pytest.raises(
        CorpusError, match=r"perban-bkn-26-2019\.yaml: provisions\.pasal-2\.summary_en"
    ):
        load_corpus(folder)
    folder = _copy_corpus(tmp_path / "long")
    _set_english(folder, "The aim is to assure the quality of competency assessment. " * 11)
    with pytest.raises(CorpusError, match=r"provisions\.pasal-2\.summary_en: lebih dari 600"):
        load_corpus(folder)
    folder = _copy_corpus(tmp_path / "good")
    _set_english(folder, "The aim is to assure the quality of civil servant competency assessment.")
    provision = load_corpus(folder).provision("perban-bkn-26-2019:pasal-2")
    assert provision.summary_en is not None and provision.summary_en.startswith("The aim")
    assert provision.summary.startswith("Tujuan")  # users still read the Indonesian one
