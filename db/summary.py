"""What is loaded: counts per agency, for `make run` and `talenta data summary`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import col

from db.models import Instansi, Jabatan, Pegawai, UnitKerja


@dataclass(frozen=True)
class AgencyCounts:
    kode: str
    nama: str
    unit: int
    jabatan: int
    pegawai_aktif: int


def agency_counts(engine: Engine) -> list[AgencyCounts]:
    def per_agency(instansi_id: Any, *where: Any) -> dict[int, int]:
        stmt = select(instansi_id, func.count()).where(*where).group_by(instansi_id)
        with engine.connect() as conn:
            return {row[0]: row[1] for row in conn.execute(stmt)}

    units = per_agency(col(UnitKerja.instansi_id))
    jabatan = per_agency(col(Jabatan.instansi_id))
    pegawai = per_agency(col(Pegawai.instansi_id), col(Pegawai.status) == "aktif")
    with engine.connect() as conn:
        stmt = select(col(Instansi.id), col(Instansi.kode), col(Instansi.nama))
        rows = conn.execute(stmt.order_by(col(Instansi.id))).all()
    return [
        AgencyCounts(kode, nama, units.get(i, 0), jabatan.get(i, 0), pegawai.get(i, 0))
        for i, kode, nama in rows
        if i is not None
    ]


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Pegawai)).scalar_one() == 0
