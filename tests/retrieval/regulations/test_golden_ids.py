"""Regulation search returns the recorded golden ids (tests/retrieval/golden.py)."""

from __future__ import annotations

import json

import pytest

from retrieval.encoders.base import Encoder
from tests.retrieval.golden import REGULATIONS_FILE, regulation_ids, regulation_questions

pytestmark = [pytest.mark.slow, pytest.mark.realmodel]


def test_the_real_corpus_with_the_bundled_model_gives_the_golden_ids(
    bundled_encoder: Encoder,
) -> None:
    golden = json.loads(REGULATIONS_FILE.read_text(encoding="utf-8"))
    assert [g["q"] for g in golden] == regulation_questions()
    got = regulation_ids(bundled_encoder)
    for want, have in zip(golden, got, strict=True):
        assert have == want, want["q"]
    assert sum(1 for g in golden if g["answer"]) > 0
