"""Learned ranking and no-answer decision for provision search.

Two small logistic regressions replace hand-set weights and thresholds:

- the **ranker** scores each candidate provision (the union of the best BM25 and the best
  dense candidates) from :data:`RANK_FEATURES`: its raw BM25 score and cosine, both also
  relative to the best of the question, the share of the question it covers (``support``),
  its reciprocal ranks in each retriever, and whether it is a whole-regulation record;
- the **answer model** gives the probability that a question is answerable from
  :data:`ANSWER_FEATURES`: best raw BM25 and cosine, the support of the best-BM25 provision,
  the share of unknown words, the ranker's best logit and its margin over the second.

Both also weigh example questions (:mod:`retrieval.regulations.examples`): how close the
question is to questions a provision answers, and to questions that must be declined; the
ranker also weighs the provision classifier trained on them
(:mod:`retrieval.regulations.provision_classifier`).

The question is answered when that probability reaches ``answer_min``. The best-ranked
provision is cited, and each further one whose ranker probability reaches ``cite_min`` and whose
logit is within ``cite_gap`` of the best one's (a provision far less likely than the best is
not cited beside it, however likely on its own).
All parameters are fitted by ``python -m retrieval.eval.regulation_fit`` on the fit file only
and stored in ``learned.json`` next to this module, one entry per encoder (cosines of two
encoders are on different scales), with the fit file's sha256.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.regulations.examples import Example, ExampleScores

LEARNED_FILE = Path(__file__).with_name("learned.json")

RANK_FEATURES = (
    "bm25",
    "bm25_share",  # bm25 / best bm25 of the question
    "cosine",
    "cosine_gap",  # cosine - best cosine of the question
    "support",
    "bm25_rr",  # 1 / (1 + rank) in the BM25 list, 0 when not in it
    "dense_rr",  # 1 / (1 + rank) in the dense list
    "whole",  # 1 for a whole-regulation record ("seluruh")
    "ex_bm25",  # best BM25 among the provision's example questions
    "ex_bm25_share",  # ex_bm25 / best example BM25 of the question
    "ex_cosine",  # best cosine among the provision's example questions
    "ex_cosine_gap",  # ex_cosine - best example cosine of the question
    "clf",  # the provision classifier's decision value
    "clf_gap",  # clf - best decision value of the question
    "clf_rr",  # 1 / (1 + rank) among all provisions by decision value
    # The same for the core of a long question (retrieval.regulations.core_question); equal to
    # the whole question's values when the question is its own core.
    "core_bm25_share",
    "core_cosine",
    "core_cosine_gap",
    "core_ex_cosine",
    "core_ex_cosine_gap",
    "box",  # 1 for the box provision of the box the question describes (box_reading)
)
ANSWER_FEATURES = (
    "bm25",
    "cosine",
    "support",
    "unknown",
    "top_logit",
    "top_margin",
    "ex_bm25_best",  # best BM25 of any answered example question
    "ex_cosine_best",  # best cosine of any answered example question
    "decline_bm25",  # best BM25 of any example question to decline
    "decline_cosine",  # best cosine of any example question to decline
    "core_cosine_best",
    "core_ex_cosine_best",
    "core_decline_cosine",
    "core_support",
)


@dataclass(frozen=True)
class CoreScores:
    """Scores of the core of a question, per provision row (see RANK_FEATURES)."""

    bm25: np.ndarray
    cosine: np.ndarray  # -inf for provisions not allowed
    ex_cosine: np.ndarray  # best cosine to the provision's example questions (-1 when none)
    decline_cosine: float  # best cosine to an example question to decline (-1 when none)
    support: float  # the share of the core's terms its best-BM25 provision covers


@dataclass(frozen=True)
class Linear:
    """A standardised linear model: logit = ((x - mean) / scale) . coef + intercept."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def logits(self, rows: np.ndarray) -> np.ndarray:
        x = (np.asarray(rows, dtype=np.float64) - np.asarray(self.mean)) / np.asarray(self.scale)
        return np.asarray(x @ np.asarray(self.coef) + self.intercept, dtype=np.float64)

    def to_json(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any], expected: tuple[str, ...]) -> Linear:
        names = tuple(str(n) for n in raw["names"])
        if names != expected:
            raise ValueError(f"{LEARNED_FILE.name}: fitur {names} ≠ {expected}; jalankan ulang fit")
        return cls(
            names=names,
            mean=tuple(float(v) for v in raw["mean"]),
            scale=tuple(float(v) for v in raw["scale"]),
            coef=tuple(float(v) for v in raw["coef"]),
            intercept=float(raw["intercept"]),
        )


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64))))


