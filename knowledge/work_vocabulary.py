"""Everyday words of government work → the official nomenclature records use
(``vocabularies/government-work.yaml``; each entry with its source and verification level).

:func:`read_need` finds the everyday terms a need contains — on word boundaries, so "SD" is not
found inside "SDM" and "pegawai" not inside "kepegawaian" — with spelling variants folded
(Perlindungan/Pelindungan), and returns the official terms to add and how the need was read
("dibaca sebagai: pengadaan barang/jasa").

A word of the need also matches a word of a term when (:func:`_alternatives`):

- it is a verb form of the same root (Sastrawi stems, roots of four letters or more):
  "tercemar" ~ "pencemaran", "mengawasi" ~ "pengawas", "diretas" ~ "retas"; a bare "rumah" is
  not "perumahan", and a noun of the need ("pembukuan") does not reach its root ("buku"):
  nominal derivation changes the meaning;
- it is a colloquial verb of such a root, in Sastrawi's dictionary: "nertibin" ~ "penertiban",
  "ngebina" ~ "bina", "ngawasi" ~ "pengawas" (:func:`_informal_roots`);
- it is an English plural of the term's word ("hackers" ~ "hacker");
- it is a misspelling one edit away (rapidfuzz) of a term's word of six letters or more, when
  it is neither a term's word nor an Indonesian root word (Sastrawi's dictionary): "stuntng" ~
  "stunting", but "sampai" is never "sampah".

A term found inside a longer term of another entry is not counted ("limbah" inside "limbah
pabrik", "makam" inside "makam pahlawan"): the longer term says what the words mean together.
Nor is a term reached only through a form of its words where another entry has the words as
written ("ngaji" is reciting, not "kaji" of "kajian").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import Levenshtein

FILE = Path(__file__).resolve().parent / "vocabularies" / "government-work.yaml"
# Spelling variants found in the nomenclature itself (the vocabulary's header): one form each.
VARIANTS = {"pelindungan": "perlindungan", "ketentraman": "ketenteraman"}
_WORD = re.compile(r"[0-9a-z]+")
STEM_MIN = 4  # shortest root matched across affixes ("izin", "gizi"; not "ada" of "pengadaan")
TYPO_MIN = 6  # shortest term word a misspelling may stand for
# Nouns formed with pe(N)-/per-/ke- often mean something else than their root ("pembukuan" is
# not "buku", "pemasaran" not "pasar", "perumahan" not "rumah"): only verb forms (me-, di-,
# ter-, ber-, -kan, -i) of a need's word reach a term through its root.
_NOUN_PREFIXES = ("pe", "ke")


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
def _sastrawi() -> tuple[Any, frozenset[str]]:
    """Sastrawi's stemmer and its dictionary of Indonesian root words."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    factory = StemmerFactory()
    return factory.create_stemmer(), frozenset(factory.get_words())


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    if word.isdigit() or len(word) <= 3:
        return word
    return str(_sastrawi()[0].stem(word))


@cache
def _patterns() -> tuple[tuple[WorkEntry, tuple[tuple[str, ...], ...]], ...]:
    """Each entry with its everyday terms (and official ones: a need may use them) folded, as
    word tuples."""

    def words(e: WorkEntry) -> tuple[tuple[str, ...], ...]:
        folded = dict.fromkeys(fold(t) for t in (*e.everyday, *e.official))
        return tuple(tuple(f.split()) for f in folded if f)

    return tuple((e, words(e)) for e in work_vocabulary())


@cache
def _term_words() -> tuple[frozenset[str], dict[str, frozenset[str]], dict[str, tuple[str, ...]]]:
    """Every word of every term; the words by stem; the long words by first letter (typos)."""
    words = frozenset(w for _e, terms in _patterns() for t in terms for w in t)
    by_stem: dict[str, set[str]] = {}
    for w in words:
        by_stem.setdefault(_stem(w), set()).add(w)
    long: dict[str, list[str]] = {}
    for w in sorted(words):
        if len(w) >= TYPO_MIN and w.isalpha():
            long.setdefault(w[0], []).append(w)
    return (
        words,
        {k: frozenset(v) for k, v in by_stem.items()},
        {k: tuple(v) for k, v in long.items()},
    )


