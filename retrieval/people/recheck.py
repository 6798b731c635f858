"""Every hit is re-checked against the database before anyone sees it: still active, still
inside the asker's scope, and at which data version (``versi``)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.models import Pegawai


def recheck_versions(
    engine: Engine, ids: Collection[int], scope: Collection[int]
) -> dict[int, tuple[int, int]]:
    """``{id: (instansi_id, versi)}`` of those still active and inside ``scope`` now."""
    if not ids or not scope:
        return {}
    with Session(engine) as session:
        rows = session.execute(
            select(Pegawai.id, Pegawai.instansi_id, Pegawai.versi).where(
                col(Pegawai.id).in_(sorted(ids)),
                col(Pegawai.status) == "aktif",
                col(Pegawai.instansi_id).in_(sorted(scope)),
            )
        ).all()
    return {int(i): (int(inst), int(v)) for i, inst, v in rows}


def recheck(engine: Engine, ids: Collection[int], scope: Collection[int]) -> dict[int, int]:
    """``{id: instansi_id}`` of those still active and inside ``scope`` right now."""
    return {pid: inst for pid, (inst, _v) in recheck_versions(engine, ids, scope).items()}
