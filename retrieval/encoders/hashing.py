"""A small deterministic encoder for tests and smoke runs (``encoder.backend = hashing``)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from retrieval.encoders.base import normalise_rows, word_counts

_TOKEN = re.compile(r"\w+", re.UNICODE)


class HashingEncoder:
    """Deterministic bag of hashed words and character trigrams.

    Tests use it where the real model is not the point: it is fast, needs no weights and
    still ranks texts that share words (and word fragments) above texts that do not.
    """

    def __init__(self, dim: int = 256):
        self._dim = dim

    @property
    def name(self) -> str:
        return f"hashing-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return 512

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """Whitespace-separated words: this encoder has no tokenizer and no window."""
        return word_counts(texts)

    def _bucket(self, feature: str) -> tuple[int, float]:
        digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self._dim, (1.0 if (value >> 63) & 1 else -1.0)

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _TOKEN.findall(text.lower()):
                idx, sign = self._bucket("w:" + word)
                out[row, idx] += 2.0 * sign
                padded = f"#{word}#"
                for i in range(len(padded) - 2):
                    idx, sign = self._bucket("c:" + padded[i : i + 3])
                    out[row, idx] += 0.5 * sign
        return normalise_rows(out)
