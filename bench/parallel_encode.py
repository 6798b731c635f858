"""Encoding with both cores: the encoder's own threads vs two worker processes (measured).

Used by ``python -m bench.scale_bench --encode-sample N``. The same N rendered profiles
(chunked to the model's window exactly as an index build does) are encoded

- by one process with ``torch_threads`` 1 and 2 (PyTorch's intra-op threads), and
- by two spawned worker processes with one thread each, half of the texts each
  (model loading is timed apart: a build would pay it once per worker).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Sequence

from bench.measure import Row, load_average
from retrieval.encoders.factory import build_encoder
from retrieval.people.profile_text import encode_documents
from retrieval.settings import EncoderSettings


def _encode(backend: str, threads: int, texts: Sequence[str]) -> tuple[float, float]:
    """(model load s, encode s) in this process."""
    t = time.perf_counter()
    encoder = build_encoder(EncoderSettings(backend=backend, torch_threads=threads))
    encode_documents(encoder, texts[:8])  # first call pays lazy initialisation
    loaded = time.perf_counter() - t
    t = time.perf_counter()
    encode_documents(encoder, texts)
    return loaded, time.perf_counter() - t


def _worker(args: tuple[str, list[str]]) -> tuple[float, float]:
    backend, texts = args
    os.environ["OMP_NUM_THREADS"] = "1"
    return _encode(backend, 1, texts)


def measure(texts: list[str], backend: str = "bundled") -> list[Row]:
    rows: list[Row] = []
    load = load_average()
    for threads in (1, 2):
        _, seconds = _encode(backend, threads, texts)
        rows.append(
            Row(
                f"encode {len(texts)} profiles, 1 process × {threads} thread(s)",
                f"{len(texts) / seconds:.1f} profil/s",
                f"{backend}; load {load}",
            )
        )
    half = len(texts) // 2
    ctx = mp.get_context("spawn")
    t = time.perf_counter()
    with ctx.Pool(2) as pool:
        parts = pool.map(_worker, [(backend, texts[:half]), (backend, texts[half:])])
    wall = time.perf_counter() - t
    encode_wall = max(p[1] for p in parts)
    rows.append(
        Row(
            f"encode {len(texts)} profiles, 2 processes × 1 thread",
            f"{len(texts) / encode_wall:.1f} profil/s "
            f"({len(texts) / wall:.1f} with start + model load)",
            f"model load per worker {max(p[0] for p in parts):.1f} s; load {load_average()}",
        )
    )
    return rows
