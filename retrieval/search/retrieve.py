"""Dense + lexical retrieval over the shards of the agencies in scope, fused by RRF."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from retrieval.search.fusion import convex, rrf
from retrieval.search.shard import Shard


@dataclass(frozen=True)
class Hit:
    pegawai_id: int
    instansi_id: int
    fused: float
    dense_rank: int | None
    lexical_rank: int | None


def retrieve(
    shards: Mapping[int, Shard],
    query_vector: np.ndarray,
    query_text: str,
    *,
    k: int,
    allowed: np.ndarray | None,
    rrf_k: int,
    nprobe: int,
    mode: str = "fused",
    weights: tuple[float, float] = (1.0, 1.0),
    fusion: str = "rrf",
    alpha: float = 0.7,
) -> list[Hit]:
    """Best ``k`` people (fused) from ``shards``; only ``allowed`` ids when given.

    ``mode`` is "fused", "dense" or "bm25" (the last two for evaluation); ``weights`` are the
    RRF weights of (dense, lexical); ``fusion`` "convex" uses ``alpha`` instead (fusion.py).
    """
    dense: list[tuple[float, int, int]] = []
    lexical: list[tuple[float, int, int]] = []
    for inst, shard in shards.items():
        sub = None if allowed is None else allowed[np.isin(allowed, shard.ids, assume_unique=True)]
        if sub is not None and sub.size == 0:
            continue
        if mode in ("fused", "dense"):
            for pid, score in shard.search(query_vector, k, allowed=sub, nprobe=nprobe):
                dense.append((score, pid, inst))
        if mode in ("fused", "bm25"):
            for pid, score in shard.lexical.search(query_text, k, allowed=sub):
                lexical.append((score, pid, inst))
    dense.sort(key=lambda t: (-t[0], t[1]))
    lexical.sort(key=lambda t: (-t[0], t[1]))
    dense, lexical = dense[:k], lexical[:k]
    owner = {pid: inst for _, pid, inst in dense + lexical}
    d_rank = {pid: r for r, (_, pid, _) in enumerate(dense, 1)}
    l_rank = {pid: r for r, (_, pid, _) in enumerate(lexical, 1)}
    if fusion == "convex" and mode == "fused":
        # Exact scores for the people only one retriever returned, so the convex combination
        # never guesses a missing cosine or BM25 score.
        cos = {p: sc for sc, p, _ in dense}
        bm = {p: sc for sc, p, _ in lexical}
        for inst, shard in shards.items():
            need_cos = np.asarray(
                [p for p in bm if p not in cos and owner[p] == inst], dtype=np.int64
            )
            if need_cos.size:
                cos.update(shard.search(query_vector, need_cos.size, allowed=need_cos, nprobe=1))
            need_bm = [p for p in cos if p not in bm and owner[p] == inst]
            if need_bm:
                bm.update(shard.lexical.score_ids(query_text, need_bm))
        fused = convex(list(cos.items()), list(bm.items()), alpha=alpha)
    elif fusion == "convex":
        fused = convex(
            [(p, sc) for sc, p, _ in dense], [(p, sc) for sc, p, _ in lexical], alpha=alpha
        )
    else:
        fused = rrf(
            [[p for _, p, _ in dense], [p for _, p, _ in lexical]], k=rrf_k, weights=weights
        )
    return [
        Hit(pid, owner[pid], score, d_rank.get(pid), l_rank.get(pid)) for pid, score in fused[:k]
    ]