@cache
def _by_first_word() -> dict[str, tuple[tuple[int, tuple[str, ...]], ...]]:
    """Every term (with its entry's order) under its first word."""
    index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for order, (_entry, patterns) in enumerate(_patterns()):
        for term in patterns:
            index.setdefault(term[0], []).append((order, term))
    return {k: tuple(v) for k, v in index.items()}


# Colloquial verbs (ngurusin, nanganin, nertibin, ngebina, nyusun): the nasal prefix replaces
# the root's first letter (or precedes it, "nge-" before one syllable) and "-in" stands for
# "-kan"/"-i". Sastrawi knows only the formal affixes.
_INFORMAL_PREFIXES = (("nge", ""), ("ny", "s"), ("ng", ""), ("ng", "k"), ("n", "t"), ("m", "p"))


def _informal_roots(word: str) -> tuple[str, ...]:
    """Root words (in Sastrawi's dictionary, four letters or more) a colloquial verb may stand
    for; none for a word the dictionary knows or whose formal affixes Sastrawi removes
    ("makanan" is not "pakan", "mengurus" is left to the stemmer)."""
    dictionary = _sastrawi()[1]
    if word in dictionary or len(word) < 5 or not word.isalpha() or _stem(word) != word:
        return ()
    bodies = [word] + ([word[:-2]] if word.endswith("in") and len(word) > 6 else [])
    roots = {
        root
        for body in bodies
        for prefix, first in _INFORMAL_PREFIXES
        if body.startswith(prefix)
        and len(root := first + body[len(prefix) :]) >= STEM_MIN
        and (root in dictionary or _stem(root) in dictionary)
    }
    roots |= {body for body in bodies[1:] if body in dictionary}
    return tuple(sorted(roots))


def _alternatives(word: str) -> frozenset[str]:
    """The term words one word of a need stands for (the module's docstring)."""
    words, by_stem, long = _term_words()
    alts = {word}
    root = _stem(word)
    if root != word and len(root) >= STEM_MIN and not word.startswith(_NOUN_PREFIXES):
        alts |= by_stem.get(root, frozenset())
    for informal in _informal_roots(word):
        alts |= by_stem.get(_stem(informal), frozenset())
    for plural, singular in (("ies", "y"), ("s", "")):
        if len(word) > 4 and word.endswith(plural):
            base = word[: -len(plural)] + singular
            if base in words:
                alts.add(base)
    if (
        word not in words
        and len(word) >= TYPO_MIN - 1
        and word.isalpha()
        and word not in _sastrawi()[1]
        and root not in _sastrawi()[1]
    ):
        alts |= {
            w for w in long.get(word[0], ()) if Levenshtein.distance(word, w, score_cutoff=1) <= 1
        }
    return frozenset(alts)


def read_need(text: str, *, limit: int = 4) -> NeedReading:
    """The entries whose everyday (or official) terms occur in ``text`` as whole words; the
    entries with the longest matched term first, at most ``limit``."""
    need = fold(text).split()
    alts = [_alternatives(w) for w in need]
    # (entry order, start, end, length of the term in characters, written as in the need)
    found: list[tuple[int, int, int, int, bool]] = []
    by_first = _by_first_word()
    for i, words in enumerate(alts):
        for first in words:
            for order, term in by_first.get(first, ()):
                n = len(term)
                if i + n <= len(need) and all(term[j] in alts[i + j] for j in range(1, n)):
                    literal = tuple(need[i : i + n]) == term
                    found.append((order, i, i + n, len(" ".join(term)), literal))

    def covered(m: tuple[int, int, int, int, bool], o: tuple[int, int, int, int, bool]) -> bool:
        """``m`` lies inside ``o``, a match of another entry that is longer, or as long and
        written as in the need while ``m`` is only a form of its words."""
        if o[0] == m[0] or not (o[1] <= m[1] and m[2] <= o[2]):
            return False
        return o[2] - o[1] > m[2] - m[1] or (o[4] and not m[4])

    kept = [m for m in found if not any(covered(m, o) for o in found)]
    best: dict[int, int] = {}
    for order, _s, _e, chars, _literal in kept:
        best[order] = max(best.get(order, 0), chars)
    ranked = sorted(best, key=lambda order: (-best[order], order))
    vocabulary = _patterns()
    entries = tuple(vocabulary[order][0] for order in ranked[:limit])
    official = tuple(dict.fromkeys(t for e in entries for t in e.official))
    return NeedReading(entries, official)
