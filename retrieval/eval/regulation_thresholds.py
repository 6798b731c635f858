"""``python -m retrieval.eval.regulation_thresholds``: choose the no-answer thresholds.

The decision sits on the retrievers' RAW results, never on fused ranks: a question is answered
when ``bm25 + support_weight * support >= relevance_min`` (best raw BM25 score; ``support`` =
share of the question covered by the best-BM25 provision, see
:mod:`retrieval.regulations.relevance`) OR its best cosine reaches ``dense_min``, unless more
than ``unknown_max`` of the question is words neither the corpus nor the vocabulary knows.

Procedure, on the evaluation set (questions answered without the threshold, i.e. explicit
article references and rule checks, are left out of the answerable side):

1. ``dense_min``: the highest cosine of any unanswerable question plus a margin of 0.03,
   rounded up to 0.01 (the bundled English model scores Indonesian questions in a narrow band,
   so it only answers alone when it is clearly more confident than on any unanswerable one).
2. For every ``unknown_max`` and ``support_weight`` of a grid, every ``relevance_min`` that
   refuses at least ``--target`` of the unanswerable questions, each placed halfway between the
   highest refused unanswerable score and the lowest answered score (a margin on both sides).
   It keeps the combination that lets most answerable questions through, then the one that
   refuses most unanswerable ones; remaining ties go to the largest ``unknown_max`` (the
   mildest rule), then to the middle of the tied weights.
3. Cross-validation: steps 1-2 are repeated on 4/5 of the questions (stratified, 3 shuffles)
   and the thresholds applied to the held-out 1/5; the pooled refusal and pass rates are
   printed. They estimate how the thresholds do on questions they were not fitted on.

Write the result into config.yaml (``regulations.relevance_min`` / ``support_weight`` /
``dense_min``) and docs/knowledge-base.md.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.corpus import load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.factory import build_encoder
from retrieval.eval.regulation_quality import EvalSet, load_eval_set
from retrieval.eval.regulation_report import DEFAULT_EVAL
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.normalise import normalise
from retrieval.regulations.references import parse_reference
from retrieval.regulations.rule_check import check_rule
from retrieval.regulations.settings import RegulationSearchSettings
from retrieval.settings import EncoderSettings

WEIGHTS = (0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0, 30.0)
UNKNOWN = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 1.0)
DENSE_MARGIN = 0.03


@dataclass(frozen=True)
class Features:
    """(bm25, cosine, support, unknown) per question, answerable (pos) and unanswerable (neg)."""

    pos: np.ndarray
    neg: np.ndarray


@dataclass(frozen=True)
class Calibration:
    relevance_min: float
    support_weight: float
    dense_min: float
    unknown_max: float
    refused: float  # share of unanswerable questions refused
    kept: float  # share of answerable questions that pass


@dataclass(frozen=True)
class CrossValidation:
    folds: int
    repeats: int
    refused: float  # pooled over held-out folds
    kept: float


def _row(assistant: RegulationAnswerer, question: str) -> tuple[float, float, float, float]:
    r = assistant.search(normalise(question), threshold=False).relevance
    return r.bm25, r.cosine, r.support, r.unknown


def features(assistant: RegulationAnswerer, eval_set: EvalSet) -> Features:
    def searched(q: str) -> bool:
        """Whether the threshold decides this question (not a reference or rule check)."""
        return parse_reference(q) is None and (
            check_rule(normalise(q).normalised, assistant.thresholds) is None
        )

    pos = [_row(assistant, a.q) for a in eval_set.answerable if searched(a.q)]
    neg = [_row(assistant, u.q) for u in eval_set.unanswerable]
    return Features(pos=np.array(pos, dtype=np.float64), neg=np.array(neg, dtype=np.float64))


def _passes(x: np.ndarray, c: Calibration) -> np.ndarray:
    lexical = (x[:, 0] + c.support_weight * x[:, 2]) >= c.relevance_min
    return (lexical | (x[:, 1] >= c.dense_min)) & (x[:, 3] <= c.unknown_max)


def _rates(f: Features, c: Calibration) -> Calibration:
    refused = float(np.mean(~_passes(f.neg, c)))
    kept = float(np.mean(_passes(f.pos, c)))
    return Calibration(c.relevance_min, c.support_weight, c.dense_min, c.unknown_max, refused, kept)


def calibrate(f: Features, target: float = 0.9) -> Calibration:
    dense_min = math.ceil((float(f.neg[:, 1].max()) + DENSE_MARGIN) * 100) / 100
    options: list[Calibration] = []
    for unknown_max in UNKNOWN:
        for weight in WEIGHTS:
            z_pos = f.pos[:, 0] + weight * f.pos[:, 2]
            z_neg = f.neg[:, 0] + weight * f.neg[:, 2]
            # Candidate thresholds just above each unanswerable score (and 0: answer all).
            for upper in sorted({0.0, *(float(v) + 1e-6 for v in z_neg)}):
                trial = _rates(f, Calibration(upper, weight, dense_min, unknown_max, 0, 0))
                if trial.refused < target:
                    continue
                answered = z_pos[z_pos >= upper]
                below = z_neg[z_neg < upper]
                lower = float(below.max()) if below.size else 0.0
                top = float(answered.min()) if answered.size else upper
                threshold = round((lower + top) / 2, 2) if top > lower else upper
                c = _rates(f, Calibration(threshold, weight, dense_min, unknown_max, 0, 0))
                options.append(c if c.refused >= target else trial)
    best = max(((o.kept, o.refused) for o in options), default=(0.0, 0.0))
    if best[0] == 0.0:
        raise ValueError(
            "tidak ada ambang yang menolak cukup banyak pertanyaan tak terjawab "
            "dan masih meloloskan pertanyaan terjawab"
        )
    mildest = max(o.unknown_max for o in options if (o.kept, o.refused) == best)
    tied = [o for o in options if (o.kept, o.refused) == best and o.unknown_max == mildest]
    return tied[len(tied) // 2]


def cross_validate(
    f: Features, target: float = 0.9, folds: int = 5, repeats: int = 3
) -> CrossValidation:
    passed_pos = passed_neg = 0
    total_pos = total_neg = 0
    for seed in range(repeats):
        rng = np.random.default_rng(seed)
        fold_pos = rng.permutation(len(f.pos)) % folds
        fold_neg = rng.permutation(len(f.neg)) % folds
        for k in range(folds):
            train = Features(pos=f.pos[fold_pos != k], neg=f.neg[fold_neg != k])
            c = calibrate(train, target)
            test_pos, test_neg = f.pos[fold_pos == k], f.neg[fold_neg == k]
            passed_pos += int(_passes(test_pos, c).sum())
            passed_neg += int(_passes(test_neg, c).sum())
            total_pos += len(test_pos)
            total_neg += len(test_neg)
    return CrossValidation(
        folds=folds,
        repeats=repeats,
        refused=1.0 - passed_neg / total_neg,
        kept=passed_pos / total_pos,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--encoder", choices=("bundled", "hashing"), default="bundled")
    parser.add_argument("--target", type=float, default=0.9)
    args = parser.parse_args(argv)
    assistant = RegulationAnswerer.build(
        load_corpus(),
        build_encoder(EncoderSettings(backend=args.encoder)),
        RegulationSearchSettings(cache=False),
        thresholds(),
    )
    f = features(assistant, load_eval_set(args.questions))
    for label, x in (("tak terjawab", f.neg), ("terjawab (lewat ambang)", f.pos)):
        print(
            f"{label} (n={len(x)}): BM25 terbaik min/median/max = {x[:, 0].min():.2f}/"
            f"{np.median(x[:, 0]):.2f}/{x[:, 0].max():.2f}; cosine = {x[:, 1].min():.3f}/"
            f"{np.median(x[:, 1]):.3f}/{x[:, 1].max():.3f}; support = {x[:, 2].min():.2f}/"
            f"{np.median(x[:, 2]):.2f}/{x[:, 2].max():.2f}; unknown = {x[:, 3].min():.2f}/"
            f"{np.median(x[:, 3]):.2f}/{x[:, 3].max():.2f}"
        )
    c = calibrate(f, args.target)
    cv = cross_validate(f, args.target)
    print(
        f"relevance_min: {c.relevance_min}\nsupport_weight: {c.support_weight}\n"
        f"dense_min: {c.dense_min}\nunknown_max: {c.unknown_max}\n"
        f"seluruh set: ditolak (tak terjawab) {c.refused:.2f}; lolos (terjawab) {c.kept:.2f}\n"
        f"validasi silang {cv.folds}-lipat x{cv.repeats}: ditolak {cv.refused:.2f}; "
        f"lolos {cv.kept:.2f}"
    )


if __name__ == "__main__":
    main()
