"""Fixtures shared by the retrieval tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from retrieval.encoders.base import Encoder
from tests.retrieval.golden import bundled_encoder as _bundled
from tests.retrieval.golden import people_data


@pytest.fixture(scope="session")
def bundled_encoder() -> Encoder:
    """The bundled sentence-transformers model, loaded once per session."""
    return _bundled()


@pytest.fixture(scope="session")
def generated_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, Path]]:
    """The generated Jambi dataset of the golden ids (400 employees, fixed seed and date)."""
    workdir = tmp_path_factory.mktemp("generated-jambi")
    with people_data(workdir) as engine:
        yield engine, workdir
