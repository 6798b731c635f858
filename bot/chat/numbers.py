"""A number picked by a short typed reply: "2", "nomor 2", "pilih nomor 2", "yang kedua"."""

from __future__ import annotations

import re

ORDINALS = {
    "pertama": 1,
    "kesatu": 1,
    "satu": 1,
    "kedua": 2,
    "dua": 2,
    "ketiga": 3,
    "tiga": 3,
    "keempat": 4,
    "empat": 4,
    "kelima": 5,
    "lima": 5,
    "keenam": 6,
    "enam": 6,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
}
# Words that may stand before the number ("nomor", "yang", "kandidat"), any of them, any order.
NUMBER = (
    r"(?:(?:no|nomor|nmr|#|yang|yg|kandidat|peringkat|urutan|ranking|rank|tombol)\s*)*"
    r"(\d{1,3}|" + "|".join(ORDINALS) + r")"
)
_PICKED = re.compile(r"(?:saya\s+)?(?:pilih|ambil|choose|pick)?\s*" + NUMBER)


def normalised(text: str) -> str:
    """Lower case, punctuation as spaces, "no.2" / "nomor2" split."""
    bare = re.sub(r"[?!.,;:()\"']+", " ", text.lower())
    bare = re.sub(r"\b(no|nomor|nmr)(?=\d)", r"\1 ", bare)
    return " ".join(bare.split())


def as_number(word: str) -> int:
    return int(word) if word.isdigit() else ORDINALS[word]


def picked_number(text: str) -> int | None:
    """The number a reply that is nothing but a pick names, or ``None``."""
    found = _PICKED.fullmatch(normalised(text))
    return as_number(found.group(1)) if found else None
