"""What gets indexed: one document per provision (summary + key terms + topics + regulation
title), plus one per parsed official-text unit when an agency has ingested the official text."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.citations import ProvisionRef
from knowledge.corpus import Corpus, Provision, Regulation
from retrieval.regulations.normalise import normalise

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    provision_id: str  # the provision an answer cites when this document matches
    regulation: str
    text: str
    source: str  # "summary" | "official"


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


def summary_documents(corpus: Corpus) -> list[Document]:
    docs: list[Document] = []
    for provision in corpus.provisions():
        regulation = corpus.regulation(provision.regulation)
        docs.append(
            Document(
                provision_id=provision.id,
                regulation=provision.regulation,
                text=provision_text(provision, regulation),
                source="summary",
            )
        )
    docs.sort(key=lambda d: d.provision_id)
    return docs


def _cited_id(corpus: Corpus, regulation: str, unit: dict[str, Any]) -> str:
    """The most precise summarised provision an official-text unit belongs to."""
    pasal = unit.get("pasal")
    ayat = unit.get("ayat")
    candidates = []
    if pasal is not None:
        if ayat is not None:
            candidates.append(ProvisionRef(regulation=regulation, pasal=str(pasal), ayat=str(ayat)))
        candidates.append(ProvisionRef(regulation=regulation, pasal=str(pasal)))
    candidates.append(ProvisionRef(regulation=regulation))
    for ref in candidates:
        if corpus.has(ref.id):
            return ref.id
    # The official text has a Pasal the summaries do not: cite it by its own address.
    return candidates[0].id


def official_documents(corpus: Corpus, official_dir: Path) -> list[Document]:
    """Documents from ``<data_dir>/official/<regulation-id>.json`` written by the ingester."""
    docs: list[Document] = []
    if not official_dir.is_dir():
        return docs
    for path in sorted(official_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            log.warning("official text unreadable", extra={"file": str(path), "error": str(exc)})
            continue
        regulation = str(data.get("regulation") or path.stem)
        units = data.get("units") or data.get("pasal") or []
        for unit in units:
            text = str(unit.get("text") or "").strip()
            if not text:
                continue
            docs.append(
                Document(
                    provision_id=_cited_id(corpus, regulation, unit),
                    regulation=regulation,
                    text=text,
                    source="official",
                )
            )
    return docs


def build_documents(corpus: Corpus, official_dir: Path | None = None) -> list[Document]:
    docs = summary_documents(corpus)
    if official_dir is not None:
        docs.extend(official_documents(corpus, official_dir))
    return docs


def documents_hash(docs: list[Document]) -> str:
    h = hashlib.sha256()
    for d in docs:
        h.update(f"{d.provision_id}\x1f{d.source}\x1f{d.text}\x1e".encode())
    return h.hexdigest()
