"""Agencies, their units (OPD) and positions with competency standards."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class Instansi(SQLModel, table=True):
    """An agency with its own PPK: the province, a kabupaten or a kota."""

    __tablename__ = "instansi"

    id: int | None = Field(default=None, primary_key=True)
    kode: str = Field(max_length=16, unique=True, index=True)
    nama: str = Field(max_length=200)
    jenis: str = Field(max_length=16)  # reference.JenisInstansi


class UnitKerja(SQLModel, table=True):
    """A unit inside an agency (OPD, or a bidang inside one via ``induk_id``)."""

    __tablename__ = "unit_kerja"
    __table_args__ = (UniqueConstraint("instansi_id", "kode"),)

    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    kode: str = Field(max_length=32)
    nama: str = Field(max_length=200)
    singkatan: str | None = Field(default=None, max_length=40)
    induk_id: int | None = Field(default=None, foreign_key="unit_kerja.id")


class Jabatan(SQLModel, table=True):
    """A position. Its incumbents are the active employees whose ``jabatan_id`` points here."""

    __tablename__ = "jabatan"
    __table_args__ = (UniqueConstraint("instansi_id", "kode"),)

    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)
    kode: str = Field(max_length=32)
    nama: str = Field(max_length=200)
    jenis: str = Field(max_length=16, index=True)  # reference.JenisJabatan
    jenjang: str | None = Field(default=None, max_length=16)  # reference.JenjangFungsional
    eselon: str | None = Field(default=None, max_length=8)
    unit_id: int = Field(foreign_key="unit_kerja.id", index=True)
    bidang: str = Field(max_length=120)  # field of work, e.g. "keuangan", "kesehatan"
    pendidikan_min: str = Field(max_length=8)  # reference.PENDIDIKAN
    atasan_id: int | None = Field(default=None, foreign_key="jabatan.id")
    formasi: int = Field(default=1)  # number of seats; a vacancy is formasi > incumbents


class JabatanKompetensi(SQLModel, table=True):
    """One line of a position's competency standard (Permenpan RB 38/2017)."""

    __tablename__ = "jabatan_kompetensi"
    __table_args__ = (UniqueConstraint("jabatan_id", "kompetensi"),)

    id: int | None = Field(default=None, primary_key=True)
    jabatan_id: int = Field(foreign_key="jabatan.id", index=True)
    kompetensi: str = Field(max_length=120)
    jenis: str = Field(max_length=16)  # reference.JenisKompetensi
    level: int
