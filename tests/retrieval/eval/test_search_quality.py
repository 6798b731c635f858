"""`talenta eval search` runs end to end on a small synthetic set (hashing encoder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.eval.search_quality import DEFAULT_NEEDS, run_evaluation
from retrieval.settings import EncoderSettings, SearchSettings


@pytest.mark.slow
def test_evaluation_scores_every_retriever_on_both_sets(tmp_path: Path) -> None:
    rows = run_evaluation(
        encoders=["hashing"],
        pegawai=300,
        seed=11,
        needs_file=DEFAULT_NEEDS,
        settings=SearchSettings(),
        encoder_settings=EncoderSettings(backend="hashing"),
        workdir=tmp_path,
    )
    cells = {(r.subset, r.retriever): r for r in rows}
    assert set(cells) == {
        (s, m) for s in ("generated", "handwritten") for m in ("bm25", "dense", "fused")
    }
    assert all(0.0 <= r.hit3 <= 1.0 and 0.0 <= r.ndcg10 <= 1.0 for r in rows)
    assert all(r.needs > 0 for r in rows)
    # Generated needs use the records' own words: BM25 finds them, and the coverage fusion
    # keeps BM25's order when every word of a need is found (never worse there).
    gen_bm25, gen_fused = cells[("generated", "bm25")], cells[("generated", "fused")]
    assert gen_bm25.hit3 >= 0.9
    assert gen_fused.hit3 >= gen_bm25.hit3 and gen_fused.ndcg10 >= gen_bm25.ndcg10 - 1e-9
