"""Query normalisation: casual spellings → standard words, abbreviations/slang/English →
Indonesian terms (added, never replacing), driven by ``vocabulary.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

_WORD = re.compile(r"[0-9a-zà-ÿ]+(?:[-/][0-9a-zà-ÿ]+)*", re.IGNORECASE)
# "min" opening a chat message addresses the admin ("min, mau tanya"); before a number it
# means "minimal".
_MIN_NUMBER = re.compile(r"\bmin\.?\s*(?=\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Vocabulary:
    respell: dict[str, str]
    expand: dict[str, tuple[str, ...]]
    translate: dict[str, tuple[str, ...]]
    # Spelled-out form → abbreviation ("jabatan pimpinan tinggi" → "jpt"): the corpus writes
    # "JPT pratama", a user may write it in full, and BM25 only sees shared words.
    abbreviate: dict[str, tuple[str, ...]]

    @property
    def longest_phrase(self) -> int:
        phrases = [*self.expand, *self.translate, *self.abbreviate]
        return max((len(k.split()) for k in phrases), default=1)


@dataclass(frozen=True)
class NormalisedQuery:
    original: str
    normalised: str  # respelled, lower-case
    expansions: tuple[str, ...]  # added Indonesian synonyms/long forms, in order of appearance
    translations: tuple[str, ...] = ()  # Indonesian terms for English words of the question

    @property
    def primary(self) -> str:
        """The user's own words plus translations: full weight in BM25."""
        return " ; ".join((self.normalised, *self.translations))

    @property
    def expanded(self) -> str:
        """Everything: what the encoder sees."""
        return " ; ".join((self.normalised, *self.translations, *self.expansions))


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    if path is None:
        text = resources.files(__package__).joinpath("vocabulary.yaml").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    raw = yaml.safe_load(text) or {}
    respell = {str(k).lower(): str(v).lower() for k, v in (raw.get("respell") or {}).items()}
    expand = _phrases(raw, "expand")
    translate = _phrases(raw, "translate")
    abbreviate: dict[str, tuple[str, ...]] = {}
    for key, values in expand.items():
        if values and " " not in key and len(key) <= 6 and " " in values[0]:
            abbreviate[values[0]] = (*abbreviate.get(values[0], ()), key)
    return Vocabulary(respell=respell, expand=expand, translate=translate, abbreviate=abbreviate)


def _phrases(raw: dict[str, object], section: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    entries = raw.get(section) or {}
    if not isinstance(entries, dict):
        raise ValueError(f"vocabulary.yaml: {section} harus berupa pemetaan")
    for key, values in entries.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"vocabulary.yaml: {section}.{key} harus berupa daftar teks")
        out[" ".join(str(key).lower().split())] = tuple(v.lower() for v in values)
    return out


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return load_vocabulary()


def tokens(text: str) -> list[str]:
    return [m.group(0).lower() for m in _WORD.finditer(text)]


def normalise(question: str, vocabulary: Vocabulary | None = None) -> NormalisedQuery:
    vocab = vocabulary or default_vocabulary()
    text = _MIN_NUMBER.sub("minimal ", question)
    words = [vocab.respell.get(w, w) for w in tokens(text)]
    normalised = " ".join(words)
    translations = _matches(words, vocab.translate, vocab.longest_phrase)
    expansions = _matches(words, _merge(vocab.expand, vocab.abbreviate), vocab.longest_phrase)
    taken = {normalised, *translations}
    return NormalisedQuery(
        original=question,
        normalised=normalised,
        expansions=tuple(e for e in expansions if e not in taken),
        translations=tuple(translations),
    )


def _merge(
    a: dict[str, tuple[str, ...]], b: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    out = dict(a)
    for key, values in b.items():
        out[key] = tuple(dict.fromkeys((*out.get(key, ()), *values)))
    return out


def _matches(words: list[str], table: dict[str, tuple[str, ...]], longest: int) -> list[str]:
    """Terms of every phrase of ``table`` found in ``words``, longest phrase first at each
    position, shorter phrases inside it too ("jpt pratama" also adds the "jpt" terms)."""
    found: list[str] = []
    n = len(words)
    for i in range(n):
        for size in range(min(longest, n - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            if phrase not in table:
                continue
            for inner in range(size, 0, -1):
                inner_phrase = " ".join(words[i : i + inner])
                for term in table.get(inner_phrase, ()):
                    if term != inner_phrase and term not in found:
                        found.append(term)
            break
    return found
