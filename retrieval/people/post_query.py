"""A message that asks for a post, read into its parts: the rank of the post and the other words.

"siapa yang cocok jadi kabid anggaran BPKAD?" → rank ``kepala-bidang``, words
``[anggaran, bpkad]``. The request frame ("siapa yang cocok jadi", "yang bisa gantiin") is
dropped, abbreviations are expanded and spelling variants folded
(knowledge/vocabularies/posts.yaml).
The same reading is applied to position titles, so both sides meet in one form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from knowledge.post_vocabulary import PostVocabulary, Rank, post_vocabulary

_WORD = re.compile(r"[0-9a-z]+")
# Words compared fuzzily need this many letters; shorter ones (LH, PU, SD) must be exact.
FUZZY_MIN_LEN = 5
FUZZY_CUTOFF = 84.0
# Joined forms: "sub bagian" is typed as often as "subbagian".
_JOINS = (("sub", "bagian", "subbagian"), ("sub", "bidang", "subbidang"))
# Words that start a unit qualifier after the post's own words ("kasi pajak daerah DI bidang
# retribusi"): what follows names the unit, not the title.
UNIT_MARKERS = frozenset(
    {"di", "pada", "bidang", "bagian", "sekretariat", "dinas", "badan", "kantor", "uptd", "upt"}
    | {"puskesmas", "rsud", "inspektorat", "biro", "subbagian", "seksi"}
)
# Title words that carry nothing (kept out of a title's words to be covered).
TITLE_STOP = frozenset({"dan", "serta", "atau", "lain", "lainnya"})


@dataclass(frozen=True)
class PostQuery:
    rank: Rank | None
    words: tuple[str, ...]  # content words (unit, field, agency), in order
    # The kind of unit a head-of-unit rank named ("kadis" -> dinas): it helps cover the title
    # but, being shared by every dinas, explains nothing on its own.
    kind: tuple[str, ...] = ()
    # Words after a unit marker: they must name the unit. Kept as typed, also those no unit of
    # the scope uses ("bidang PAUD" where the agency has none): they count against a unit that
    # does not answer to them.
    unit: tuple[str, ...] = ()


def words_of(text: str, vocab: PostVocabulary | None = None) -> list[str]:
    """Lower-case words with spelling variants folded and "sub bagian" joined."""
    v = vocab or post_vocabulary()
    stems = (_unsuffixed(w, v) for w in _WORD.findall(text.lower()))
    raw = [p for w in stems for p in v.spelling.get(w, w).split()]
    out: list[str] = []
    for w in raw:
        if out:
            joined = next((j for a, b, j in _JOINS if out[-1] == a and w == b), None)
            if joined:
                out[-1] = joined
                continue
        out.append(w)
    return english_order(out) if "of" in out else out


def _unsuffixed(word: str, vocab: PostVocabulary) -> str:
    """The word without the possessive "-nya" when what is left names a rank or a kind of
    unit ("kepala bironya", "kabidnya", "bidangnya"); other words keep it ("dasarnya",
    "umumnya", "lainnya")."""
    if not word.endswith("nya") or len(word) < 7:
        return word
    stem = word[:-3]
    return stem if stem in vocab.rank_words or stem in UNIT_MARKERS else word


_GRADE_WORDS = frozenset({"eselon", "golongan", "gol", "pangkat", "kelas"})
_COUNTED_WORDS = frozenset({"nama", "orang", "calon", "kandidat", "pegawai", "asn"})


# Kinds of unit a head is "of" in English ("head of the budget division").
_OF_KINDS = frozenset({"bidang", "seksi", "badan", "biro", "dinas", "bagian", "subbagian"})
_OF_HEADS = frozenset({"kepala", "sekretaris"})


def english_order(words: list[str]) -> list[str]:
    """English names the unit kind last: "head of the budget division" reads (after the
    vocabulary) "kepala of the anggaran bidang"; Indonesian puts it first ("kepala bidang
    anggaran"), and the rank is read from the first words. Without "of" nothing changes."""
    out = list(words)
    for i in range(len(out) - 1):
        if out[i] not in _OF_HEADS or out[i + 1] != "of":
            continue
        j = i + 2
        while j < len(out) and out[j] == "the":
            j += 1
        k = next((k for k in range(j, len(out)) if out[k] in _OF_KINDS), None)
        if k is not None:
            return [*out[: i + 1], out[k], *out[j:k], *out[k + 1 :]]
        return [*out[: i + 1], *out[j:]]
    return out


@lru_cache(maxsize=65_536)
def same_word(a: str, b: str) -> bool:
    """Equal, or a likely misspelling of each other (both long enough to judge)."""
    if a == b:
        return True
    if min(len(a), len(b)) < FUZZY_MIN_LEN:
        return False
    if fuzz.ratio(a, b) >= FUZZY_CUTOFF:
        return True
    # Two neighbouring letters typed in the wrong order ("huukm" for "hukum"): the same letters,
    # one transposition apart, which the ratio scores as two edits.
    return sorted(a) == sorted(b) and OSA.distance(a, b) == 1


@cache
def _rank_phrases() -> tuple[tuple[tuple[str, ...], Rank], ...]:
    """Every rank title as words, longest first (so "kepala sub bidang" beats "kepala")."""
    v = post_vocabulary()
    phrases = [(tuple(words_of(t, v)), r) for r in v.ranks for t in r.titles]
    return tuple(sorted(phrases, key=lambda p: -len(p[0])))


def _expand(words: list[str], vocab: PostVocabulary) -> list[str]:
    """Abbreviated ranks spelt out, also when glued to a unit's alias ("kadisdik", "kaban
    BPKAD", "kabappeda")."""
    short = {k: v for r in vocab.ranks for k, v in r.short.items()}
    short.setdefault("ka", "kepala")
    aliases = vocab.all_aliases()
    out: list[str] = []
    for w in words:
        if w in short:
            out.extend(words_of(short[w], vocab))
            continue
        glued = next(
            (
                (s, w[len(s) :])
                for s in sorted(short, key=len, reverse=True)
                if w.startswith(s) and w[len(s) :] in aliases
            ),
            None,
        )
        if glued is not None:
            out.extend([*words_of(short[glued[0]], vocab), glued[1]])
        else:
            out.append(w)
    return out


def find_rank(words: list[str], *, start_only: bool = False) -> tuple[Rank | None, int, int]:
    """(rank, first index, end index) of the earliest rank title in ``words``; longest wins."""
    starts = range(1) if start_only else range(len(words))
    for i in starts:
        for phrase, rank in _rank_phrases():
            end = i + len(phrase)
            if end <= len(words) and all(
                same_word(a, b) for a, b in zip(words[i:end], phrase, strict=True)
            ):
                return rank, i, end
    return None, 0, 0


def read_post_query(text: str) -> PostQuery:
    vocab = post_vocabulary()
    words = _expand(words_of(text, vocab), vocab)
    # A number that grades the person ("eselon III", "golongan 4") or counts people ("3 nama")
    # names no post; "irban ke-2", "wilayah 3" do.
    words = [
        w
        for n, w in enumerate(words)
        if not (
            w.isdigit()
            and (
                (n > 0 and words[n - 1] in _GRADE_WORDS)
                or (n + 1 < len(words) and words[n + 1] in _COUNTED_WORDS)
            )
        )
    ]
    rank, i, end = find_rank(words)
    kind: tuple[str, ...] = ()
    if rank is not None:
        kind = tuple(words[i + 1 : end]) if rank.head_of_opd else ()
        words = words[:i] + words[end:]
    # Where the message names the unit: the first marker after some of the post's own words.
    first = next((n for n, w in enumerate(words) if w not in vocab.frame), len(words))
    cut = next((n for n in range(first + 1, len(words)) if words[n] in UNIT_MARKERS), len(words))
    title = tuple(w for w in words[:cut] if w not in vocab.frame)
    unit = tuple(w for w in words[cut:] if w not in vocab.frame)
    return PostQuery(rank, title + unit, kind, unit)


def title_rank(title: str) -> tuple[Rank | None, list[str]]:
    """The rank a position title starts with and the title's remaining words."""
    words = words_of(title)
    rank, _i, end = find_rank(words, start_only=True)
    rest = words[end:] if rank is not None else words
    if rank is not None and rank.head_of_opd:
        rest = words[1:]  # "Kepala Dinas Kesehatan": dinas kesehatan describes the unit
    return rank, [w for w in rest if w not in TITLE_STOP]


def compatible(asked: Rank | None, held: Rank | None) -> bool:
    """Whether a post of rank ``held`` can be what a message of rank ``asked`` means."""
    if asked is None:
        return True
    if held is None:
        return False
    return asked.id == held.id or (asked.head_of_opd and held.head_of_opd)
