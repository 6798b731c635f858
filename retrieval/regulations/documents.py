"""What gets indexed: one document per provision (summary + key terms + topics + regulation
title), plus one per parsed official-text unit when an agency has ingested the official text."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from knowledge.citations import ProvisionRef
from knowledge.corpus import Corpus, Provision, Regulation
from knowledge.corpus_official import OfficialText, Unit
from knowledge.ingest import list_official, load_official
from retrieval.regulations.normalise import normalise

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    provision_id: str  # the provision an answer cites when this document matches
    regulation: str
    text: str
    source: str  # "summary" | "summary_en" | "official"


def provision_text(provision: Provision, regulation: Regulation) -> str:
    """Summary + key terms + topics + regulation title, plus the vocabulary's long forms of
    the abbreviations used ("JPT" → "jabatan pimpinan tinggi"), so a question written either
    way shares words with it: what both retrievers index."""
    parts = [
        provision.summary,
        " ; ".join(provision.terms),
        " ; ".join(provision.topics),
        regulation.title,
        regulation.short_name,
        provision.ref.label(),
    ]
    text = " . ".join(p for p in parts if p)
    added = normalise(text).expansions
    return text + (" . " + " ; ".join(added) if added else "")


def english_text(provision: Provision, regulation: Regulation) -> str:
    """The provision's English summary with the regulation's short name and the article's
    label: a second document of the same provision, so that a question asked in English meets
    English words (the bundled encoder is an English model) rather than only Indonesian ones."""
    assert provision.summary_en is not None
    return " . ".join([provision.summary_en, regulation.short_name, provision.ref.label()])


def summary_documents(corpus: Corpus) -> list[Document]:
    """One document per provision from its Indonesian summary, and a second one from its
    English summary where the corpus has it; both cite the same provision."""
    docs: list[Document] = []
    for provision in corpus.provisions():
        regulation = corpus.regulation(provision.regulation)
        texts = {"summary": provision_text(provision, regulation)}
        if provision.summary_en:
            texts["summary_en"] = english_text(provision, regulation)
        docs.extend(
            Document(
                provision_id=provision.id,
                regulation=provision.regulation,
                text=text,
                source=source,
            )
            for source, text in texts.items()
        )
    docs.sort(key=lambda d: (d.provision_id, d.source))
    return docs


def _cited_id(corpus: Corpus, unit: Unit) -> str:
    """The most precise summarised provision an official-text unit belongs to."""
    ref = ProvisionRef.parse(unit.id)
    candidates = [ref.id, ProvisionRef(regulation=ref.regulation, pasal=ref.pasal).id]
    for pid in candidates:
        if corpus.has(pid):
            return pid
    # An article the summaries do not cover: cite the regulation as a whole when it is in
    # the corpus (the quote then shows the official wording), else the article itself.
    return ref.regulation if corpus.has(ref.regulation) else ref.id


def load_official_texts(corpus: Corpus, data_dir: Path | None) -> dict[str, OfficialText]:
    """Ingested official texts (``<data_dir>/official/<id>.json``) of corpus regulations."""
    if data_dir is None:
        return {}
    texts: dict[str, OfficialText] = {}
    for regulation_id in list_official(data_dir):
        if regulation_id not in corpus:
            log.warning(
                "official text of a regulation outside the corpus ignored",
                extra={"regulation": regulation_id},
            )
            continue
        doc = load_official(data_dir, regulation_id)
        if doc is not None:
            texts[regulation_id] = doc
    return texts


def official_documents(corpus: Corpus, texts: dict[str, OfficialText]) -> list[Document]:
    docs: list[Document] = []
    for regulation_id, doc in sorted(texts.items()):
        for unit in doc.units:
            if unit.text.strip():
                docs.append(
                    Document(
                        provision_id=_cited_id(corpus, unit),
                        regulation=regulation_id,
                        text=unit.text,
                        source="official",
                    )
                )
    return docs


def build_documents(
    corpus: Corpus, official: dict[str, OfficialText] | None = None
) -> list[Document]:
    docs = summary_documents(corpus)
    if official:
        docs.extend(official_documents(corpus, official))
    return docs


def documents_hash(docs: list[Document]) -> str:
    h = hashlib.sha256()
    for d in docs:
        h.update(f"{d.provision_id}\x1f{d.source}\x1f{d.text}\x1e".encode())
    return h.hexdigest()
