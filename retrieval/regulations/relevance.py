"""Features of the no-answer decision, computed from the retrievers' raw results.

A single BM25 threshold confuses two kinds of question: a short answerable one whose words are
all in one provision (low score: few words) and an unanswerable one that shares a common word
or two with the corpus ("gaji pokok PNS golongan III/a" meets the rank table through
"golongan"). What tells them apart is how much of the question the best provision covers:

``support`` = idf-weighted share of the question's analysed terms found in the provision with
the best raw BM25 score. The user's own words (and translations of English words) count with
their idf, added expansion terms with ``expansion_weight`` x idf, like in BM25 itself. A word
the corpus never uses weighs the most (idf of a term in no document) and is never covered:
"cuti", "pajak", "tilang" pull the support of a question down, and their share of the question
is a feature of its own, ``unknown``. Words the corpus never uses but
the query vocabulary knows (English words such as "retirement", slang such as "selter") are
left out: their Indonesian terms, added by the vocabulary, stand for them; so are numbers
that no document contains ("umur 57").

The decision: ``bm25 + support_weight * support`` (both raw, neither a rank) reaches
``relevance_min`` (or the best cosine reaches ``dense_min``), and ``unknown`` is at most
``unknown_max``; see
:class:`retrieval.regulations.settings.RegulationSearchSettings` and
``python -m retrieval.eval.regulation_thresholds``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from retrieval.regulations.normalise import NormalisedQuery, Vocabulary
from retrieval.regulations.provision_bm25 import ProvisionBM25, analyse


@dataclass(frozen=True)
class Relevance:
    bm25: float  # best raw BM25 score of any provision
    cosine: float  # best raw cosine of any provision
    support: float  # share of the question covered by the best-BM25 provision, 0..1
    unknown: float  # share of the question in words neither corpus nor vocabulary knows, 0..1
    # bm25 + support_weight * support; with the learned model, P(answerable)
    score: float


def vocabulary_stems(vocabulary: Vocabulary) -> frozenset[str]:
    """Stems of every word a user may write that the query vocabulary expands or translates."""
    words: set[str] = set()
    for table in (vocabulary.expand, vocabulary.translate):
        for phrase in table:
            words.update(phrase.split())
    return frozenset(t for w in words for t in analyse(w))


def weighted_terms(
    query: NormalisedQuery,
    lexical: ProvisionBM25,
    known: frozenset[str],
    expansion_weight: float,
) -> list[tuple[str, float]]:
    """(term, weight) of the question for the support feature."""
    primary = analyse(query.primary, unique=True)
    taken = set(primary)
    extra = [t for t in analyse(" ".join(query.expansions), unique=True) if t not in taken]
    out: list[tuple[str, float]] = []
    for terms, factor in ((primary, 1.0), (extra, expansion_weight)):
        for term in terms:
            # Left out when no document has them: words the vocabulary stands in for, and
            # numbers (an age or a year in a question is not a topic the corpus lacks).
            if term not in lexical.df and (term in known or term.isdigit()):
                continue
            out.append((term, factor * lexical.idf(term)))
    return out


def support(terms: Iterable[tuple[str, float]], provision_terms: frozenset[str]) -> float:
    """Weighted share of ``terms`` that ``provision_terms`` contains."""
    total = covered = 0.0
    for term, weight in terms:
        total += weight
        if term in provision_terms:
            covered += weight
    return covered / total if total > 0 else 0.0


def unknown_share(terms: Iterable[tuple[str, float]], lexical: ProvisionBM25) -> float:
    """Weighted share of ``terms`` that no document contains: the question is about
    something the knowledge base never mentions ("cuti", "tunjangan", "tilang")."""
    total = unknown = 0.0
    for term, weight in terms:
        total += weight
        if term not in lexical.df:
            unknown += weight
    return unknown / total if total > 0 else 1.0
