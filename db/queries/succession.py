"""The succession-plan groups the PPK decreed and HR imported (``RencanaSuksesi``)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from db.models import Pegawai, RencanaSuksesi


def imported_succession_group(
    *, session: Session, instansi_id: int, jabatan_kode: str, as_of: date
) -> frozenset[int] | None:
    """Members of the latest imported group (up to ``as_of``'s year) whose target is the
    position ``jabatan_kode`` or the agency as a whole (empty code), among the employees of
    ``instansi_id``; ``None`` when none is imported."""
    rows = session.exec(
        select(RencanaSuksesi.pegawai_id, RencanaSuksesi.tahun)
        .join(Pegawai, col(Pegawai.id) == col(RencanaSuksesi.pegawai_id))
        .where(
            col(Pegawai.instansi_id) == instansi_id,
            col(RencanaSuksesi.jabatan_target_kode).in_([jabatan_kode, ""]),
            col(RencanaSuksesi.tahun) <= as_of.year,
        )
    ).all()
    if not rows:
        return None
    latest = max(tahun for _, tahun in rows)
    return frozenset(pid for pid, tahun in rows if tahun == latest)
