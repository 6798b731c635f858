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

    @property
    def longest_phrase(self) -> int:
        return max((len(k.split()) for k in self.expand), default=1)


@dataclass(frozen=True)
class NormalisedQuery:
    original: str
    normalised: str  # respelled, lower-case
    expansions: tuple[str, ...]  # added Indonesian terms, in order of appearance

    @property
    def expanded(self) -> str:
        """Normalised question followed by its expansions: what the retrievers see."""
        if not self.expansions:
            return self.normalised
        return self.normalised + " ; " + " ; ".join(self.expansions)


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    if path is None:
        text = resources.files(__package__).joinpath("vocabulary.yaml").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    raw = yaml.safe_load(text) or {}
    respell = {str(k).lower(): str(v).lower() for k, v in (raw.get("respell") or {}).items()}
    expand: dict[str, tuple[str, ...]] = {}
    for key, values in (raw.get("expand") or {}).items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"vocabulary.yaml: expand.{key} harus berupa daftar teks")
        expand[" ".join(str(key).lower().split())] = tuple(v.lower() for v in values)
    return Vocabulary(respell=respell, expand=expand)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    return load_vocabulary()


def tokens(text: str) -> list[str]:
    return [m.group(0).lower() for m in _WORD.finditer(text)]


def normalise(question: str, vocabulary: Vocabulary | None = None) -> NormalisedQuery:
    vocab = vocabulary or default_vocabulary()
    text = _MIN_NUMBER.sub("minimal ", question)
    words = [vocab.respell.get(w, w) for w in tokens(text)]
    expansions: list[str] = []
    seen: set[str] = set()
    n = len(words)
    longest = vocab.longest_phrase
    i = 0
    while i < n:
        # Longest phrase first, so "jpt pratama" wins over "jpt".
        for size in range(min(longest, n - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            found = vocab.expand.get(phrase)
            if found is not None:
                for term in found:
                    if term not in seen and term != phrase:
                        seen.add(term)
                        expansions.append(term)
                # Also expand the shorter phrases inside ("jpt pratama" still adds "jpt" terms).
                for inner in range(size - 1, 0, -1):
                    for term in vocab.expand.get(" ".join(words[i : i + inner]), ()):
                        if term not in seen:
                            seen.add(term)
                            expansions.append(term)
                break
        i += 1
    return NormalisedQuery(
        original=question, normalised=" ".join(words), expansions=tuple(expansions)
    )
