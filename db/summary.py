"""What is loaded: counts per agency, for `make run` and `talenta data summary`."""

from __future__ import annotations

from dataclasses import dataclass

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
    def per_agency(model: type, *where: object) -> dict[int, int]:
        col = model.instansi_id  # type: ignore[attr-defined]
        stmt = select(col, func.count()).where(*where).group_by(col)  # type: ignore[arg-type]
        with engine.connect() as conn:
            return {row[0]: row[1] for row in conn.execute(stmt)}

    units = per_agency(UnitKerja)
    jabatan = per_agency(Jabatan)
    pegawai = per_agency(Pegawai, Pegawai.status == "aktif")
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
