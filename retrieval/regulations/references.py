"""Explicit references in a question: "Pasal 107 PP 11/2017", "pp 11 2017 psl 239",
"Permenpan 3/2020", "UU 20/2023 pasal 13", "PP 17 tahun 2020" → regulation id + address."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Spoken/written names of regulation types → the id prefix used by the corpus.
_TYPES: tuple[tuple[str, str], ...] = (
    (
        r"permen\s*pan\s*-?\s*rb|permenpan\s*-?\s*rb|permenpanrb|permenpan|permen\s*panrb"
        r"|peraturan\s+menteri\s+(?:pan\s*-?\s*rb|pendayagunaan\s+aparatur\s+negara"
        r"(?:\s+dan\s+reformasi\s+birokrasi)?)",
        "permenpanrb",
    ),
    (
        r"perban\s*bkn|perbkn|peraturan\s+(?:badan\s+)?(?:bkn|badan\s+kepegawaian\s+negara)"
        r"|perka\s*bkn|peraturan\s+kepala\s+bkn",
        "perban-bkn",
    ),
    (r"peraturan\s+brin|perbrin|perban\s*brin", "peraturan-brin"),
    (r"pergub(?:\s+jambi)?|peraturan\s+gubernur(?:\s+jambi)?", "pergub-jambi"),
    (r"perpres|peraturan\s+presiden", "perpres"),
    (r"pp|peraturan\s+pemerintah", "pp"),
    (r"uu|undang\s*-?\s*undang", "uu"),
)
_TYPE_RE = "|".join(f"(?P<t{i}>{pattern})" for i, (pattern, _) in enumerate(_TYPES))
_NUMBER_YEAR = (
    r"(?:no(?:mor)?\.?\s*)?(?P<number>\d{1,4})\s*(?:/|\s+tahun\s+|\s+thn\.?\s+|\s+th\.?\s+|\s+)"
    r"(?P<year>(?:19|20)\d{2})\b"
)
_REGULATION = re.compile(rf"\b(?:{_TYPE_RE})\.?\s*{_NUMBER_YEAR}", re.IGNORECASE)
_PASAL = re.compile(r"\b(?:pasal|psl|ps)\.?\s*(?P<pasal>\d{1,4}[a-z]?)\b", re.IGNORECASE)
_AYAT = re.compile(r"\bayat\s*\(?\s*(?P<ayat>\d{1,3})\s*\)?", re.IGNORECASE)
_HURUF = re.compile(r"\b(?:huruf|hrf)\.?\s*(?P<huruf>[a-z])\b", re.IGNORECASE)
_ANGKA = re.compile(r"\bangka\s*(?P<angka>\d{1,3})\b", re.IGNORECASE)
_BAGIAN = re.compile(r"\b(?P<bagian>lampiran|penjelasan)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ExplicitReference:
    regulation: str  # corpus id, e.g. "pp-11-2017"
    pasal: str | None = None
    ayat: str | None = None
    huruf: str | None = None
    angka: str | None = None
    bagian: str | None = None

    @property
    def is_article(self) -> bool:
        return self.pasal is not None or self.bagian is not None


def parse_reference(question: str) -> ExplicitReference | None:
    """The first regulation named in ``question`` with the article address around it."""
    m = _REGULATION.search(question)
    if m is None:
        return None
    prefix = next(_TYPES[i][1] for i in range(len(_TYPES)) if m.group(f"t{i}"))
    regulation = f"{prefix}-{int(m.group('number'))}-{m.group('year')}"
    # The address may come before ("Pasal 107 PP 11/2017") or after ("pp 11 2017 psl 239") the
    # regulation; search the question with the regulation's own number removed.
    rest = question[: m.start()] + " " + question[m.end() :]
    pasal = _PASAL.search(rest)
    ayat = _AYAT.search(rest)
    huruf = _HURUF.search(rest)
    angka = _ANGKA.search(rest)
    bagian = _BAGIAN.search(rest)
    return ExplicitReference(
        regulation=regulation,
        pasal=pasal.group("pasal").lower() if pasal else None,
        ayat=ayat.group("ayat") if ayat else None,
        huruf=huruf.group("huruf").lower() if huruf else None,
        angka=angka.group("angka") if angka else None,
        bagian=bagian.group("bagian").lower() if bagian else None,
    )
