"""The factory turns encoder settings into the backend they name, or a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.encoders.base import EncoderError
from retrieval.encoders.factory import build_encoder
from retrieval.encoders.hashing import HashingEncoder
from retrieval.settings import EncoderSettings


def test_hashing_backend_with_its_dimension() -> None:
    enc = build_encoder(EncoderSettings(backend="hashing", hashing_dim=64))
    assert isinstance(enc, HashingEncoder)
    assert (enc.dim, enc.name) == (64, "hashing-64")
    assert enc.encode(["a b"]).shape == (1, 64)


def test_path_backend_needs_an_existing_model_folder(tmp_path: Path) -> None:
    with pytest.raises(EncoderError, match="wajib diisi"):
        build_encoder(EncoderSettings(backend="path"))
    with pytest.raises(EncoderError, match="tidak ditemukan"):
        build_encoder(EncoderSettings(backend="path", model_path=tmp_path / "nope"))
    with pytest.raises(EncoderError, match="bukan model sentence-transformers"):
        build_encoder(EncoderSettings(backend="path", model_path=tmp_path))
