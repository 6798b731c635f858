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
    # No-answer thresholds on the retrievers' RAW scores (not on fused ranks). A question is
    # answered when the best BM25 score reaches bm25_min OR the best cosine reaches dense_min;
    # a provision is cited only when its own raw score reaches one of them. Calibrated by
    # `python -m retrieval.regulations.calibrate` on the no-answer questions of the evaluation
    # set (see docs/configuration.md).
    bm25_min: float = Field(default=4.4, ge=0.0)
    dense_min: float = Field(default=0.77, ge=-1.0, le=1.0)
    # Floors for each cited provision once the question is answerable (raw scores too).
    cite_bm25_min: float = Field(default=2.0, ge=0.0)
    cite_dense_min: float = Field(default=0.77, ge=-1.0, le=1.0)
    # Cache the dense vectors under <data_dir>/index/regulations/ (rebuilt when the model or
    # the corpus changes).
    cache: bool = True
