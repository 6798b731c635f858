"""``python -m retrieval.regulations.calibrate``: choose the no-answer thresholds.

The thresholds sit on the retrievers' RAW scores (BM25 score, cosine), never on fused ranks:
a question is answered when its best BM25 score reaches ``bm25_min`` OR its best cosine
reaches ``dense_min``. For every pair of candidate values this computes, on the evaluation
set, the share of unanswerable questions refused and the share of answerable questions whose
expected provision still passes; it keeps the pairs that refuse at least ``--target`` of the
unanswerable ones and picks the one that keeps most answerable questions, preferring the
largest safety margin above the unanswerable scores. Write the result into config.yaml
(``regulations.bm25_min`` / ``regulations.dense_min``) and docs/configuration.md.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.corpus import load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoder import build_encoder
from retrieval.regulations.assistant import RegulationAssistant
from retrieval.regulations.evaluate import DEFAULT_EVAL
from retrieval.regulations.evaluation import EvalSet, load_eval_set
from retrieval.regulations.normalise import normalise
from retrieval.regulations.settings import RegulationSearchSettings
from retrieval.settings import EncoderSettings


@dataclass(frozen=True)
class Calibration:
    bm25_min: float
    dense_min: float
    refused: float  # share of unanswerable questions refused
    kept: float  # share of answerable questions whose expected provision passes
    margin: float  # smallest distance of the thresholds above the unanswerable maxima


def _expected_scores(
    assistant: RegulationAssistant, question: str, expect: tuple[str, ...]
) -> tuple[float, float]:
    """Best raw (BM25, cosine) of any expected provision for the question."""
    searcher = assistant.searcher
    bm25, cosine = searcher.raw_scores(normalise(question))
    rows = [searcher.provision_row(pid) for pid in expect if searcher.provision_row(pid) >= 0]
    if not rows:
        return 0.0, -1.0
    return float(bm25[rows].max()), float(cosine[rows].max())


def _best_scores(assistant: RegulationAssistant, question: str) -> tuple[float, float]:
    bm25, cosine = assistant.searcher.raw_scores(normalise(question))
    return float(bm25.max()), float(cosine.max())


def calibrate(
    assistant: RegulationAssistant, eval_set: EvalSet, target: float = 0.9
) -> Calibration:
    neg = np.array([_best_scores(assistant, u.q) for u in eval_set.unanswerable])
    pos = np.array([_expected_scores(assistant, a.q, a.expect) for a in eval_set.answerable])
    # Candidates: just above each observed unanswerable score, plus the observed answerable
    # ones (rounded so the values read well in config.yaml).
    bm25_grid = sorted({round(v, 1) for v in np.concatenate([neg[:, 0] + 0.05, pos[:, 0]])})
    dense_grid = sorted({round(v, 3) for v in np.concatenate([neg[:, 1] + 0.005, pos[:, 1]])})
    dense_grid.append(1.01)  # "dense never answers alone"
    best: Calibration | None = None
    for b in bm25_grid:
        for d in dense_grid:
            refused = float(np.mean((neg[:, 0] < b) & (neg[:, 1] < d)))
            if refused < target:
                continue
            kept = float(np.mean((pos[:, 0] >= b) | (pos[:, 1] >= d)))
            margin = min(b - float(neg[:, 0].max()), d - float(neg[:, 1].max()))
            cand = Calibration(float(b), float(d), refused, kept, float(margin))
            if best is None or (cand.kept, cand.refused, cand.margin) > (
                best.kept,
                best.refused,
                best.margin,
            ):
                best = cand
    if best is None:
        raise ValueError("tidak ada ambang yang menolak cukup banyak pertanyaan tak terjawab")
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--encoder", choices=("bundled", "hashing"), default="bundled")
    parser.add_argument("--target", type=float, default=0.9)
    args = parser.parse_args(argv)
    assistant = RegulationAssistant.build(
        load_corpus(),
        build_encoder(EncoderSettings(backend=args.encoder)),
        RegulationSearchSettings(cache=False),
        thresholds(),
    )
    eval_set = load_eval_set(args.questions)
    for label, items in (
        ("tak terjawab", eval_set.unanswerable),
        ("terjawab", eval_set.answerable),
    ):
        scores = np.array([_best_scores(assistant, i.q) for i in items])
        print(
            f"{label}: BM25 terbaik min/median/max = {scores[:, 0].min():.2f}/"
            f"{np.median(scores[:, 0]):.2f}/{scores[:, 0].max():.2f}; cosine = "
            f"{scores[:, 1].min():.3f}/{np.median(scores[:, 1]):.3f}/{scores[:, 1].max():.3f}"
        )
    c = calibrate(assistant, eval_set, args.target)
    print(
        f"bm25_min: {c.bm25_min}\ndense_min: {c.dense_min}\n"
        f"ditolak (tak terjawab): {c.refused:.2f}; lolos (terjawab): {c.kept:.2f}; "
        f"margin: {c.margin:.3f}"
    )


if __name__ == "__main__":
    main()
