"""Employees (Pegawai ASN)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class Pegawai(SQLModel, table=True):
    __tablename__ = "pegawai"

    id: int | None = Field(default=None, primary_key=True)
    nip: str = Field(max_length=18, unique=True, index=True)
    nama: str = Field(max_length=200)
    gelar_depan: str | None = Field(default=None, max_length=60)
    gelar_belakang: str | None = Field(default=None, max_length=80)
    jenis_kelamin: str = Field(max_length=1)  # reference.JenisKelamin
    tanggal_lahir: date
    status_kepegawaian: str = Field(max_length=4)  # PNS / PPPK
    status: str = Field(default="aktif", max_length=24, index=True)  # reference.StatusPegawai
    status_tanggal: date | None = None
    status_alasan: str | None = Field(default=None, max_length=200)
    golongan: str | None = Field(default=None, max_length=6)  # PNS only; reference.GOLONGAN
    tmt_golongan: date | None = None
    tmt_cpns: date | None = None
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    unit_id: int = Field(foreign_key="unit_kerja.id", index=True)
    jabatan_id: int | None = Field(default=None, foreign_key="jabatan.id", index=True)
    tmt_jabatan: date | None = None
    # Hash of everything imported about this person (row + histories). A change bumps
    # ``versi``; indexes compare it to know which profiles to re-encode.
    content_hash: str = Field(default="", max_length=64)
    versi: int = Field(default=1)
    updated_at: datetime | None = None
