"""Typed settings for regulation search (the ``regulations:`` section of config.yaml)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RegulationSearchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # How many provisions an answer cites (rank order).
    top_k: int = Field(default=3, ge=1, le=20)
    # How deep each retriever looks before fusion.
    candidates: int = Field(default=20, ge=1, le=200)
    # Reciprocal rank fusion constant: score = sum 1 / (rrf_k + rank). 60 is the value of the
    # original RRF paper; the ranking is insensitive to it in the 10-100 range.
    rrf_k: int = Field(default=10, ge=1, le=1000)
    # Weight of the dense ranking in the fusion (BM25 has weight 1). The bundled encoder is
    # an English model: on Indonesian provisions it ranks worse than BM25 (see
    # docs/benchmarks.md), so it refines rather than equals the lexical ranking.
    dense_weight: float = Field(default=0.25, ge=0.0, le=2.0)
    # Weight in BM25 of the terms query expansion adds (abbreviations spelled out, synonyms):
    # below 1 so that a long expansion cannot outweigh the words the user actually wrote.
    expansion_weight: float = Field(default=0.3, ge=0.0, le=1.0)
    # No-answer decision on the retrievers' RAW results (never on fused ranks). A question is
    # answered when  best BM25 + support_weight x support  reaches relevance_min, OR the best
    # cosine reaches dense_min. `support` is the idf-weighted share of the question's terms
    # found in the best-BM25 provision (0..1; words the corpus never uses count against it),
    # see retrieval/regulations/relevance.py. Calibrated by
    # `python -m retrieval.eval.regulation_thresholds` on the evaluation set, with cross-validation
    # (docs/knowledge-base.md, "Ambang tidak ditemukan").
    relevance_min: float = Field(default=11.94, ge=0.0)
    support_weight: float = Field(default=20.0, ge=0.0)
    # ... and in any case refused when more than this share of the question (idf-weighted) is
    # words that neither the corpus nor the query vocabulary knows ("cuti", "tilang").
    unknown_max: float = Field(default=0.3, ge=0.0, le=1.0)
    dense_min: float = Field(default=0.8, ge=-1.0, le=1.0)
    # Floors for each cited provision once the question is answerable (raw scores too).
    cite_bm25_min: float = Field(default=2.0, ge=0.0)
    cite_dense_min: float = Field(default=0.77, ge=-1.0, le=1.0)
    # Rank provisions and decide "not found" with the models fitted for the encoder in use
    # (retrieval/regulations/learned.json, `python -m retrieval.eval.regulation_fit`). The
    # thresholds above apply only to an encoder no model was fitted for, or when this is off.
    learned: bool = True
    # Cache the dense vectors under <data_dir>/index/regulations/ (rebuilt when the model or
    # the corpus changes).
    cache: bool = True