def cited_beside_best(logit: float, best: float, cite_min: float, cite_gap: float) -> bool:
    """Whether a provision ranked after the best one is cited too: its ranker probability
    reaches ``cite_min`` and its logit is at most ``cite_gap`` below the best one's."""
    return float(sigmoid(logit)) >= cite_min and best - logit <= cite_gap


@dataclass(frozen=True)
class LearnedRelevance:
    encoder: str
    rank: Linear
    answer: Linear
    answer_min: float  # probability that the question is answerable, to answer it
    cite_min: float  # ranker probability for a provision after the best one to be cited
    cite_gap: float  # and its largest logit distance below the best one
    fit_sha256: str  # of the fit file the parameters were fitted on

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank.to_json(),
            "answer": self.answer.to_json(),
            "answer_min": self.answer_min,
            "cite_min": self.cite_min,
            "cite_gap": self.cite_gap,
            "fit_sha256": self.fit_sha256,
        }

    @classmethod
    def from_json(cls, encoder: str, raw: dict[str, Any]) -> LearnedRelevance:
        return cls(
            encoder=encoder,
            rank=Linear.from_json(raw["rank"], RANK_FEATURES),
            answer=Linear.from_json(raw["answer"], ANSWER_FEATURES),
            answer_min=float(raw["answer_min"]),
            cite_min=float(raw["cite_min"]),
            cite_gap=float(raw["cite_gap"]),
            fit_sha256=str(raw["fit_sha256"]),
        )


def load_learned(encoder: str, path: Path = LEARNED_FILE) -> LearnedRelevance | None:
    """The fitted parameters for ``encoder`` (its ``name``); None when none were fitted."""
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    entry = raw.get("encoders", {}).get(encoder)
    return None if entry is None else LearnedRelevance.from_json(encoder, entry)


def load_examples(path: Path = LEARNED_FILE) -> list[Example]:
    """The example questions the models were fitted with (empty when none)."""
    if not path.exists():
        return []
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [Example(str(e["q"]), tuple(str(i) for i in e["ids"])) for e in raw.get("examples", [])]


