"""Everyday words of government work → the official nomenclature records use
(``vocabularies/government-work.yaml``; each entry with its source and verification level).

:func:`read_need` finds the everyday terms a need contains — on word boundaries, so "SD" is not
found inside "SDM" and "pegawai" not inside "kepegawaian" — with spelling variants folded
(Perlindungan/Pelindungan), and returns the official terms to add and how the need was read
("dibaca sebagai: pengadaan barang/jasa").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

FILE = Path(__file__).resolve().parent / "vocabularies" / "government-work.yaml"
# Spelling variants found in the nomenclature itself (the vocabulary's header): one form each.
VARIANTS = {"pelindungan": "perlindungan", "ketentraman": "ketenteraman"}
_WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class WorkEntry:
    id: str
    official: tuple[str, ...]
    everyday: tuple[str, ...]
    verification: str


@dataclass(frozen=True)
class NeedReading:
    """What a need was read as: the entries it matched and the official words to search."""

    entries: tuple[WorkEntry, ...]
    terms: tuple[str, ...]  # official terms added to the need

    @property
    def readings(self) -> list[str]:
        """One official name per matched entry, for "dibaca sebagai: …" (:func:`reading_name`)."""
        return [reading_name(e) for e in self.entries]


READING_MAX = 60  # characters: read on a phone
_LEADS = ("urusan pemerintahan ", "program ")


def reading_name(entry: WorkEntry) -> str:
    """The entry's name as a reader sees it: its first official term (the canonical one, as
    the nomenclature names it) without a leading "Program"/"urusan pemerintahan"; when that is
    longer than :data:`READING_MAX`, the first official term that fits. Never a narrower term
    just because it is short ("Tender" is one method of pengadaan, not its name)."""

    def trimmed(term: str) -> str:
        low = term.lower()
        for lead in _LEADS:
            if low.startswith(lead):
                return term[len(lead) :]
        return term

    names = [(n := trimmed(t))[:1].upper() + n[1:] for t in entry.official]
    return next((n for n in names if len(n) <= READING_MAX), names[0])


def fold(text: str) -> str:
    """Lower-case words joined by single spaces, spelling variants folded."""
    return " ".join(VARIANTS.get(w, w) for w in _WORD.findall(text.lower()))


@cache
def work_vocabulary(path: Path = FILE) -> tuple[WorkEntry, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        WorkEntry(
            e["id"],
            tuple(e["official"]),
            tuple(e.get("everyday") or ()),
            str(e.get("verification", "unverified")),
        )
        for e in data
    )


@cache
def _patterns() -> tuple[tuple[WorkEntry, tuple[str, ...]], ...]:
    """Each entry with its everyday terms (and official ones: a need may use them) folded."""
    return tuple(
        (e, tuple(dict.fromkeys(f for t in (*e.everyday, *e.official) if (f := fold(t)))))
        for e in work_vocabulary()
    )


def read_need(text: str, *, limit: int = 4) -> NeedReading:
    """The entries whose everyday (or official) terms occur in ``text`` as whole words; the
    entries with the longest matched term first, at most ``limit``."""
    need = f" {fold(text)} "
    hits: list[tuple[int, int, WorkEntry]] = []
    for order, (entry, terms) in enumerate(_patterns()):
        found = [t for t in terms if f" {t} " in need]
        if found:
            hits.append((-max(len(t) for t in found), order, entry))
    hits.sort(key=lambda h: (h[0], h[1]))
    entries = tuple(e for _, _, e in hits[:limit])
    terms = tuple(dict.fromkeys(t for e in entries for t in e.official))
    return NeedReading(entries, terms)
