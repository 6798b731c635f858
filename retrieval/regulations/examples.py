"""Example questions as evidence: how close a question is to questions known to be answered
by a provision, or known to be out of the knowledge base.

The examples are the questions of the fit file, copied into ``learned.json`` by
``python -m retrieval.eval.regulation_fit`` with the provisions that answer them (none for a
question to decline). Each example is indexed like a query (normalised, with its expansions)
for BM25 and for the encoder. For a new question, :meth:`ExampleIndex.scores` gives per
provision the best BM25 score and cosine among its examples, and the best of both among the
examples to decline; the learned ranker and answer model weigh them with the other features.
It also holds the :class:`~retrieval.regulations.provision_classifier.ProvisionClassifier`
trained on the same examples and on the provisions' summaries, and gives its decision value
per provision.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.encoders.base import Encoder
from retrieval.regulations.dense import build_dense_index
from retrieval.regulations.normalise import NormalisedQuery, normalise
from retrieval.regulations.provision_bm25 import ProvisionBM25
from retrieval.regulations.provision_classifier import ProvisionClassifier


@dataclass(frozen=True)
class Example:
    text: str
    provisions: tuple[str, ...]  # () = a question the assistant must decline


@dataclass(frozen=True)
class ExampleScores:
    bm25: np.ndarray  # per provision row: best BM25 of its examples (0 when none)
    cosine: np.ndarray  # per provision row: best cosine of its examples (-1 when none)
    decline_bm25: float  # best BM25 among examples to decline
    decline_cosine: float  # best cosine among examples to decline
    classifier: np.ndarray  # per provision row: the provision classifier's decision value


@dataclass(frozen=True)
class SummaryText:
    """A provision's own text for the classifier: a summary document and its vector."""

    row: int
    text: str
    vector: np.ndarray


class ExampleIndex:
    def __init__(
        self,
        examples: Sequence[Example],
        encoder: Encoder,
        provision_row: dict[str, int],
        expansion_weight: float,
        cache_dir: Path | None = None,
        summaries: Sequence[SummaryText] = (),
    ):
        """``summaries``: the provisions' summary documents, also classifier training rows."""
        self._size = len(provision_row)
        self._weight = expansion_weight
        texts = [normalise(e.text).expanded for e in examples]
        self._texts = texts
        self._summaries = tuple(summaries)
        self._classifiers: dict[bytes, ProvisionClassifier] = {}
        self._lexical = ProvisionBM25(texts)
        digest = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()
        self._dense = build_dense_index(encoder, texts, corpus_hash=digest, cache_dir=cache_dir)
        pairs = [
            (n, provision_row[p])
            for n, e in enumerate(examples)
            for p in e.provisions
            if p in provision_row
        ]
        self._pair_example = np.array([n for n, _ in pairs], dtype=np.int64)
        self._pair_row = np.array([r for _, r in pairs], dtype=np.int64)
        self._decline = np.array([not e.provisions for e in examples], dtype=bool)
        # Trained now, at start-up, so the first question does not wait for it (about 2 s).
        self.classifier(np.ones(len(examples), dtype=bool))

    def scores(
        self, query: NormalisedQuery, vector: np.ndarray, exclude: np.ndarray | None = None
    ) -> ExampleScores:
        """``exclude``: a mask of examples to leave out (the fitting code leaves out the
        question's own fold, so that a question never meets itself)."""
        lexical = self._lexical.scores(query.primary, " ".join(query.expansions), self._weight)
        keep = np.ones(lexical.shape[0], dtype=bool) if exclude is None else ~exclude
        lexical = np.where(keep, lexical, 0.0)
        bm25 = np.zeros(self._size, dtype=np.float64)
        if self._pair_row.size:
            np.maximum.at(bm25, self._pair_row, lexical[self._pair_example])
        decline = self._decline & keep
        best_cos, decline_cos = self.cosines(vector, exclude)
        return ExampleScores(
            bm25=bm25,
            cosine=best_cos,
            decline_bm25=float(lexical[decline].max()) if decline.any() else 0.0,
            decline_cosine=decline_cos,
            classifier=self.classifier(keep).scores(query.expanded, vector),
        )

    def cosines(
        self, vector: np.ndarray, exclude: np.ndarray | None = None
    ) -> tuple[np.ndarray, float]:
        """Per provision row the best cosine of ``vector`` to its examples (-1 when none), and
        the best cosine to an example to decline; ``exclude`` as in :meth:`scores`."""
        cosine = self._dense.scores(vector)
        keep = np.ones(cosine.shape[0], dtype=bool) if exclude is None else ~exclude
        cosine = np.where(keep, cosine, -1.0)
        best = np.full(self._size, -1.0, dtype=np.float64)
        if self._pair_row.size:
            np.maximum.at(best, self._pair_row, cosine[self._pair_example])
        decline = self._decline & keep
        return best, float(cosine[decline].max()) if decline.any() else -1.0

    def classifier(self, keep: np.ndarray) -> ProvisionClassifier:
        """The classifier trained on the kept examples (all of them at run time; without a
        fold while fitting), trained once per distinct ``keep``."""
        key = np.packbits(keep).tobytes()
        found = self._classifiers.get(key)
        if found is None:
            kept = set(np.flatnonzero(keep & ~self._decline).tolist())
            pairs = [
                (n, r) for n, r in zip(self._pair_example, self._pair_row, strict=True) if n in kept
            ]
            texts = [self._texts[n] for n, _ in pairs] + [s.text for s in self._summaries]
            vectors = [self._dense.vectors[n] for n, _ in pairs] + [
                s.vector for s in self._summaries
            ]
            rows = [int(r) for _, r in pairs] + [s.row for s in self._summaries]
            found = ProvisionClassifier(texts, np.vstack(vectors), rows, self._size)
            self._classifiers[key] = found
        return found
