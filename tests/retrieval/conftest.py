"""Fixtures shared by the retrieval tests."""

from __future__ import annotations

import pytest

from retrieval.encoders.base import Encoder
from tests.retrieval.golden import bundled_encoder as _bundled


@pytest.fixture(scope="session")
def bundled_encoder() -> Encoder:
    """The bundled sentence-transformers model, loaded once per session."""
    return _bundled()
