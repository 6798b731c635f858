"""Fusion of the dense and the lexical ranking (docs/search.md, "Fusi").

- :func:`coverage_fusion` (default, ``search.fusion: coverage``): a convex combination whose
  lexical share depends on the query. When the best BM25 document contains the need's words
  (idf-weighted :func:`coverage` near 1), BM25 decides and the dense score only moves near
  ties; when it contains few of them (a need written in other words), the dense score gets
  more say, down to the floor ``alpha`` for a need none of whose words is covered::

      share = alpha + (1 - alpha) * coverage
      score = share * BM25 / max(BM25) + (1 - share) * minmax(cosine)

  The cosine is min-max scaled over the scored candidates, so an encoder whose cosines are
  compressed (multilingual-e5: 0.8-0.9 for almost everything) still moves the order.
- :func:`convex`: a fixed lexical share (Bruch et al., 2023, "An analysis of fusion functions
  for hybrid retrieval"): α·BM25/max(BM25) + (1 − α)·raw cosine.
- :func:`rrf`: reciprocal rank fusion (Cormack et al., 2009): score = Σ w / (k + rank).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence


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


def coverage(terms: Sequence[tuple[str, float]], document_terms: Collection[str]) -> float:
    """Weighted share of the query ``terms`` ((term, idf) pairs) that a document contains.

    1.0: every word of the need is in the document; 0.0: none is (or the query has no terms).
    Words the corpus never uses keep their (high) idf and are never covered, so a need in
    other words than the profiles gets a low coverage.
    """
    total = sum(w for _, w in terms)
    if total <= 0:
        return 0.0
    return sum(w for t, w in terms if t in document_terms) / total


def lexical_share(alpha: float, cover: float) -> float:
    """The BM25 weight of :func:`coverage_fusion`: ``alpha`` at coverage 0, 1 at coverage 1."""
    cover = min(max(cover, 0.0), 1.0)
    return alpha + (1.0 - alpha) * cover


def coverage_fusion(
    dense: Sequence[tuple[int, float]],
    lexical: Sequence[tuple[int, float]],
    *,
    alpha: float,
    cover: float,
) -> list[tuple[int, float]]:
    """Fuse (id, cosine) and (id, BM25) lists into (id, score), best first.

    ``alpha`` is the lexical share when no word of the need is covered, ``cover`` the
    :func:`coverage` of the need by the best BM25 document. Both lists should score the same
    candidates (retrieve.py fills in the exact missing scores); a candidate missing from one
    list gets that list's lowest score. Equal scores are ordered by cosine, then id, so a need
    fully covered by its words (share 1) keeps the BM25 order and the encoder breaks its ties.
    """
    if not dense and not lexical:
        return []
    cos = dict(dense)
    bm = dict(lexical)
    items = cos.keys() | bm.keys()
    cos_lo = min(cos.values()) if cos else 0.0
    cos_hi = max(cos.values()) if cos else 0.0
    bm_lo = min(bm.values()) if bm else 0.0
    bm_hi = max(bm.values()) if bm else 0.0
    share = lexical_share(alpha, cover)
    spread = cos_hi - cos_lo
    scored: list[tuple[float, float, int]] = []
    for item in items:
        c = cos.get(item, cos_lo)
        lex = bm.get(item, bm_lo) / bm_hi if bm_hi > 0 else 0.0
        # No spread: the encoder tells none of the candidates apart, so it adds nothing.
        den = (c - cos_lo) / spread if spread > 1e-9 else 0.0
        scored.append((share * lex + (1.0 - share) * den, c, item))
    scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
    return [(item, score) for score, _, item in scored]
