"""Agencies, units and positions: codes, names, and the chains above a unit or a position."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import Instansi, Jabatan, UnitKerja

# Organisation charts are shallow; the bound also stops a cycle in bad data.
MAX_CHAIN = 20


def instansi_by_kode(*, session: Session, kode: str) -> Instansi | None:
    return session.exec(select(Instansi).where(Instansi.kode == kode.upper())).first()


def instansi_codes(*, session: Session, ids: Collection[int] | None = None) -> dict[int, str]:
    """Agency code by id: of ``ids``, or of every agency."""
    q = select(Instansi.id, Instansi.kode)
    if ids is not None:
        q = q.where(col(Instansi.id).in_(sorted(ids)))
    return {int(i): k for i, k in session.exec(q).all() if i is not None}


def instansi_names(*, session: Session, ids: Collection[int]) -> list[str]:
    return list(session.exec(select(Instansi.nama).where(col(Instansi.id).in_(sorted(ids)))).all())


def agencies(*, session: Session) -> list[tuple[int, str, str]]:
    """Every agency as (id, name, kind): public, the governments of the region."""
    rows = session.exec(select(Instansi.id, Instansi.nama, Instansi.jenis)).all()
    return [(int(i), nama, jenis) for i, nama, jenis in rows if i is not None]


def units_matching(*, scope: Collection[int], unit: str) -> Any:
    """A subquery of the unit ids in ``scope`` whose name contains ``unit`` or whose
    abbreviation is ``unit`` (case-insensitive), with every unit under them (``induk_id``, a
    recursive CTE on SQLite and PostgreSQL alike): the ``/talentpool <unit>`` filter.

    UNION (not UNION ALL) drops rows already found, so a cycle in bad data still ends."""
    text = unit.lower()
    agencies = sorted(scope)
    named = (
        select(col(UnitKerja.id).label("id"))
        .where(
            col(UnitKerja.instansi_id).in_(agencies),
            func.lower(UnitKerja.nama).contains(text) | (func.lower(UnitKerja.singkatan) == text),
        )
        .cte("units_under", recursive=True)
    )
    below: Any = select(col(UnitKerja.id).label("id")).where(
        col(UnitKerja.induk_id) == named.c.id, col(UnitKerja.instansi_id).in_(agencies)
    )
    tree = named.union(below)
    return select(tree.c.id)


def _chain(start: int | None, above: Callable[[int], int | None]) -> tuple[int, ...]:
    out: list[int] = []
    current = start
    while current is not None and current not in out and len(out) < MAX_CHAIN:
        out.append(current)
        current = above(current)
    return tuple(out)


def unit_chain(*, session: Session, unit_id: int | None) -> tuple[int, ...]:
    """``unit_id`` and every unit above it (``induk_id``), nearest first."""

    def above(i: int) -> int | None:
        unit = session.get(UnitKerja, i)
        return unit.induk_id if unit else None

    return _chain(unit_id, above)


def position_chain(*, session: Session, jabatan_id: int | None) -> tuple[int, ...]:
    """``jabatan_id`` and every position above it in the reporting line (``atasan_id``)."""

    def above(i: int) -> int | None:
        jabatan = session.get(Jabatan, i)
        return jabatan.atasan_id if jabatan else None

    return _chain(jabatan_id, above)
