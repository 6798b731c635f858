"""Fusion of the dense and the lexical ranking.

- :func:`rrf`: reciprocal rank fusion (Cormack et al., 2009): score = Σ w / (k + rank).
- :func:`convex`: a convex combination of scores (Bruch et al., 2023, "An analysis of fusion
  functions for hybrid retrieval"): α·BM25/max(BM25) + (1 − α)·cosine. The cosine is used
  *raw* (its theoretical bounds, not min–max per query): when the encoder cannot tell the
  documents apart (flat cosines, e.g. an English model on Indonesian needs) the dense term
  barely moves the order; when it can, it does. Ranks throw that information away.
"""

from __future__ import annotations

from collections.abc import Sequence


def rrf(
    rankings: Sequence[Sequence[int]], *, k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[int, float]]:
    """Fuse ranked id lists (best first) into one list of (id, fused score), best first.

    ``weights`` (one per list, default 1) let a weaker retriever count for less.
    """
    scores: dict[int, float] = {}
    for n, ranking in enumerate(rankings):
        w = 1.0 if weights is None else weights[n]
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def convex(
    dense: Sequence[tuple[int, float]],
    lexical: Sequence[tuple[int, float]],
    *,
    alpha: float,
) -> list[tuple[int, float]]:
    """Fuse (id, cosine) and (id, BM25) lists, best first, into (id, score), best first.

    A document missing from one list gets that list's lowest score (it was below the cut);
    ``alpha`` is the lexical share (0 = dense only, 1 = BM25 only).
    """
    if not dense and not lexical:
        return []
    cos = dict(dense)
    bm = dict(lexical)
    cos_floor = min(cos.values()) if cos else 0.0
    bm_floor = min(bm.values()) if bm else 0.0
    bm_max = max(bm.values()) if bm else 0.0
    scores: dict[int, float] = {}
    for item in cos.keys() | bm.keys():
        lex = bm.get(item, bm_floor) / bm_max if bm_max > 0 else 0.0
        scores[item] = alpha * lex + (1.0 - alpha) * cos.get(item, cos_floor)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
