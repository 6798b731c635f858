from __future__ import annotations

import pytest

from retrieval.regulations.references import ExplicitReference, parse_reference


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Pasal 107 PP 11/2017", ExplicitReference("pp-11-2017", pasal="107")),
        ("pp 11 2017 psl 239", ExplicitReference("pp-11-2017", pasal="239")),
        ("Permenpan 3/2020", ExplicitReference("permenpanrb-3-2020")),
        ("UU 20/2023 pasal 13", ExplicitReference("uu-20-2023", pasal="13")),
        ("PP 17 tahun 2020", ExplicitReference("pp-17-2020")),
        (
            "apa isi pasal 107 huruf c pp 11/2017?",
            ExplicitReference("pp-11-2017", "107", huruf="c"),
        ),
        ("UU No. 20 Tahun 2023 pasal 46 ayat (2)", ExplicitReference("uu-20-2023", "46", ayat="2")),
        ("Permenpan RB Nomor 19 Tahun 2025", ExplicitReference("permenpanrb-19-2025")),
        ("peraturan bkn 26/2019 pasal 2", ExplicitReference("perban-bkn-26-2019", pasal="2")),
        (
            "lampiran pergub jambi 17/2023",
            ExplicitReference("pergub-jambi-17-2023", bagian="lampiran"),
        ),
        ("Perpres 91 2024", ExplicitReference("perpres-91-2024")),
    ],
)
def test_references_are_parsed(question: str, expected: ExplicitReference) -> None:
    assert parse_reference(question) == expected


@pytest.mark.parametrize(
    "question", ["umur 57 bisa jadi kadis?", "berapa BUP pejabat administrator?", "pasal berapa?"]
)
def test_questions_without_a_regulation_have_no_reference(question: str) -> None:
    assert parse_reference(question) is None
