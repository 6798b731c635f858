"""Query vectors of the structural positions, encoded when the index is built.

A position search is run with a text the *record* decides (title, unit, field, technical
competencies: :func:`position_query`), not the user. So its query vector can be computed once
per text at index-build time instead of inside the first search of that position (encoding
is about half of a new position search at 100,000 employees, docs/benchmarks.md).

The file ``positions.npz`` beside the shards holds the texts, their vectors and the encoder's
name and dimension, written atomically. Lookups are keyed on the exact text, so a changed
position (new title, new unit name, new competency) simply misses and is encoded at query
time as before: a stored vector can never be stale. A file from another encoder is ignored.

Only structural positions (JPT, administrator, pengawas) are stored: they are what the talent
committee fills by merit; fungsional and pelaksana positions are far more numerous (25,000 at
100,000 employees) and are searched rarely.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.models import Jabatan, JabatanKompetensi, UnitKerja
from retrieval.encoders.base import Encoder
from retrieval.index.atomic import write_atomic

log = logging.getLogger(__name__)

FILE_NAME = "positions.npz"
STRUCTURAL = ("jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas")
Progress = Callable[[str, int, int], None]


def position_text(nama: str, unit: str, bidang: str | None, teknis: Sequence[str]) -> str:
    parts = [nama, unit, f"bidang {bidang}" if bidang else "", *teknis]
    return " ".join(p for p in parts if p)


def position_query(session: Session, jab: Jabatan) -> str:
    """The text a position is searched with: title, unit, field and technical competencies."""
    unit = session.get(UnitKerja, jab.unit_id)
    teknis = session.execute(
        select(JabatanKompetensi.kompetensi)
        .where(
            col(JabatanKompetensi.jabatan_id) == jab.id, col(JabatanKompetensi.jenis) == "teknis"
        )
        .order_by(col(JabatanKompetensi.id))
    ).scalars()
    return position_text(jab.nama, unit.nama if unit else "", jab.bidang, list(teknis))


def position_queries(session: Session, jabs: Sequence[Jabatan]) -> dict[int, str]:
    """``{jabatan_id: position_query(...)}`` of ``jabs``, in two queries."""
    ids = [j.id for j in jabs if j.id is not None]
    units = dict(
        session.execute(
            select(UnitKerja.id, UnitKerja.nama).where(
                col(UnitKerja.id).in_({j.unit_id for j in jabs})
            )
        ).all()
    )
    teknis: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(JabatanKompetensi.jabatan_id, JabatanKompetensi.kompetensi)
        .where(col(JabatanKompetensi.jenis) == "teknis", col(JabatanKompetensi.jabatan_id).in_(ids))
        .order_by(col(JabatanKompetensi.id))
    )
    for jid, kompetensi in rows:
        teknis[jid].append(kompetensi)
    return {
        j.id: position_text(j.nama, units.get(j.unit_id, ""), j.bidang, teknis.get(j.id, []))
        for j in jabs
        if j.id is not None
    }


def structural_queries(session: Session) -> dict[int, str]:
    """``{jabatan_id: position_query(...)}`` of every structural position, in three queries."""
    jabs = session.execute(
        select(Jabatan.id, Jabatan.nama, Jabatan.unit_id, Jabatan.bidang).where(
            col(Jabatan.jenis).in_(STRUCTURAL)
        )
    ).all()
    units = dict(session.execute(select(UnitKerja.id, UnitKerja.nama)).all())
    teknis: dict[int, list[str]] = defaultdict(list)
    rows = session.execute(
        select(JabatanKompetensi.jabatan_id, JabatanKompetensi.kompetensi)
        .where(col(JabatanKompetensi.jenis) == "teknis")
        .order_by(col(JabatanKompetensi.id))
    )
    for jid, kompetensi in rows:
        teknis[jid].append(kompetensi)
    return {
        int(jid): position_text(nama, units.get(unit_id, ""), bidang, teknis.get(jid, []))
        for jid, nama, unit_id, bidang in jabs
    }


def query_vectors(encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    """Query vectors exactly as a search computes them (asymmetric encoders embed a search
    differently from a document: E5's ``query:`` prefix)."""
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    as_query = getattr(encoder, "encode_query", None)
    if as_query is not None:
        return np.stack([np.asarray(as_query(t), dtype=np.float32) for t in texts])
    return np.asarray(encoder.encode(list(texts)), dtype=np.float32)


@dataclass(frozen=True)
class RefreshReport:
    kept: int
    encoded: int
    dropped: int


class PositionVectors:
    """Read-only text → query vector map loaded from ``positions.npz``."""

    def __init__(self, texts: Sequence[str], vectors: np.ndarray):
        vectors.setflags(write=False)
        self._rows = {t: i for i, t in enumerate(texts)}
        self._vectors = vectors

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, text: str) -> np.ndarray | None:
        row = self._rows.get(text)
        return None if row is None else self._vectors[row]

    @classmethod
    def empty(cls, dim: int) -> PositionVectors:
        return cls([], np.zeros((0, dim), dtype=np.float32))

    @classmethod
    def load(cls, directory: Path, *, model: str, dim: int) -> PositionVectors:
        """The stored vectors, or none when the file is absent, unreadable or of another model."""
        path = directory / FILE_NAME
        try:
            with np.load(path, allow_pickle=False) as z:
                if str(z["model"]) != model or int(z["dim"]) != dim:
                    log.warning("position vectors of another encoder ignored")
                    return cls.empty(dim)
                return cls([str(t) for t in z["texts"]], np.asarray(z["vectors"], np.float32))
        except FileNotFoundError:
            return cls.empty(dim)
        except (OSError, KeyError, ValueError):
            log.warning("position vectors unreadable, ignored")
            return cls.empty(dim)

    def texts(self) -> list[str]:
        return list(self._rows)


def refresh(
    engine: Engine, directory: Path, encoder: Encoder, *, progress: Progress | None = None
) -> RefreshReport:
    """Make ``positions.npz`` hold exactly the current structural position texts, encoding
    only the texts it does not have yet."""
    with Session(engine) as session:
        wanted = sorted(set(structural_queries(session).values()))
    old = PositionVectors.load(directory, model=encoder.name, dim=encoder.dim)
    have = {t: v for t in wanted if (v := old.get(t)) is not None}
    todo = [t for t in wanted if t not in have]
    fresh: list[np.ndarray] = []
    step = 256
    for start in range(0, len(todo), step):
        if progress:
            progress("positions", start, len(todo))
        fresh.extend(query_vectors(encoder, todo[start : start + step]))
    if progress and todo:
        progress("positions", len(todo), len(todo))
    have.update(zip(todo, fresh, strict=True))
    dropped = len(old) - (len(wanted) - len(todo))
    if todo or dropped or not (directory / FILE_NAME).exists():
        texts = sorted(have)
        matrix = (
            np.stack([have[t] for t in texts]).astype(np.float32)
            if texts
            else np.zeros((0, encoder.dim), dtype=np.float32)
        )

        def _write(tmp: Path) -> None:
            with open(tmp, "wb") as fh:
                np.savez(
                    fh,
                    texts=np.asarray(texts, dtype=str),
                    vectors=matrix,
                    model=np.asarray(encoder.name),
                    dim=np.asarray(encoder.dim),
                )

        write_atomic(directory / FILE_NAME, _write)
    report = RefreshReport(kept=len(wanted) - len(todo), encoded=len(todo), dropped=dropped)
    log.info(
        "position vectors refreshed",
        extra={"kept": report.kept, "encoded": report.encoded, "dropped": report.dropped},
    )
    return report
