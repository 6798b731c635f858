"""Regulation question answering: the one object the CLI and the conversation layer call.

Flow of :meth:`RegulationAnswerer.ask`: normalise the question; answer an explicit article
reference directly; decide a rule check from the merit rules' thresholds; otherwise (and
after the verdict) cite the provisions that hybrid search finds relevant enough, or say that
nothing relevant was found.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from knowledge.corpus import Corpus, Provision
from knowledge.corpus_official import OfficialText
from knowledge.rules.thresholds import ThresholdTable
from retrieval.encoders.base import Encoder
from retrieval.regulations.answer import Answer, CitedProvision
from retrieval.regulations.compose import cite, compose_answer, not_found
from retrieval.regulations.dense import build_dense_index
from retrieval.regulations.documents import build_documents, documents_hash, load_official_texts
from retrieval.regulations.examples import ExampleIndex
from retrieval.regulations.learned import LearnedRelevance, load_examples, load_learned
from retrieval.regulations.normalise import NormalisedQuery, normalise
from retrieval.regulations.provision_bm25 import ProvisionBM25
from retrieval.regulations.references import ExplicitReference, parse_reference
from retrieval.regulations.rule_check import check_rule
from retrieval.regulations.search import Mode, ProvisionResult, ProvisionSearcher
from retrieval.regulations.settings import RegulationSearchSettings

log = logging.getLogger(__name__)

# An explicit "Pasal 107" may have several huruf/ayat in the corpus; show them all up to this.
REFERENCE_MAX = 6


@dataclass(frozen=True)
class Paths:
    """Where the assistant reads ingested official texts (``<data_dir>/official/``) and
    caches its vectors (``<data_dir>/index/regulations/``)."""

    data_dir: Path | None = None
    cache_dir: Path | None = None

    @classmethod
    def under(cls, data_dir: Path) -> Paths:
        return cls(data_dir=data_dir, cache_dir=data_dir / "index" / "regulations")


class RegulationAnswerer:
    def __init__(
        self,
        corpus: Corpus,
        searcher: ProvisionSearcher,
        thresholds: ThresholdTable,
        official: dict[str, OfficialText] | None = None,
    ):
        self.corpus = corpus
        self.searcher = searcher
        self.thresholds = thresholds
        self.official = official or {}

    @classmethod
    def build(
        cls,
        corpus: Corpus,
        encoder: Encoder,
        settings: RegulationSearchSettings,
        thresholds: ThresholdTable,
        paths: Paths | None = None,
    ) -> RegulationAnswerer:
        paths = paths or Paths()
        started = time.perf_counter()
        official = load_official_texts(corpus, paths.data_dir)
        documents = build_documents(corpus, official)
        texts = [d.text for d in documents]
        dense = build_dense_index(
            encoder,
            texts,
            corpus_hash=documents_hash(documents),
            cache_dir=paths.cache_dir if settings.cache else None,
        )
        learned = learned_for(encoder) if settings.learned else None
        if settings.learned and learned is None:
            log.warning("no fitted regulation model for this encoder; using the thresholds")
        searcher = ProvisionSearcher(
            documents, ProvisionBM25(texts), dense, encoder, settings, learned=learned
        )
        if learned is not None:
            examples = load_examples()
            if examples:
                searcher.examples = ExampleIndex(
                    examples,
                    encoder,
                    {pid: searcher.provision_row(pid) for pid in searcher.provision_ids},
                    settings.expansion_weight,
                    paths.cache_dir / "examples" if paths.cache_dir and settings.cache else None,
                    summaries=searcher.summary_texts(),
                )
        log.info(
            "regulation assistant ready",
            extra={
                "documents": len(documents),
                "official": sum(d.source == "official" for d in documents),
                "ms": round((time.perf_counter() - started) * 1000),
            },
        )
        return cls(corpus, searcher, thresholds, official)

    # -- pieces -----------------------------------------------------------------------------
    def search(
        self,
        question: str | NormalisedQuery,
        *,
        mode: Mode = Mode.fused,
        regulations: frozenset[str] | None = None,
        threshold: bool = True,
    ) -> ProvisionResult:
        query = normalise(question) if isinstance(question, str) else question
        return self.searcher.search(query, mode=mode, regulations=regulations, threshold=threshold)

    def _cite(self, provision_id: str) -> CitedProvision:
        ref = self.corpus.provision(provision_id).ref
        doc = self.official.get(ref.regulation)
        quote = doc.quote(ref) if doc is not None and ref.pasal is not None else None
        return cite(self.corpus, provision_id, quote)

    def _family(self, regulation_id: str) -> frozenset[str]:
        """A regulation with those that amend it or that it amends (read together)."""
        status = self.corpus.regulation(regulation_id).status
        return frozenset((regulation_id, *status.amended_by, *status.amends))

    def _addressed(self, ref: ExplicitReference) -> list[Provision]:
        def matches(p: Provision, exact: bool) -> bool:
            r = p.ref
            if ref.bagian is not None and (r.bagian is None or r.bagian.value != ref.bagian):
                return False
            if ref.pasal is not None and r.pasal != ref.pasal:
                return False
            if not exact:
                return True
            return all(
                want is None or got == want
                for want, got in ((ref.ayat, r.ayat), (ref.huruf, r.huruf), (ref.angka, r.angka))
            )

        # The asked regulation first, then those read with it (an amendment may hold the
        # article as amended, or the amended regulation the article an amendment changes).
        order = [ref.regulation, *sorted(self._family(ref.regulation) - {ref.regulation})]
        for exact in (True, False):
            for reg in order:
                found = [p for p in self.corpus.provisions(reg) if matches(p, exact)]
                if found:
                    return found[:REFERENCE_MAX]
        return []

    def _regulation_overview(self, regulation_id: str) -> list[str]:
        provisions = self.corpus.provisions(regulation_id)
        whole = [p.id for p in provisions if p.is_whole]
        rest = [p.id for p in provisions if not p.is_whole]
        return (whole + rest)[: self.searcher.settings.top_k]

    # -- the answer -------------------------------------------------------------------------
    def ask(self, question: str) -> Answer:
        query = normalise(question)
        ref = parse_reference(question)
        if ref is not None and ref.regulation not in self.corpus:
            return not_found(
                self.corpus,
                reason=f"Peraturan yang Anda sebut ({ref.regulation}) belum ada di basis "
                "pengetahuan Talenta.",
            )
        if ref is not None and ref.is_article:
            addressed = self._addressed(ref)
            if addressed:
                return compose_answer(self.corpus, [self._cite(p.id) for p in addressed])
            name = self.corpus.regulation(ref.regulation).short_name
            where = f"Pasal {ref.pasal}" if ref.pasal else (ref.bagian or "").capitalize()
            return compose_answer(
                self.corpus,
                [self._cite(pid) for pid in self._regulation_overview(ref.regulation)],
                lead=f"{where} {name} tidak ada di basis pengetahuan Talenta (kami tidak menebak "
                f"isinya). Yang tersedia tentang {name}:",
            )
        verdict = check_rule(query.normalised, self.thresholds)
        scope = self._family(ref.regulation) if ref is not None else None
        result = self.searcher.search(query, regulations=scope)
        ids = [h.provision_id for h in result.hits]
        if verdict is not None:  # "Dasar aturannya" = exactly what the verdict rests on
            rule_ids = [pid for pid in verdict.citations if self.corpus.has(pid)]
            return compose_answer(
                self.corpus, [self._cite(pid) for pid in rule_ids], verdict=verdict.text
            )
        if not ids and ref is not None:
            ids = self._regulation_overview(ref.regulation)
        if not ids:
            log.info(
                "regulation question below threshold",
                extra={"bm25": round(result.best_bm25, 2), "cosine": round(result.best_cosine, 3)},
            )
            nearest = result.nearest
            return not_found(
                self.corpus, nearest=self._cite(nearest.provision_id) if nearest else None
            )
        return compose_answer(self.corpus, [self._cite(pid) for pid in ids])


def learned_for(encoder: Encoder) -> LearnedRelevance | None:
    """The fitted ranking and no-answer models for ``encoder``: its own, else those of the model
    it was exported from (an ONNX export, fp32 or int8, of the bundled model: ``reproduces``)."""
    own = load_learned(encoder.name)
    if own is not None:
        return own
    origin = getattr(encoder, "reproduces", None)
    if not isinstance(origin, str):
        return None
    learned = load_learned(origin)
    if learned is not None:
        log.info("regulation model of the exported-from encoder", extra={"encoder": origin})
    return learned
