"""A linear classifier from a question to the provision that answers it.

Trained on the example questions (each labelled with the provisions that answer it) and on
the provisions' own summaries (Indonesian and English, so that every provision is a class
even without examples). Its input is what the router also reads: character n-grams inside
word boundaries (typos, slang, abbreviations: "brp", "kadis", "dimutasi" ~ "mutasi") and word
uni- and bigrams (phrases: "jabatan yang sama", "antar kabupaten"), plus the question's
sentence vector. A one-vs-rest linear SVM gives one decision value per provision.

Nearest-example features (:mod:`retrieval.regulations.examples`) only see the single closest
example of a provision; the classifier weighs all of them and every word they share, so a
question that is phrased like none of the examples but uses their words still points at the
right provision. The learned ranker takes its decision value as three features
(:data:`retrieval.regulations.learned.RANK_FEATURES`); the classifier alone decides nothing.

Training takes about two seconds (some 1,400 texts, 139 classes); it runs once at start-up, and
once per cross-validation fold when the ranker is fitted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

# The SVM's regularisation: C = 0.25 / 0.5 / 1.0 gave the learned ranker an out-of-fold hit@1
# of 0.834 / 0.836 / 0.842 on the fit file (a one-off script over the functions of
# retrieval.eval.regulation_fit, same folds); 1.0 kept.
C = 1.0
# Decision value of a provision the classifier never saw (it cannot happen when every
# provision has a summary; kept so that the array is always complete).
UNSEEN = -5.0


class ProvisionClassifier:
    def __init__(
        self,
        texts: Sequence[str],
        vectors: np.ndarray,
        rows: Sequence[int],
        size: int,
    ):
        """``texts`` (normalised, with expansions) and their sentence ``vectors`` are labelled
        with provision ``rows`` (one training row per label); ``size`` is the number of
        provisions."""
        self._size = size
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
        self._words = TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
        )
        x = self._features(
            self._chars.fit_transform(texts), self._words.fit_transform(texts), vectors
        )
        labels = np.asarray(rows, dtype=np.int64)
        # Seeded: the dual solver visits rows in a random order, and unseeded runs gave
        # slightly different decision values (a golden-ids test flipped once).
        self._model = LinearSVC(C=C, random_state=0).fit(x, labels)
        self._classes = np.asarray(self._model.classes_, dtype=np.int64)

    def scores(self, text: str, vector: np.ndarray) -> np.ndarray:
        """One decision value per provision row (higher: more likely the answer)."""
        x = self._features(
            self._chars.transform([text]), self._words.transform([text]), vector.reshape(1, -1)
        )
        decision = np.asarray(self._model.decision_function(x), dtype=np.float64).reshape(-1)
        out = np.full(self._size, UNSEEN, dtype=np.float64)
        if self._classes.size == 2:  # a binary SVM returns one value: for the second class
            out[self._classes[1]] = decision[0]
            out[self._classes[0]] = -decision[0]
        else:
            out[self._classes] = decision
        return out

    @staticmethod
    def _features(chars: sparse.spmatrix, words: sparse.spmatrix, vectors: np.ndarray) -> Any:
        """Character n-grams, word n-grams and sentence vectors side by side, one row each."""
        dense = sparse.csr_matrix(np.asarray(vectors, dtype=np.float64))
        return sparse.hstack([chars, words, dense]).tocsr()
