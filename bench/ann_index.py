"""ANN at 1,000,000 synthetic vectors: IVF latency and recall@10 against exact search.

Clustered synthetic vectors (a Gaussian mixture), since uniformly random vectors have no
neighbourhood structure and no embedding looks like them. Part of bench/search_bench.py.
"""

from __future__ import annotations

import time

import faiss
import numpy as np

from bench.measure import Row, pct, timed


def bench_ann(n: int, repeat_queries: int = 200) -> list[Row]:
    dim, centers = 384, 2000
    rng = np.random.default_rng(0)
    mu = rng.standard_normal((centers, dim)).astype(np.float32)
    x = np.empty((n, dim), dtype=np.float32)
    for i in range(0, n, 100_000):
        k = min(100_000, n - i)
        x[i : i + k] = mu[rng.integers(0, centers, k)] + 0.6 * rng.standard_normal((k, dim))
    faiss.normalize_L2(x)
    q = mu[rng.integers(0, centers, repeat_queries)] + 0.6 * rng.standard_normal(
        (repeat_queries, dim)
    )
    q = q.astype(np.float32)
    faiss.normalize_L2(q)
    truth = np.empty((repeat_queries, 10), dtype=np.int64)
    flat = faiss.IndexFlatIP(dim)
    flat.add(x)
    _, truth = flat.search(q, 10)
    exact_ms = timed(lambda: flat.search(q[:1], 10), 20)
    flat.reset()
    nlist = 1024
    t = time.perf_counter()
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
    index.train(x[rng.choice(n, 64 * nlist, replace=False)])
    index.add_with_ids(x, np.arange(n, dtype=np.int64))
    build_s = time.perf_counter() - t
    rows = [
        Row(
            f"ANN {n:,} vectors: IVF{nlist},Flat build",
            f"{build_s:.0f} s",
            "train on 65,536 samples + add",
        ),
        Row("  exact search (IndexFlatIP) p50", f"{pct(exact_ms, 50):.0f} ms", "one query"),
    ]
    for nprobe in (16, 24, 48):
        params = faiss.SearchParametersIVF(nprobe=nprobe)  # type: ignore[call-arg]
        lat = []
        found = []
        for i in range(repeat_queries):
            t = time.perf_counter()
            _, ids = index.search(q[i : i + 1], 10, params=params)
            lat.append((time.perf_counter() - t) * 1000)
            found.append(len(set(ids[0].tolist()) & set(truth[i].tolist())) / 10)
        rows.append(
            Row(
                f"  nprobe {nprobe}: p50 / p95, recall@10",
                f"{pct(lat, 50):.1f} / {pct(lat, 95):.1f} ms, {np.mean(found):.3f}",
                f"{repeat_queries} queries",
            )
        )
    return rows
