"""Official nine-box placements (``NineBoxResmi``): the latest per employee, and the talent-pool
rows of a scope."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import Jabatan, NineBoxResmi, Pegawai
from db.queries.org import units_matching
from db.queries.people import ACTIVE


def latest_official_boxes(*, session: Session, pegawai_ids: Collection[int]) -> dict[int, int]:
    """The box of each employee's latest official placement (those without one are left out)."""
    if not pegawai_ids:
        return {}
    ids = sorted(pegawai_ids)
    latest = (
        select(NineBoxResmi.pegawai_id, func.max(NineBoxResmi.tahun).label("tahun"))
        .where(col(NineBoxResmi.pegawai_id).in_(ids))
        .group_by(col(NineBoxResmi.pegawai_id))
        .subquery()
    )
    rows = session.exec(
        select(NineBoxResmi.pegawai_id, NineBoxResmi.kotak).join(
            latest,
            (latest.c.pegawai_id == col(NineBoxResmi.pegawai_id))
            & (latest.c.tahun == col(NineBoxResmi.tahun)),
        )
    ).all()
    return {int(p): int(k) for p, k in rows}


@dataclass(frozen=True)
class PoolRow:
    """An active employee of the scope with their latest official placement."""

    pegawai: Pegawai
    placement: NineBoxResmi
    jabatan: str | None


def official_placements(
    *, session: Session, scope: Collection[int], unit: str | None = None
) -> list[PoolRow]:
    """Active employees of ``scope`` (of the matching units, with ``unit``) who have an official
    placement, each with the latest one."""
    latest = (
        select(NineBoxResmi.pegawai_id, func.max(NineBoxResmi.tahun).label("tahun"))
        .group_by(col(NineBoxResmi.pegawai_id))
        .subquery()
    )
    q = (
        select(Pegawai, NineBoxResmi, Jabatan.nama)
        .join(latest, latest.c.pegawai_id == col(Pegawai.id))
        .join(
            NineBoxResmi,
            (col(NineBoxResmi.pegawai_id) == col(Pegawai.id))
            & (col(NineBoxResmi.tahun) == latest.c.tahun),
        )
        .join(Jabatan, col(Jabatan.id) == col(Pegawai.jabatan_id), isouter=True)
        .where(col(Pegawai.instansi_id).in_(sorted(scope)), Pegawai.status == ACTIVE)
    )
    if unit:
        q = q.where(col(Pegawai.unit_id).in_(units_matching(scope=scope, unit=unit)))
    return [PoolRow(p, nb, j) for p, nb, j in session.exec(q).all()]
