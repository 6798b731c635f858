"""The assistant over a tiny corpus of our own (real loader, real BM25, real FAISS, hashing
encoder): explicit references, rule checks, status, markers, no-answer, JSON shape."""

from __future__ import annotations

from retrieval.regulations.answer import Intent
from retrieval.regulations.answerer import RegulationAnswerer

JSON_KEYS = [
    "regulation", "kind", "title", "pasal", "ayat", "huruf", "angka", "bagian", "status",
    "verification",
]  # fmt: skip


def test_explicit_reference_is_answered_directly(mini_assistant: RegulationAnswerer) -> None:
    answer = mini_assistant.ask("pp 11 2017 psl 239")
    assert answer.intent is Intent.regulasi
    assert [c.id for c in answer.citations] == ["pp-11-2017:pasal-239"]
    assert answer.provisions[0].line == "PP 11/2017 Pasal 239"


def test_reference_to_an_article_not_in_the_corpus_says_so(
    mini_assistant: RegulationAnswerer,
) -> None:
    answer = mini_assistant.ask("Pasal 999 PP 11/2017")
    assert "Pasal 999 PP 11/2017 tidak ada di basis pengetahuan" in answer.text
    assert all(c.pasal != "999" for c in answer.citations)
    assert answer.citations[0].id == "pp-11-2017"  # the regulation as a whole, not a guess


def test_unknown_regulation_is_not_found(mini_assistant: RegulationAnswerer) -> None:
    answer = mini_assistant.ask("apa isi PP 99/2031?")
    assert answer.intent is Intent.tidak_ditemukan
    assert "pp-99-2031" in answer.text and not answer.citations


def test_rule_check_answers_first_then_cites(mini_assistant: RegulationAnswerer) -> None:
    answer = mini_assistant.ask("min umur sy 57 msh bs ikut selter kadis gak?")
    assert answer.intent is Intent.cek_aturan
    assert answer.text.startswith("Tidak: batas usia JPT pratama 56 tahun; usia 57 sudah")
    # "Dasar aturannya" is exactly what the verdict rests on, not what search also found.
    assert [c.id for c in answer.citations] == ["pp-11-2017:pasal-107:huruf-c"]
    assert "\n2. " not in answer.text


def test_bup_verdict_cites_pasal_239_alone(mini_assistant: RegulationAnswerer) -> None:
    answer = mini_assistant.ask("kabid pensiun umur brp, dan kapan boleh mutasi?")
    assert answer.intent is Intent.cek_aturan
    assert [c.id for c in answer.citations] == ["pp-11-2017:pasal-239"]


def test_amended_regulation_says_so_and_secondary_is_marked(
    mini_assistant: RegulationAnswerer,
) -> None:
    answer = mini_assistant.ask("berapa BUP pejabat administrator?")
    cited = answer.provisions[0]
    assert cited.citation.id == "pp-11-2017:pasal-239"
    assert cited.status_note == "PP 11/2017 masih berlaku sebagaimana diubah dengan PP 17/2020."
    assert cited.marker == "(terverifikasi sekunder)"
    assert "PP 11/2017 Pasal 239 (terverifikasi sekunder)" in answer.text
    assert "Teks resmi PP 11/2017: Lembaran Negara 2017 No. 63; cari di JDIH" in answer.text
    assert "Basis pengetahuan Talenta per 15 Januari 2026" in answer.text


def test_replaced_regulation_points_to_the_current_one(
    mini_assistant: RegulationAnswerer,
) -> None:
    answer = mini_assistant.ask("Permenpan 40/2018")
    assert answer.citations[0].regulation == "permenpanrb-40-2018"
    assert "sudah diganti; yang berlaku: Permenpan RB 19/2025" in answer.text


def test_search_finds_the_provision(mini_assistant: RegulationAnswerer) -> None:
    answer = mini_assistant.ask("apa prinsip sistem merit?")
    assert answer.intent is Intent.regulasi
    assert answer.citations[0].id == "permenpanrb-19-2025:pasal-2"
    # A URL appears only where the corpus gives one.
    assert "https://jdih.kemenkoinfra.go.id/" in answer.text


def test_unrelated_question_is_not_answered(mini_assistant: RegulationAnswerer) -> None:
    answer = mini_assistant.ask("berapa uang makan PNS sehari?")
    assert answer.intent is Intent.tidak_ditemukan
    assert not answer.citations
    assert "tidak menemukan" in answer.text and "Pasal 107 PP 11/2017" in answer.text


def test_json_shape(mini_assistant: RegulationAnswerer) -> None:
    data = mini_assistant.ask("Pasal 107 PP 11/2017").to_json()
    assert list(data) == ["intent", "text", "citations"]
    assert data["intent"] == "regulasi"
    citation = data["citations"][0]
    assert list(citation) == JSON_KEYS
    assert citation["pasal"] == "107" and citation["huruf"] == "c"
    assert citation["bagian"] is None
    assert citation["verification"] == "verified" and citation["kind"] == "law"


def test_administrator_age_question_cites_the_requirement_list_and_pasal_239(
    mini_assistant: RegulationAnswerer,
) -> None:
    answer = mini_assistant.ask("batas usia maksimal untuk diangkat jadi administrator?")
    assert answer.intent is Intent.cek_aturan
    assert "tidak memuat batas usia pengangkatan" in answer.text
    assert [c.id for c in answer.citations] == ["pp-11-2017", "pp-11-2017:pasal-239"]
    assert "PP 11/2017 Pasal 239 (terverifikasi sekunder)" in answer.text
