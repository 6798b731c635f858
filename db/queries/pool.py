"""The facts a blind row may show, for every active employee of a scope: golongan, kind of
post, latest official nine-box box. Read in one query per call (no IN list of the pool)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import Jabatan, NineBoxResmi, Pegawai
from db.queries.people import ACTIVE


@dataclass(frozen=True)
class PoolFact:
    pegawai_id: int
    golongan: str | None
    jenis_jabatan: str | None  # reference.JenisJabatan value
    kotak: int | None  # latest official placement


def pool_facts(*, session: Session, scope: Collection[int]) -> dict[int, PoolFact]:
    """Every active employee of the agencies in ``scope`` with the facts of a blind row."""
    if not scope:
        return {}
    latest = (
        select(NineBoxResmi.pegawai_id, func.max(NineBoxResmi.tahun).label("tahun"))
        .group_by(col(NineBoxResmi.pegawai_id))
        .subquery()
    )
    q = (
        select(Pegawai.id, Pegawai.golongan, Jabatan.jenis, NineBoxResmi.kotak)
        .join(Jabatan, col(Jabatan.id) == col(Pegawai.jabatan_id), isouter=True)
        .join(latest, latest.c.pegawai_id == col(Pegawai.id), isouter=True)
        .join(
            NineBoxResmi,
            (col(NineBoxResmi.pegawai_id) == col(Pegawai.id))
            & (col(NineBoxResmi.tahun) == latest.c.tahun),
            isouter=True,
        )
        .where(col(Pegawai.instansi_id).in_(sorted(scope)), Pegawai.status == ACTIVE)
    )
    out: dict[int, PoolFact] = {}
    for pid, gol, jenis, kotak in session.exec(q).all():
        if pid is not None:
            out[int(pid)] = PoolFact(
                int(pid), gol, jenis, int(kotak) if kotak is not None else None
            )
    return out
