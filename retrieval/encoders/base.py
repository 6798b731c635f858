"""The encoder interface every backend implements.

Every encoder returns L2-normalised float32 rows, so inner product = cosine similarity,
which is what the FAISS ``IndexFlatIP`` / IVF inner-product indexes compute.
Nothing is loaded at import time; :func:`retrieval.encoders.factory.build_encoder` is called by
the composition root.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import numpy as np


class EncoderError(Exception):
    """The configured model cannot be loaded (missing folder, wrong format)."""


class Encoder(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """Tokens each text takes in the model input, without the special tokens and prefixes
        the encoder adds (so that texts can be cut to fit the window before encoding)."""
        ...

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray: ...


def word_counts(texts: Sequence[str]) -> list[int]:
    """Whitespace-separated words per text: the token count of an encoder without a tokenizer."""
    return [len(t.split()) for t in texts]


def wordpiece_counts(tokenizer: Any, texts: Sequence[str]) -> list[int]:
    """Tokens per text in a Hugging Face ``tokenizer``, without its special tokens."""
    if not texts:  # the tokenizer raises on an empty batch
        return []
    ids = tokenizer(list(texts), add_special_tokens=False, verbose=False)["input_ids"]
    return [len(row) for row in ids]


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.asarray(vectors / norms, dtype=np.float32)


def with_progress(steps: range, show: bool, description: str) -> Iterable[int]:
    """``steps``, behind a rich progress bar when ``show`` (batch index builds)."""
    if not show:
        return steps
    from rich.progress import track

    return track(steps, description=description)
