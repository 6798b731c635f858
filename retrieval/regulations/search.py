"""Hybrid provision search: BM25 + dense cosine, fused by reciprocal rank fusion
(:func:`retrieval.index.fusion.rrf`), with a no-answer decision on the retrievers' raw scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from retrieval.encoders.base import Encoder
from retrieval.index.fusion import rrf
from retrieval.regulations.box_reading import BOX_PROVISION, box_in
from retrieval.regulations.core_question import core_question
from retrieval.regulations.dense import DenseIndex
from retrieval.regulations.documents import Document
from retrieval.regulations.examples import ExampleIndex, ExampleScores, SummaryText
from retrieval.regulations.learned import (
    CoreScores,
    LearnedRelevance,
    answer_row,
    cited_beside_best,
    rank_rows,
    sigmoid,
)
from retrieval.regulations.normalise import (
    NormalisedQuery,
    Vocabulary,
    default_vocabulary,
    normalise,
)
from retrieval.regulations.provision_bm25 import ProvisionBM25
from retrieval.regulations.relevance import (
    Relevance,
    support,
    unknown_share,
    vocabulary_stems,
    weighted_terms,
)
from retrieval.regulations.settings import RegulationSearchSettings


class Mode(StrEnum):
    fused = "fused"
    bm25 = "bm25"
    dense = "dense"


# The ranker's own decision boundary (probability 0.5 that a provision is relevant): a
# declined question's best provision at or above it is offered as a hint. Not tuned.
NEAREST_MIN = 0.5
# Candidates added by the core of a long question: the best this many by its cosine to the
# provisions and by its cosine to their example questions.
CORE_CANDIDATES = 5


@dataclass(frozen=True)
class ProvisionHit:
    provision_id: str
    regulation: str
    bm25: float  # raw BM25 score of the provision's best document
    cosine: float  # raw cosine of the provision's best document
    score: float  # the ranking score of the mode (RRF, BM25 or cosine)


@dataclass(frozen=True)
class ProvisionResult:
    query: NormalisedQuery
    hits: tuple[ProvisionHit, ...]  # rank order, only provisions that pass the relevance threshold
    relevance: Relevance  # the no-answer decision's features
    # When the no-answer model declined: the best-ranked provision, if the ranker still holds it
    # more likely relevant than not (a hint shown as such, never an answer).
    nearest: ProvisionHit | None = None

    @property
    def found(self) -> bool:
        return bool(self.hits)

    @property
    def best_bm25(self) -> float:
        return self.relevance.bm25

    @property
    def best_cosine(self) -> float:
        return self.relevance.cosine


class ProvisionSearcher:
    """Scores every document of a small corpus exactly; aggregates documents per provision."""

    def __init__(
        self,
        documents: Sequence[Document],
        lexical: ProvisionBM25,
        dense: DenseIndex,
        encoder: Encoder,
        settings: RegulationSearchSettings,
        vocabulary: Vocabulary | None = None,
        learned: LearnedRelevance | None = None,
        examples: ExampleIndex | None = None,
    ):
        self._docs = list(documents)
        self._lexical = lexical
        self._dense = dense
        self._encoder = encoder
        self.encoder = encoder
        self.settings = settings
        # Provision ids in a fixed order; documents point to a provision row.
        self._provision_ids = list(dict.fromkeys(d.provision_id for d in self._docs))
        row = {pid: i for i, pid in enumerate(self._provision_ids)}
        self._doc_row = np.array([row[d.provision_id] for d in self._docs], dtype=np.int64)
        self._row = row
        self._regulation_of = {d.provision_id: d.regulation for d in self._docs}
        # Analysed terms of each provision (all its documents) for the support feature.
        terms: list[set[str]] = [set() for _ in self._provision_ids]
        for doc_row, doc_terms in zip(self._doc_row, lexical.doc_terms, strict=True):
            terms[int(doc_row)].update(doc_terms)
        self._provision_terms = [frozenset(t) for t in terms]
        self._known = vocabulary_stems(vocabulary or default_vocabulary())
        # A provision id without ":" is a whole-regulation record ("seluruh").
        self._whole = np.array([":" not in p for p in self._provision_ids], dtype=np.float64)
        self.learned = learned
        self.examples = examples
        self._last_vector: tuple[str, np.ndarray] | None = None

    @property
    def provision_ids(self) -> list[str]:
        """Provision ids in row order (of :meth:`raw_scores` and :meth:`candidates`)."""
        return self._provision_ids

    def provision_row(self, provision_id: str) -> int:
        """Index of a provision in :meth:`raw_scores` arrays; -1 when not indexed."""
        return self._row.get(provision_id, -1)

    def summary_texts(self) -> list[SummaryText]:
        """Each summary document (not official-text units) normalised like a question, with
        its vector: what the provision classifier learns a provision's own words from."""
        return [
            SummaryText(int(self._doc_row[n]), normalise(d.text).expanded, self._dense.vectors[n])
            for n, d in enumerate(self._docs)
            if d.source in ("summary", "summary_en")
        ]

    def _per_provision(self, doc_scores: np.ndarray) -> np.ndarray:
        out = np.full(len(self._provision_ids), -np.inf, dtype=np.float32)
        np.maximum.at(out, self._doc_row, doc_scores)
        return out

    def query_vector(self, query: NormalisedQuery) -> np.ndarray:
        """The encoded question; the last one is kept, so that documents and example
        questions are scored with one encoding."""
        last = self._last_vector
        if last is not None and last[0] == query.expanded:
            return last[1]
        vector = np.asarray(self._encoder.encode([query.expanded])[0], dtype=np.float32)
        self._last_vector = (query.expanded, vector)
        return vector

    def raw_scores(self, query: NormalisedQuery) -> tuple[np.ndarray, np.ndarray]:
        """(BM25, cosine) per provision, in the searcher's provision order."""
        lexical = self._lexical.scores(
            query.primary, " ".join(query.expansions), self.settings.expansion_weight
        )
        bm25 = self._per_provision(lexical)
        vector = self.query_vector(query)
        cosine = self._per_provision(self._dense.scores(vector))
        return bm25, cosine

    def relevance(self, query: NormalisedQuery, bm25: np.ndarray, cosine: np.ndarray) -> Relevance:
        """The no-answer decision's features from the raw scores of the (allowed) provisions:
        best BM25, best cosine, and the support of the best-BM25 provision."""
        finite_bm25 = np.isfinite(bm25)
        finite_cos = cosine[np.isfinite(cosine)]
        best_cos = float(finite_cos.max()) if finite_cos.size else 0.0
        terms = weighted_terms(query, self._lexical, self._known, self.settings.expansion_weight)
        unknown = unknown_share(terms, self._lexical)
        if not finite_bm25.any():
            return Relevance(bm25=0.0, cosine=best_cos, support=0.0, unknown=unknown, score=0.0)
        row = int(np.argmax(np.where(finite_bm25, bm25, -np.inf)))
        best_bm25 = float(bm25[row])
        share = support(terms, self._provision_terms[row]) if best_bm25 > 0 else 0.0
        return Relevance(
            bm25=best_bm25,
            cosine=best_cos,
            support=share,
            unknown=unknown,
            score=best_bm25 + self.settings.support_weight * share,
        )

    def _answerable(self, relevance: Relevance, mode: Mode) -> bool:
        """The no-answer decision (raw scores and features computed from them, no ranks)."""
        s = self.settings
        if relevance.unknown > s.unknown_max:
            return False
        lexical = relevance.score >= s.relevance_min
        dense = relevance.cosine >= s.dense_min
        if mode is Mode.bm25:
            return lexical
        if mode is Mode.dense:
            return dense
        return lexical or dense

    def _citable(self, bm25: float, cosine: float, mode: Mode) -> bool:
        """Once a question is answerable, which ranked provisions may still be cited: each
        needs its own raw score above a floor, so a loosely related one is left out."""
        s = self.settings
        if mode is Mode.bm25:
            return bm25 >= s.cite_bm25_min
        if mode is Mode.dense:
            return cosine >= s.cite_dense_min
        return bm25 >= s.cite_bm25_min or cosine >= s.cite_dense_min

    def core_scores(
        self,
        query: NormalisedQuery,
        bm25: np.ndarray,
        cosine: np.ndarray,
        found: ExampleScores | None,
        exclude: np.ndarray | None = None,
    ) -> CoreScores:
        """Scores of the core of the question (:mod:`retrieval.regulations.core_question`);
        the whole question's when it is its own core. Provisions not allowed stay -inf."""
        core = core_question(query.original)
        allowed = np.isfinite(cosine)
        if core is None:
            ex_cos = found.cosine if found is not None else np.full(len(cosine), -1.0)
            decline = found.decline_cosine if found is not None else -1.0
            support_ = self._best_support(query, bm25)
            return CoreScores(bm25, cosine, np.where(allowed, ex_cos, -1.0), decline, support_)
        q = normalise(core)
        lexical = self._lexical.scores(
            q.primary, " ".join(q.expansions), self.settings.expansion_weight
        )
        core_bm25 = np.where(allowed, self._per_provision(lexical), -np.inf)
        vector = np.asarray(self._encoder.encode([q.expanded])[0], dtype=np.float32)
        core_cos = self._per_provision(self._dense.scores(vector))
        if self.examples is not None:
            ex_cos, decline = self.examples.cosines(vector, exclude)
        else:
            ex_cos, decline = np.full(len(cosine), -1.0), -1.0
        return CoreScores(
            bm25=core_bm25,
            cosine=np.where(allowed, core_cos, -np.inf),
            ex_cosine=np.where(allowed, ex_cos, -1.0),
            decline_cosine=decline,
            support=self._best_support(q, core_bm25),
        )

    def _best_support(self, query: NormalisedQuery, bm25: np.ndarray) -> float:
        """The share of the question's terms the best-BM25 provision covers."""
        if not np.isfinite(bm25).any() or float(np.max(bm25)) <= 0:
            return 0.0
        terms = weighted_terms(query, self._lexical, self._known, self.settings.expansion_weight)
        return support(terms, self._provision_terms[int(np.argmax(bm25))])

    def candidates(
        self,
        query: NormalisedQuery,
        bm25: np.ndarray,
        cosine: np.ndarray,
        exclude: np.ndarray | None = None,
    ) -> tuple[list[int], np.ndarray, Relevance, ExampleScores | None, CoreScores]:
        """Candidate provision rows (the best BM25, dense, example-question and core-question
        ones, and the box provision of a box the question describes), their ranking features
        (:data:`retrieval.regulations.learned.RANK_FEATURES`), the question's relevance
        features, its example scores and its core's scores. ``bm25``/``cosine`` are -inf for
        provisions not allowed; ``exclude`` masks example questions (fitting only)."""
        depth = self.settings.candidates
        by_bm25 = [int(i) for i in np.argsort(-bm25, kind="stable")[:depth] if bm25[i] > 0]
        by_dense = [
            int(i) for i in np.argsort(-cosine, kind="stable")[:depth] if np.isfinite(cosine[i])
        ]
        found = None
        by_example: list[int] = []
        if self.examples is not None:
            found = self.examples.scores(query, self.query_vector(query), exclude)
            allowed = np.isfinite(cosine)
            for values in (found.bm25, found.cosine):
                top = np.argsort(-np.where(allowed, values, -np.inf), kind="stable")[:10]
                by_example += [int(i) for i in top if allowed[i]]
        core = self.core_scores(query, bm25, cosine, found, exclude)
        by_core = [
            int(i)
            for values in (core.cosine, core.ex_cosine)
            for i in np.argsort(-values, kind="stable")[:CORE_CANDIDATES]
            if np.isfinite(cosine[i])
        ]
        box = box_in(query.original)
        box_row = self.provision_row(BOX_PROVISION.format(box)) if box is not None else -1
        by_box = [box_row] if box_row >= 0 and np.isfinite(cosine[box_row]) else []
        rows = list(dict.fromkeys([*by_bm25, *by_dense, *by_example, *by_core, *by_box]))
        terms = weighted_terms(query, self._lexical, self._known, self.settings.expansion_weight)
        supports = [support(terms, self._provision_terms[i]) for i in rows]
        features = rank_rows(
            rows,
            bm25,
            cosine,
            supports,
            {i: r for r, i in enumerate(by_bm25)},
            {i: r for r, i in enumerate(by_dense)},
            self._whole,
            found,
            core,
            box_row,
        )
        return rows, features, self.relevance(query, bm25, cosine), found, core

    def _learned_search(
        self,
        learned: LearnedRelevance,
        query: NormalisedQuery,
        bm25: np.ndarray,
        cosine: np.ndarray,
        k: int,
        threshold: bool,
    ) -> ProvisionResult:
        rows, features, relevance, found, core = self.candidates(query, bm25, cosine)
        nearest: ProvisionHit | None = None
        logits = learned.rank.logits(features) if rows else np.zeros(0)
        order = np.argsort(-logits, kind="stable")
        if threshold:
            x = answer_row(
                relevance.bm25,
                relevance.cosine,
                relevance.support,
                relevance.unknown,
                logits,
                found,
                core,
            )
            answerable = float(sigmoid(learned.answer.logits(x[None, :]))[0])
            relevance = Relevance(
                bm25=relevance.bm25,
                cosine=relevance.cosine,
                support=relevance.support,
                unknown=relevance.unknown,
                score=answerable,
            )
            if answerable < learned.answer_min:
                if len(order) and float(sigmoid(logits[order[0]])) >= NEAREST_MIN:
                    i = rows[int(order[0])]
                    pid = self._provision_ids[i]
                    nearest = ProvisionHit(
                        provision_id=pid,
                        regulation=self._regulation_of[pid],
                        bm25=float(bm25[i]),
                        cosine=float(cosine[i]),
                        score=float(logits[order[0]]),
                    )
                order = order[:0]
        hits: list[ProvisionHit] = []
        for n, j in enumerate(order):
            if (
                threshold
                and n > 0
                and not cited_beside_best(
                    float(logits[j]), float(logits[order[0]]), learned.cite_min, learned.cite_gap
                )
            ):
                continue
            i = rows[int(j)]
            pid = self._provision_ids[i]
            hits.append(
                ProvisionHit(
                    provision_id=pid,
                    regulation=self._regulation_of[pid],
                    bm25=float(bm25[i]),
                    cosine=float(cosine[i]),
                    score=float(logits[j]),
                )
            )
            if len(hits) == k:
                break
        return ProvisionResult(query=query, hits=tuple(hits), relevance=relevance, nearest=nearest)

    def search(
        self,
        query: NormalisedQuery,
        *,
        mode: Mode = Mode.fused,
        regulations: frozenset[str] | None = None,
        top_k: int | None = None,
        threshold: bool = True,
    ) -> ProvisionResult:
        """Top provisions for ``query``. With ``threshold=False`` the no-answer decision and
        the citation floor are skipped (to measure a retriever's ranking alone)."""
        k = top_k or self.settings.top_k
        bm25, cosine = self.raw_scores(query)
        allowed = np.ones(len(self._provision_ids), dtype=bool)
        if regulations is not None:
            allowed = np.array(
                [self._regulation_of[p] in regulations for p in self._provision_ids], dtype=bool
            )
        bm25 = np.where(allowed, bm25, -np.inf).astype(np.float32)
        cosine = np.where(allowed, cosine, -np.inf).astype(np.float32)
        if self.learned is not None and mode is Mode.fused:
            return self._learned_search(self.learned, query, bm25, cosine, k, threshold)
        depth = min(self.settings.candidates, int(allowed.sum()))
        # Stable sorts so equal scores keep corpus order (deterministic answers).
        by_bm25 = [int(i) for i in np.argsort(-bm25, kind="stable")[:depth] if bm25[i] > 0]
        by_dense = [int(i) for i in np.argsort(-cosine, kind="stable")[:depth]]
        if mode is Mode.bm25:
            ranked = [(i, float(bm25[i])) for i in by_bm25]
        elif mode is Mode.dense:
            ranked = [(i, float(cosine[i])) for i in by_dense]
        else:
            ranked = rrf(
                [by_bm25, by_dense],
                k=self.settings.rrf_k,
                weights=(1.0, self.settings.dense_weight),
            )
        relevance = self.relevance(query, bm25, cosine)
        if threshold and not self._answerable(relevance, mode):
            ranked = []
        hits = []
        for i, score in ranked:
            if threshold and not self._citable(float(bm25[i]), float(cosine[i]), mode):
                continue
            pid = self._provision_ids[i]
            hits.append(
                ProvisionHit(
                    provision_id=pid,
                    regulation=self._regulation_of[pid],
                    bm25=float(bm25[i]),
                    cosine=float(cosine[i]),
                    score=score,
                )
            )
            if len(hits) == k:
                break
        return ProvisionResult(query=query, hits=tuple(hits), relevance=relevance)
