"""Dense + lexical retrieval over the shards of the agencies in scope, then fused (fusion.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from retrieval.index.bm25 import idf
from retrieval.index.fusion import convex, coverage, coverage_fusion, rrf
from retrieval.people.profile_bm25 import tokenize
from retrieval.people.shard import Shard


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
    RRF weights of (dense, lexical). ``fusion`` "convex" uses ``alpha`` as the lexical share,
    "coverage" as the lexical share of a need none of whose words the best BM25 profile
    contains (fusion.py; per encoder: ``SearchSettings.alpha_for``).
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
    fused: list[tuple[int, float]]
    if mode != "fused":  # one retriever alone (evaluation): its own order and scores
        fused = [(p, sc) for sc, p, _ in (dense if mode == "dense" else lexical)]
    elif fusion == "rrf":
        fused = rrf(
            [[p for _, p, _ in dense], [p for _, p, _ in lexical]], k=rrf_k, weights=weights
        )
    else:
        cos, bm = _exact_scores(shards, owner, dense, lexical, query_vector, query_text)
        if fusion == "coverage":
            cover = need_coverage(shards, query_text, lexical[0][1:] if lexical else None)
            fused = coverage_fusion(list(cos.items()), list(bm.items()), alpha=alpha, cover=cover)
        else:
            fused = convex(list(cos.items()), list(bm.items()), alpha=alpha)
    return [
        Hit(pid, owner[pid], score, d_rank.get(pid), l_rank.get(pid)) for pid, score in fused[:k]
    ]


def _exact_scores(
    shards: Mapping[int, Shard],
    owner: Mapping[int, int],
    dense: list[tuple[float, int, int]],
    lexical: list[tuple[float, int, int]],
    query_vector: np.ndarray,
    query_text: str,
) -> tuple[dict[int, float], dict[int, float]]:
    """Cosine and BM25 of every candidate: the people only one retriever returned get their
    exact score from the other, so score fusion never guesses a missing one."""
    cos = {p: sc for sc, p, _ in dense}
    bm = {p: sc for sc, p, _ in lexical}
    for inst, shard in shards.items():
        need_cos = np.asarray([p for p in bm if p not in cos and owner[p] == inst], dtype=np.int64)
        if need_cos.size:
            cos.update(shard.search(query_vector, need_cos.size, allowed=need_cos, nprobe=1))
        need_bm = [p for p in cos if p not in bm and owner[p] == inst]
        if need_bm:
            bm.update(shard.lexical.score_ids(query_text, need_bm))
    return cos, bm


def need_coverage(
    shards: Mapping[int, Shard], query_text: str, best: tuple[int, int] | None
) -> float:
    """idf-weighted share of the need's (stemmed) words found in the best BM25 profile.

    ``best`` is (employee id, instansi id) of the top BM25 hit, None when BM25 found nothing
    (coverage 0). The idf comes from that profile's shard.
    """
    if best is None:
        return 0.0
    pid, inst = best
    shard = shards[inst]
    rows = np.flatnonzero(shard.ids == pid)
    terms = list(dict.fromkeys(tokenize(query_text)))
    if rows.size == 0 or not terms:
        return 0.0
    n = len(shard.lexical)
    weighted = [
        (t, idf(df, n))
        for t, df in zip(terms, shard.lexical.document_frequency(terms), strict=True)
    ]
    return coverage(weighted, frozenset(shard.tokens[int(rows[0])].split()))
