"""Plain, frozen fact objects the merit rules read. No database, no I/O.

``knowledge.rules.loader`` fills them from the database in a handful of batched queries;
tests build them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class PositionFacts:
    """A position (jabatan) with its competency standard and current incumbents."""

    jabatan_id: int
    instansi_id: int
    unit_id: int
    kode: str
    nama: str
    jenis: str  # db.reference.JenisJabatan
    jenjang: str | None = None  # db.reference.JenjangFungsional, for fungsional
    eselon: str | None = None
    bidang: str = ""
    pendidikan_min: str | None = None
    standar: Mapping[str, int] = field(default_factory=dict)  # kompetensi -> level
    pemangku_ids: tuple[int, ...] = ()  # active incumbents
    formasi: int = 1
    instansi_kode: str = ""

    @property
    def lowongan(self) -> int:
        """Seats without an incumbent (never negative)."""
        return max(self.formasi - len(self.pemangku_ids), 0)


@dataclass(frozen=True, slots=True)
class PendidikanFact:
    jenjang: str  # db.reference.PENDIDIKAN
    jurusan: str | None = None
    tahun_lulus: int | None = None


@dataclass(frozen=True, slots=True)
class SpellFact:
    """One spell of the position history (riwayat jabatan); ``selesai`` None = ongoing."""

    jenis: str
    mulai: date
    selesai: date | None = None
    jenjang: str | None = None
    bidang: str | None = None
    nama: str = ""


@dataclass(frozen=True, slots=True)
class DiklatFact:
    jenis: str
    jp: int
    tahun: int
    nama: str = ""


@dataclass(frozen=True, slots=True)
class SertifikasiFact:
    nama: str
    tahun: int
    penerbit: str | None = None


@dataclass(frozen=True, slots=True)
class AsesmenFact:
    """The latest competency assessment: levels per competency and the potential result."""

    tanggal: date
    metode: str
    levels: Mapping[str, int] = field(default_factory=dict)
    skor_potensi: float | None = None
    kategori_potensi: str | None = None  # rendah / menengah / tinggi


@dataclass(frozen=True, slots=True)
class HukumanFact:
    tingkat: str  # db.reference.TingkatHukuman
    jenis: str
    mulai: date
    selesai: date | None = None


@dataclass(frozen=True, slots=True)
class NineBoxResmiFact:
    tahun: int
    kotak: int
    sumber: str


@dataclass(frozen=True, slots=True)
class SuksesiFact:
    tahun: int
    jabatan_target_kode: str = ""
    keterangan: str | None = None


@dataclass(frozen=True, slots=True)
class EmployeeFacts:
    """Everything the merit rules may read about one employee."""

    pegawai_id: int
    nip: str
    instansi_id: int
    unit_id: int
    status_kepegawaian: str  # PNS / PPPK
    tanggal_lahir: date
    jenis_kelamin: str = "L"
    status: str = "aktif"
    golongan: str | None = None
    tmt_golongan: date | None = None
    tmt_cpns: date | None = None
    jabatan: PositionFacts | None = None
    tmt_jabatan: date | None = None
    pendidikan: tuple[PendidikanFact, ...] = ()
    riwayat_jabatan: tuple[SpellFact, ...] = ()
    diklat: tuple[DiklatFact, ...] = ()
    sertifikasi: tuple[SertifikasiFact, ...] = ()
    asesmen: AsesmenFact | None = None
    kinerja: Mapping[int, str] = field(default_factory=dict)  # tahun -> predikat
    hukuman: tuple[HukumanFact, ...] = ()
    ninebox_resmi: tuple[NineBoxResmiFact, ...] = ()
    suksesi: tuple[SuksesiFact, ...] = ()
    instansi_kode: str = ""

    @property
    def is_pns(self) -> bool:
        return self.status_kepegawaian == "PNS"
