"""Document vectors of an agency's open positions, saved with each shard generation.

``/peluang`` compares an ASN's profile with the text of every open position it may suggest
(:func:`retrieval.people.position_vectors.position_query`). Encoding those texts on a
request took most of its time, so a shard generation ``N`` gets one more file::

    <key>.g<N>.posts.npz     texts and document vectors of the agency's open positions

Which positions: those open when the generation is written (vacant, or an incumbent reaching
BUP within :data:`HORIZON_YEARS`, a longer horizon than ``/peluang``'s one year so the posts
that open until the next generation are covered; vacancies.py). A generation is written
whenever the agency's members change, which is when a post falls vacant or is filled.

Lookups are keyed on the exact text, so a renamed position, a new competency or a post that
opened unexpectedly simply misses and is encoded at request time (and kept in the service's
document LRU): a stored vector can never be stale. The vectors belong to the generation, so
they are of the encoder recorded in its metadata (a mismatched encoder refuses the shard).
An incremental update re-encodes only the texts the previous generation did not have.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session

from db.clock import today_wib
from knowledge.rules.dates import add_years
from retrieval.encoders.base import Encoder
from retrieval.people.position_vectors import position_queries
from retrieval.people.profile_text import encode_documents
from retrieval.people.vacancies import open_posts

log = logging.getLogger(__name__)

SUFFIX = "posts.npz"
HORIZON_YEARS = 2


class StoredPosts:
    """Read-only text → document vector map of one shard generation."""

    def __init__(self, texts: Sequence[str], vectors: np.ndarray):
        vectors.setflags(write=False)
        self._rows = {t: i for i, t in enumerate(texts)}
        self._texts = list(texts)
        self._vectors = vectors

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, text: str) -> np.ndarray | None:
        row = self._rows.get(text)
        return None if row is None else self._vectors[row]

    def texts(self) -> list[str]:
        return list(self._texts)

    @classmethod
    def open(cls, path: Path, *, dim: int) -> StoredPosts | None:
        """The stored vectors, or ``None`` when the file is absent or unreadable (then every
        post is encoded on request, as before)."""
        try:
            with np.load(path, allow_pickle=False) as z:
                texts = [str(t) for t in z["texts"]]
                vectors = np.asarray(z["vectors"], dtype=np.float32)
        except FileNotFoundError:
            return None
        except (OSError, KeyError, ValueError) as exc:
            log.warning(
                "stored post vectors unreadable", extra={"file": str(path), "error": str(exc)}
            )
            return None
        if vectors.shape != (len(texts), dim):
            log.warning("stored post vectors inconsistent", extra={"file": str(path)})
            return None
        return cls(texts, vectors)


@dataclass(frozen=True)
class PostRecords:
    """The open positions' texts and vectors, ready to be written with a generation."""

    texts: list[str]
    vectors: np.ndarray
    encoded: int  # how many of them were encoded now (the rest came from the previous one)

    def write(self, tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            np.savez(fh, texts=np.asarray(self.texts, dtype=str), vectors=self.vectors)


def open_post_texts(engine: Engine, instansi_id: int, *, today: date) -> list[str]:
    """Sorted distinct texts of the agency's positions open now or within the horizon
    (incumbents already past BUP but still active included: their post opens any day)."""
    with Session(engine) as session:
        posts = open_posts(
            session,
            instansi_id,
            today=today,
            since=date.min,
            until=add_years(today, HORIZON_YEARS),
        )
        return sorted(set(position_queries(session, [j for j, _ in posts]).values()))


def build_records(
    engine: Engine,
    instansi_id: int,
    encoder: Encoder,
    *,
    previous: StoredPosts | None = None,
    today: date | None = None,
) -> PostRecords:
    """Texts and vectors of the agency's open positions; texts ``previous`` has are not
    encoded again."""
    texts = open_post_texts(engine, instansi_id, today=today or today_wib())
    have = {t: v for t in texts if previous is not None and (v := previous.get(t)) is not None}
    todo = [t for t in texts if t not in have]
    if todo:
        have.update(zip(todo, encode_documents(encoder, todo), strict=True))
    vectors = (
        np.stack([have[t] for t in texts]).astype(np.float32)
        if texts
        else np.zeros((0, encoder.dim), dtype=np.float32)
    )
    return PostRecords(texts, vectors, len(todo))
