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
    rrf_k: int = Field(default=60, ge=1, le=1000)
    # No-answer thresholds on the retrievers' RAW scores (not on fused ranks). A question is
    # answered when the best BM25 score reaches bm25_min OR the best cosine reaches dense_min;
    # a provision is cited only when its own raw score reaches one of them. Calibrated by
    # `python -m retrieval.regulations.calibrate` on the no-answer questions of the evaluation
    # set (see docs/configuration.md).
    bm25_min: float = Field(default=6.0, ge=0.0)
    dense_min: float = Field(default=0.62, ge=-1.0, le=1.0)
    # Cache the dense vectors under <data_dir>/index/regulations/ (rebuilt when the model or
    # the corpus changes).
    cache: bool = True
