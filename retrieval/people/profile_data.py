"""Batched loading of what an employee's profile text is made of.

One query per table for a whole batch of employees (never one query per person), so building
the profiles of 100,000 employees costs a few dozen queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from db.models import (
    Asesmen,
    AsesmenKompetensi,
    Diklat,
    Instansi,
    Jabatan,
    Kinerja,
    Pegawai,
    RiwayatJabatan,
    RiwayatPendidikan,
    Sertifikasi,
    UnitKerja,
)
from db.reference import pendidikan_level


@dataclass(frozen=True)
class PositionLine:
    nama: str
    jenis: str
    bidang: str | None
    unit: str | None
    mulai: date
    selesai: date | None


@dataclass
class ProfileRecord:
    """Everything the profile template may show. Deliberately no name, NIP, sex or birth date."""

    pegawai_id: int
    instansi_id: int
    instansi_nama: str
    versi: int
    status_kepegawaian: str
    golongan: str | None
    jabatan_nama: str | None = None
    jabatan_jenis: str | None = None
    jabatan_bidang: str | None = None
    unit_nama: str | None = None
    tmt_jabatan: date | None = None
    riwayat: list[PositionLine] = field(default_factory=list)
    pendidikan: list[tuple[str, str | None, int]] = field(default_factory=list)
    diklat: list[tuple[str, str, int]] = field(default_factory=list)
    sertifikasi: list[tuple[str, int]] = field(default_factory=list)
    kekuatan: list[tuple[str, int]] = field(default_factory=list)
    asesmen_tahun: int | None = None
    kinerja: list[tuple[int, str]] = field(default_factory=list)

    @property
    def pendidikan_tertinggi(self) -> tuple[str, str | None] | None:
        if not self.pendidikan:
            return None
        best = max(self.pendidikan, key=lambda p: (pendidikan_level(p[0]), p[2]))
        return best[0], best[1]


def _chunks(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def load_profiles(session: Session, ids: Iterable[int], *, batch: int = 500) -> list[ProfileRecord]:
    """Profile records of the given *active* employees (others are silently absent)."""
    out: list[ProfileRecord] = []
    for part in _chunks(sorted(set(ids)), batch):
        out.extend(_load_batch(session, part))
    return out


def _load_batch(session: Session, ids: list[int]) -> list[ProfileRecord]:
    rows = session.execute(
        select(Pegawai, Instansi.nama, Jabatan, UnitKerja.nama)
        .join(Instansi, col(Instansi.id) == Pegawai.instansi_id)
        .join(UnitKerja, col(UnitKerja.id) == Pegawai.unit_id)
        .outerjoin(Jabatan, col(Jabatan.id) == Pegawai.jabatan_id)
        .where(col(Pegawai.id).in_(ids), col(Pegawai.status) == "aktif")
    ).all()
    records: dict[int, ProfileRecord] = {}
    for peg, instansi_nama, jab, unit_nama in rows:
        assert peg.id is not None
        records[peg.id] = ProfileRecord(
            pegawai_id=peg.id,
            instansi_id=peg.instansi_id,
            instansi_nama=instansi_nama,
            versi=peg.versi,
            status_kepegawaian=peg.status_kepegawaian,
            golongan=peg.golongan,
            jabatan_nama=jab.nama if jab else None,
            jabatan_jenis=jab.jenis if jab else None,
            jabatan_bidang=jab.bidang if jab else None,
            unit_nama=unit_nama,
            tmt_jabatan=peg.tmt_jabatan,
        )
    if not records:
        return []
    keys = list(records)
    pid = col(RiwayatJabatan.pegawai_id).in_(keys)
    for r in session.execute(select(RiwayatJabatan).where(pid)).scalars():
        records[r.pegawai_id].riwayat.append(
            PositionLine(
                r.nama_jabatan, r.jenis_jabatan, r.bidang, r.unit_nama, r.tmt_mulai, r.tmt_selesai
            )
        )
    pend = col(RiwayatPendidikan.pegawai_id).in_(keys)
    for p in session.execute(select(RiwayatPendidikan).where(pend)).scalars():
        records[p.pegawai_id].pendidikan.append((p.jenjang, p.jurusan, p.tahun_lulus))
    dik = col(Diklat.pegawai_id).in_(keys)
    for d in session.execute(select(Diklat).where(dik)).scalars():
        records[d.pegawai_id].diklat.append((d.nama, d.jenis, d.tahun))
    ser = col(Sertifikasi.pegawai_id).in_(keys)
    for c in session.execute(select(Sertifikasi).where(ser)).scalars():
        records[c.pegawai_id].sertifikasi.append((c.nama, c.tahun))
    kin = col(Kinerja.pegawai_id).in_(keys)
    for k in session.execute(select(Kinerja).where(kin)).scalars():
        records[k.pegawai_id].kinerja.append((k.tahun, k.predikat))
    _load_strengths(session, records)
    for rec in records.values():
        rec.riwayat.sort(key=lambda line: line.mulai, reverse=True)
        rec.diklat.sort(key=lambda d: d[2], reverse=True)
        rec.kinerja.sort()
    return [records[i] for i in sorted(records)]


def _load_strengths(session: Session, records: dict[int, ProfileRecord]) -> None:
    """Competencies at level 4 or above in each employee's latest assessment."""
    latest: dict[int, Asesmen] = {}
    ase = col(Asesmen.pegawai_id).in_(list(records))
    for a in session.execute(select(Asesmen).where(ase)).scalars():
        if a.pegawai_id not in latest or a.tanggal > latest[a.pegawai_id].tanggal:
            latest[a.pegawai_id] = a
    if not latest:
        return
    owner = {a.id: a.pegawai_id for a in latest.values()}
    levels: dict[int, list[tuple[str, int]]] = defaultdict(list)
    q = select(AsesmenKompetensi).where(col(AsesmenKompetensi.asesmen_id).in_(list(owner)))
    for ak in session.execute(q).scalars():
        levels[owner[ak.asesmen_id]].append((ak.kompetensi, ak.level))
    for pid, a in latest.items():
        rec = records[pid]
        rec.asesmen_tahun = a.tanggal.year
        rec.kekuatan = sorted(
            ((k, lv) for k, lv in levels[pid] if lv >= 4), key=lambda x: (-x[1], x[0])
        )
