"""Histories of an employee. Each table's natural key is its unique constraint."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class RiwayatPendidikan(SQLModel, table=True):
    __tablename__ = "riwayat_pendidikan"
    __table_args__ = (UniqueConstraint("pegawai_id", "jenjang", "tahun_lulus"),)

    id: int | None = Field(default=None, primary_key=True)
    pegawai_id: int = Field(foreign_key="pegawai.id", index=True)
    jenjang: str = Field(max_length=8)  # reference.PENDIDIKAN
    jurusan: str | None = Field(default=None, max_length=120)
    institusi: str | None = Field(default=None, max_length=200)
    tahun_lulus: int


class RiwayatJabatan(SQLModel, table=True):
    __tablename__ = "riwayat_jabatan"
    __table_args__ = (UniqueConstraint("pegawai_id", "tmt_mulai"),)

    id: int | None = Field(default=None, primary_key=True)
    pegawai_id: int = Field(foreign_key="pegawai.id", index=True)
    nama_jabatan: str = Field(max_length=200)
    jenis_jabatan: str = Field(max_length=16)  # reference.JenisJabatan
    jenjang: str | None = Field(default=None, max_length=16)
    instansi_kode: str | None = Field(default=None, max_length=16)
    unit_nama: str | None = Field(default=None, max_length=200)
    bidang: str | None = Field(default=None, max_length=120)
    tmt_mulai: date
    tmt_selesai: date | None = None  # None = current


class Diklat(SQLModel, table=True):
    __tablename__ = "diklat"
    __table_args__ = (UniqueConstraint("pegawai_id", "nama", "tahun"),)

    id: int | None = Field(default=None, primary_key=True)
    pegawai_id: int = Field(foreign_key="pegawai.id", index=True)
    nama: str = Field(max_length=200)
    jenis: str = Field(max_length=16)  # reference.JenisDiklat
    jp: int
    tahun: int


class Sertifikasi(SQLModel, table=True):
    __tablename__ = "sertifikasi"
    __table_args__ = (UniqueConstraint("pegawai_id", "nama"),)

    id: int | None = Field(default=None, primary_key=True)
    pegawai_id: int = Field(foreign_key="pegawai.id", index=True)
    nama: str = Field(max_length=200)
    penerbit: str | None = Field(default=None, max_length=200)
    tahun: int


class Asesmen(SQLModel, table=True):
    """A competency assessment (assessment center, CAT, …) with its potential result."""

    __tablename__ = "asesmen"
    __table_args__ = (UniqueConstraint("pegawai_id", "tanggal"),)

    id: int | None = Field(default=None, primary_key=True)
    pegawai_id: int = Field(foreign_key="pegawai.id", index=True)
    tanggal: date
    metode: str = Field(max_length=60)
    skor_potensi: float | None = None  # 0–100 where the assessor gives a score
    kategori_potensi: str | None = Field(default=None, max_length=16)  # rendah/menengah/tinggi


class AsesmenKompetensi(SQLModel, table=True):
    __tablename__ = "asesmen_kompetensi"
    __table_args__ = (UniqueConstraint("asesmen_id", "kompetensi"),)

    id: int | None = Field(default=None, primary_key=True)
    asesmen_id: int = Field(foreign_key="asesmen.id", index=True)
    kompetensi: str = Field(max_length=120)
    level: int


class Kinerja(SQLModel, table=True):
    """Yearly performance predicate (Permenpan RB 6/2022)."""

    __tablename__ = "kinerja"
    __table_args__ = (UniqueConstraint("pegawai_id", "tahun"),)

    id: int | None = Field(default=None, primary_key=True)
    pegawai_id: int = Field(foreign_key="pegawai.id", index=True)
    tahun: int
    predikat: str = Field(max_length=20)  # reference.PredikatKinerja


class HukumanDisiplin(SQLModel, table=True):
    __tablename__ = "hukuman_disiplin"
    __table_args__ = (UniqueConstraint("pegawai_id", "tmt_mulai", "tingkat"),)

    id: int | None = Field(default=None, primary_key=True)
    pegawai_id: int = Field(foreign_key="pegawai.id", index=True)
    tingkat: str = Field(max_length=8)  # reference.TingkatHukuman
    jenis: str = Field(max_length=200)
    tmt_mulai: date
    tmt_selesai: date | None = None


class Keluarga(SQLModel, table=True):
    """Family link between two employees, for conflict-of-interest flags."""

    __tablename__ = "keluarga"
    __table_args__ = (UniqueConstraint("pegawai_id", "nip_keluarga"),)

    id: int | None = Field(default=None, primary_key=True)
    pegawai_id: int = Field(foreign_key="pegawai.id", index=True)
    nip_keluarga: str = Field(max_length=18, index=True)
    hubungan: str = Field(max_length=12)  # reference.HubunganKeluarga


class NineBoxResmi(SQLModel, table=True):
    """The official nine-box placement from BKN's assessment. Outranks Talenta's estimate."""

    __tablename__ = "ninebox_resmi"
    __table_args__ = (UniqueConstraint("pegawai_id", "tahun"),)

    id: int | None = Field(default=None, primary_key=True)
    pegawai_id: int = Field(foreign_key="pegawai.id", index=True)
    tahun: int
    kotak: int
    sumber: str = Field(max_length=120)


class RencanaSuksesi(SQLModel, table=True):
    """Membership of the succession-plan group set by the PPK each year (PP 11/2017 Pasal 199)."""

    __tablename__ = "rencana_suksesi"
    __table_args__ = (UniqueConstraint("pegawai_id", "tahun", "jabatan_target_kode"),)

    id: int | None = Field(default=None, primary_key=True)
    pegawai_id: int = Field(foreign_key="pegawai.id", index=True)
    tahun: int
    # Empty string rather than NULL so the natural key stays unique on every database.
    jabatan_target_kode: str = Field(default="", max_length=32)
    keterangan: str | None = Field(default=None, max_length=200)
