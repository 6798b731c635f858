"""Family links between employees (``Keluarga``, from the import), for conflict-of-interest
notes."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlmodel import Session, col, or_, select

from db.models import Keluarga, Pegawai


@dataclass(frozen=True)
class FamilyLink:
    """``pegawai_id`` recorded ``relative_id`` as family (``hubungan``: pasangan, anak …)."""

    pegawai_id: int
    relative_id: int
    hubungan: str


def family_links_among(*, session: Session, pegawai_ids: Collection[int]) -> list[FamilyLink]:
    """The recorded links between two of ``pegawai_ids`` (the relative is recorded by NIP), in
    the order they were recorded."""
    ids = sorted(set(pegawai_ids))
    if not ids:
        return []
    by_nip = {
        nip: int(pid)
        for pid, nip in session.exec(
            select(Pegawai.id, Pegawai.nip).where(col(Pegawai.id).in_(ids))
        ).all()
        if pid is not None
    }
    links = session.exec(
        select(Keluarga)
        .where(
            or_(col(Keluarga.pegawai_id).in_(ids), col(Keluarga.nip_keluarga).in_(sorted(by_nip)))
        )
        .order_by(col(Keluarga.id))
    ).all()
    out = []
    for link in links:
        relative = by_nip.get(link.nip_keluarga)
        if relative is None or relative == link.pegawai_id or link.pegawai_id not in ids:
            continue
        out.append(FamilyLink(link.pegawai_id, relative, link.hubungan))
    return out
