"""What a composed answer lists: retrieved answers keep only provisions on the subject of the
best one (real corpus files)."""

from __future__ import annotations

import pytest

from knowledge.corpus import Corpus, load_corpus
from retrieval.regulations.answer import Intent
from retrieval.regulations.compose import cite, compose_answer


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def test_a_retrieved_answer_drops_provisions_on_another_subject(corpus: Corpus) -> None:
    # Training hours: the data-breach article is off the subject; UU 20/2023 speaks of
    # competency development too.
    found = ["pp-11-2017:pasal-203:ayat-4", "uu-27-2022:pasal-46", "uu-20-2023"]
    answer = compose_answer(corpus, [cite(corpus, pid) for pid in found])
    assert answer.intent is Intent.regulasi
    assert [c.id for c in answer.citations] == ["pp-11-2017:pasal-203:ayat-4", "uu-20-2023"]
    assert "UU 27/2022" not in answer.text


def test_the_articles_of_one_pasal_stay_together(corpus: Corpus) -> None:
    found = ["pp-11-2017:pasal-3:ayat-1", "pp-11-2017:pasal-3:ayat-2", "pp-11-2017:pasal-3:ayat-7"]
    answer = compose_answer(corpus, [cite(corpus, pid) for pid in found])
    assert [c.id for c in answer.citations] == found


def test_a_verdict_and_an_overview_list_what_they_are_given(corpus: Corpus) -> None:
    given = ["pp-11-2017:pasal-239", "uu-27-2022:pasal-46"]
    cited = [cite(corpus, pid) for pid in given]
    verdict = compose_answer(corpus, cited, verdict="BUP jabatan administrator: 58 tahun.")
    overview = compose_answer(corpus, cited, lead="Yang tersedia:")
    assert [c.id for c in verdict.citations] == given
    assert [c.id for c in overview.citations] == given
    assert verdict.text.startswith("BUP jabatan administrator: 58 tahun.\n\nDasar aturannya:")


def test_an_answer_says_when_a_regulation_status_is_unverified(corpus: Corpus) -> None:
    answer = compose_answer(corpus, [cite(corpus, "pp-100-2000:pasal-5")])
    assert "Status: PP 100/2000 masih berlaku (statusnya belum terverifikasi)." in (answer.text)
    assert "belum terverifikasi" in answer.citations[0].status


def test_every_answer_that_cites_keeps_the_official_text_footer(corpus: Corpus) -> None:
    cited = [cite(corpus, "permenpanrb-19-2025:pasal-2"), cite(corpus, "pp-11-2017:pasal-239")]
    for answer in (
        compose_answer(corpus, cited),
        compose_answer(corpus, cited, verdict="BUP jabatan administrator: 58 tahun."),
        compose_answer(corpus, cited, lead="Yang tersedia:"),
    ):
        assert answer.text.endswith("untuk keperluan hukum, cocokkan dengan teks resmi.")
    # The one link shown is the address the fact sheet records, copied, not built.
    text = compose_answer(corpus, cited[:1]).text
    assert (
        "(https://jdih.kemenkoinfra.go.id/permenpanrb-192025-penyelenggaraan-sistem-merit-" in text
    )
    assert "Teks resmi PP 11/2017: Lembaran Negara Tahun 2017 Nomor 63" in (
        compose_answer(corpus, cited[1:]).text
    )


def test_the_best_provision_keeps_the_sentence_with_the_figure(corpus: Corpus) -> None:
    # Pasal 190's summary names the period in its second sentence, past the first 260
    # characters: the best provision is not cut before it, a later one is cut at a sentence.
    found = ["pp-11-2017:pasal-190", "pp-11-2017:pasal-107:huruf-c"]
    best_first = compose_answer(corpus, [cite(corpus, pid) for pid in found], lead="Ada:")
    assert "paling singkat 2 tahun dan paling lama 5 tahun" in best_first.text
    second = compose_answer(corpus, [cite(corpus, pid) for pid in reversed(found)], lead="Ada:")
    block = second.text.split("\n\n2. ")[1]
    assert "paling singkat 2 tahun" not in block
    assert "luar negeri. …" in block  # cut after a whole sentence, marked


def test_the_best_provision_shows_both_kinds_of_a_shared_summary(corpus: Corpus) -> None:
    # Tried as HR: "golongan III/b bisa jadi kasi?" showed the administrator's requirements
    # and cut the pengawas' ones (a Kasi is a pengawas), which come later in the same summary.
    best = next(p for p in corpus.provisions() if p.summary.startswith("Persyaratan jabatan adm"))
    answer = compose_answer(corpus, [cite(corpus, best.id)], lead="Ada:")
    assert (
        "Untuk jabatan pengawas" in answer.text and "4 tahun pada jabatan pelaksana" in answer.text
    )