def save_learned(
    model: LearnedRelevance, examples: list[Example], path: Path = LEARNED_FILE
) -> None:
    """Write (or replace) the entry of ``model.encoder`` and the example questions; other
    encoders' entries stay (they must have been fitted on the same fit file)."""
    raw: dict[str, Any] = {"encoders": {}}
    if path.exists():
        raw = json.loads(path.read_text(encoding="utf-8"))
    stale = [
        name
        for name, entry in raw.get("encoders", {}).items()
        if entry.get("fit_sha256") != model.fit_sha256
    ]
    for name in stale:  # fitted with other examples: no longer valid
        del raw["encoders"][name]
    raw["fit_sha256"] = model.fit_sha256
    raw["examples"] = [{"q": e.text, "ids": list(e.provisions)} for e in examples]
    raw.setdefault("encoders", {})[model.encoder] = model.to_json()
    raw["encoders"] = dict(sorted(raw["encoders"].items()))
    path.write_text(json.dumps(raw, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def rank_rows(
    candidates: list[int],
    bm25: np.ndarray,
    cosine: np.ndarray,
    supports: list[float],
    bm25_rank: dict[int, int],
    dense_rank: dict[int, int],
    whole: np.ndarray,
    examples: ExampleScores | None,
    core: CoreScores,
    box_row: int = -1,
) -> np.ndarray:
    """One :data:`RANK_FEATURES` row per candidate provision row; ``box_row`` is the row of
    the box provision the question describes (-1 when none)."""
    best_eb = float(examples.bm25.max()) if examples is not None and examples.bm25.size else 0.0
    best_ec = float(examples.cosine.max()) if examples is not None and examples.cosine.size else 0.0
    finite_b = bm25[np.isfinite(bm25)]
    finite_c = cosine[np.isfinite(cosine)]
    best_b = float(finite_b.max()) if finite_b.size else 0.0
    best_c = float(finite_c.max()) if finite_c.size else 0.0
    core_b = np.where(np.isfinite(core.bm25), np.maximum(core.bm25, 0.0), 0.0)
    core_c = np.where(np.isfinite(core.cosine), core.cosine, 0.0)
    finite_core_c = core.cosine[np.isfinite(core.cosine)]
    best_core_b = float(core_b.max(initial=0.0))
    best_core_c = float(finite_core_c.max()) if finite_core_c.size else 0.0
    best_core_ec = float(core.ex_cosine.max()) if core.ex_cosine.size else 0.0
    rows = np.zeros((len(candidates), len(RANK_FEATURES)), dtype=np.float64)
    clf_best, clf_rank = 0.0, np.zeros(len(bm25), dtype=np.int64)
    if examples is not None:
        clf_best = float(examples.classifier.max())
        clf_rank[np.argsort(-examples.classifier, kind="stable")] = np.arange(len(bm25))
    for n, i in enumerate(candidates):
        b = max(float(bm25[i]), 0.0) if np.isfinite(bm25[i]) else 0.0
        c = float(cosine[i]) if np.isfinite(cosine[i]) else 0.0
        eb = float(examples.bm25[i]) if examples is not None else 0.0
        ec = float(examples.cosine[i]) if examples is not None else 0.0
        rows[n] = (
            b,
            b / best_b if best_b > 0 else 0.0,
            c,
            c - best_c,
            supports[n],
            1.0 / (1 + bm25_rank[i]) if i in bm25_rank else 0.0,
            1.0 / (1 + dense_rank[i]) if i in dense_rank else 0.0,
            float(whole[i]),
            eb,
            eb / best_eb if best_eb > 0 else 0.0,
            ec,
            ec - best_ec,
            float(examples.classifier[i]) if examples is not None else 0.0,
            float(examples.classifier[i]) - clf_best if examples is not None else 0.0,
            1.0 / (1 + clf_rank[i]) if examples is not None else 0.0,
            float(core_b[i]) / best_core_b if best_core_b > 0 else 0.0,
            float(core_c[i]),
            float(core_c[i]) - best_core_c,
            float(core.ex_cosine[i]),
            float(core.ex_cosine[i]) - best_core_ec,
            1.0 if i == box_row else 0.0,
        )
    return rows


def answer_row(
    best_bm25: float,
    best_cosine: float,
    best_support: float,
    unknown: float,
    logits: np.ndarray,
    examples: ExampleScores | None,
    core: CoreScores,
) -> np.ndarray:
    """The :data:`ANSWER_FEATURES` row of a question."""
    ex = (
        (
            float(examples.bm25.max(initial=0.0)),
            float(examples.cosine.max(initial=-1.0)),
            examples.decline_bm25,
            examples.decline_cosine,
        )
        if examples is not None
        else (0.0, -1.0, 0.0, -1.0)
    )
    ordered = np.sort(logits)[::-1]
    top = float(ordered[0]) if ordered.size else -10.0
    second = float(ordered[1]) if ordered.size > 1 else top - 10.0
    finite = core.cosine[np.isfinite(core.cosine)]
    core_row = (
        float(finite.max(initial=0.0)),
        float(core.ex_cosine.max(initial=-1.0)),
        core.decline_cosine,
        core.support,
    )
    return np.array(
        [best_bm25, best_cosine, best_support, unknown, top, top - second, *ex, *core_row],
        dtype=np.float64,
    )
