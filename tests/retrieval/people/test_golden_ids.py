"""People search returns the recorded golden ids (tests/retrieval/golden.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from retrieval.encoders.base import Encoder
from tests.retrieval.golden import PEOPLE_FILE, people_ids

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    return dict(json.loads(PEOPLE_FILE.read_text(encoding="utf-8")))


def _compare(want: dict[str, Any], got: dict[str, Any]) -> None:
    assert [p["jabatan_id"] for p in got["positions"]] == [
        p["jabatan_id"] for p in want["positions"]
    ]
    for w, g in zip(want["positions"], got["positions"], strict=True):
        assert g == w, f"position {w['jabatan_id']}"
    assert [n["need"] for n in got["needs"]] == [n["need"] for n in want["needs"]]
    for w, g in zip(want["needs"], got["needs"], strict=True):
        assert g == w, f"need {w['need']!r}"


def test_hashing_encoder_gives_the_golden_ids(
    golden: dict[str, Any], generated_data: tuple[Engine, Path]
) -> None:
    engine, workdir = generated_data
    got = people_ids(engine, workdir / "hashing", bundled=None)
    assert len(golden["hashing"]["positions"]) == 12 and len(golden["hashing"]["needs"]) >= 30
    _compare(golden["hashing"], got["hashing"])


@pytest.mark.realmodel
def test_bundled_model_gives_the_golden_ids(
    golden: dict[str, Any], generated_data: tuple[Engine, Path], bundled_encoder: Encoder
) -> None:
    engine, workdir = generated_data
    got = people_ids(engine, workdir / "bundled", bundled=bundled_encoder, hashing=False)
    assert got["bundled"]["instansi_id"] == golden["bundled"]["instansi_id"]
    _compare(golden["bundled"], got["bundled"])
