"""The import layout: which files, which columns, which natural keys.

One source of truth for the importer (validation), the synthetic generator (writing) and
``docs/import-format.md`` (checked against this module by a test). CSV files are UTF-8,
comma-separated, with a header row; the same tables can come as sheets of one XLSX workbook
named like the files without ``.csv``. Dates are ``YYYY-MM-DD``.

An import is a full snapshot of the agencies it covers (see docs/import-format.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ColType(StrEnum):
    text = "text"
    integer = "integer"
    number = "number"  # decimal
    date = "date"
    nip = "nip"  # 18-digit NIP (PNS) or NI PPPK
    golongan = "golongan"  # I/a … IV/e
    choice = "choice"  # one of ``choices``


@dataclass(frozen=True)
class Column:
    name: str
    type: ColType = ColType.text
    required: bool = True
    choices: tuple[str, ...] = ()
    doc: str = ""
    max_length: int | None = None


@dataclass(frozen=True)
class FileSpec:
    name: str  # file name without extension
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # natural key: a corrected row with the same key replaces the old one
    references: dict[str, str] = field(default_factory=dict)  # column -> "file.column"

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


C = Column
T = ColType

JENIS_INSTANSI = ("provinsi", "kabupaten", "kota")
JENIS_JABATAN = (
    "jpt_utama",
    "jpt_madya",
    "jpt_pratama",
    "administrator",
    "pengawas",
    "fungsional",
    "pelaksana",
)
JENJANG = (
    "ahli_pertama",
    "ahli_muda",
    "ahli_madya",
    "ahli_utama",
    "pemula",
    "terampil",
    "mahir",
    "penyelia",
)
ESELON = ("I.a", "I.b", "II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b", "V")
PENDIDIKAN = ("SD", "SMP", "SLTA", "D-I", "D-II", "D-III", "D-IV", "S1", "S2", "S3")
JENIS_KOMPETENSI = ("manajerial", "sosial_kultural", "teknis")
STATUS_PEGAWAI = ("aktif", "pensiun", "pindah", "diberhentikan", "meninggal")
PREDIKAT = ("Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang")
TINGKAT_HUKUMAN = ("ringan", "sedang", "berat")
HUBUNGAN = ("pasangan", "anak", "orang_tua", "saudara")
JENIS_DIKLAT = ("PKN", "PKA", "PKP", "LATSAR", "teknis", "fungsional", "seminar")
KATEGORI_POTENSI = ("rendah", "menengah", "tinggi")

FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "instansi",
        "Instansi (PPK): provinsi, kabupaten, kota.",
        (
            C("kode_instansi", doc="Kode singkat instansi, mis. PROV, KOTAJMB", max_length=16),
            C("nama", max_length=200),
            C("jenis", T.choice, choices=JENIS_INSTANSI),
        ),
        key=("kode_instansi",),
    ),
    FileSpec(
        "unit_kerja",
        "Unit kerja / OPD per instansi; `kode_induk` untuk bidang di dalam OPD.",
        (
            C("kode_instansi", max_length=16),
            C("kode_unit", max_length=32),
            C("nama", max_length=200),
            C("singkatan", required=False, max_length=40),
            C(
                "kode_induk",
                required=False,
                doc="kode_unit induk dalam instansi yang sama",
                max_length=32,
            ),
        ),
        key=("kode_instansi", "kode_unit"),
        references={"kode_instansi": "instansi.kode_instansi"},
    ),
    FileSpec(
        "jabatan",
        "Jabatan per instansi, dengan unit, bidang, pendidikan minimal dan atasan.",
        (
            C("kode_instansi", max_length=16),
            C("kode_jabatan", max_length=32),
            C("nama", max_length=200),
            C("jenis", T.choice, choices=JENIS_JABATAN),
            C("jenjang", T.choice, required=False, choices=JENJANG, doc="wajib untuk fungsional"),
            C("eselon", T.choice, required=False, choices=ESELON),
            C("kode_unit", max_length=32),
            C("bidang", doc="bidang kerja, mis. keuangan, kesehatan", max_length=120),
            C("pendidikan_min", T.choice, choices=PENDIDIKAN),
            C("kode_atasan", required=False, doc="kode_jabatan atasan langsung", max_length=32),
            C("formasi", T.integer, required=False, doc="jumlah kursi (bawaan 1)"),
        ),
        key=("kode_instansi", "kode_jabatan"),
        references={"kode_instansi": "instansi.kode_instansi", "kode_unit": "unit_kerja.kode_unit"},
    ),
    FileSpec(
        "jabatan_kompetensi",
        "Standar kompetensi jabatan (Permenpan RB 38/2017): level 1–5 per kompetensi.",
        (
            C("kode_instansi", max_length=16),
            C("kode_jabatan", max_length=32),
            C("kompetensi", max_length=120),
            C("jenis", T.choice, choices=JENIS_KOMPETENSI),
            C("level", T.integer),
        ),
        key=("kode_instansi", "kode_jabatan", "kompetensi"),
        references={"kode_jabatan": "jabatan.kode_jabatan"},
    ),
    FileSpec(
        "pegawai",
        "Pegawai ASN. Satu baris per orang; `kode_jabatan` kosong untuk yang belum berjabatan.",
        (
            C("nip", T.nip),
            C("nama", max_length=200),
            C("gelar_depan", required=False, max_length=60),
            C("gelar_belakang", required=False, max_length=80),
            C("jenis_kelamin", T.choice, choices=("L", "P")),
            C("tanggal_lahir", T.date),
            C("status_kepegawaian", T.choice, choices=("PNS", "PPPK")),
            C("golongan", T.golongan, required=False, doc="wajib untuk PNS"),
            C("tmt_golongan", T.date, required=False),
            C("tmt_cpns", T.date, required=False, doc="wajib untuk PNS"),
            C("kode_instansi", max_length=16),
            C("kode_unit", max_length=32),
            C("kode_jabatan", required=False, max_length=32),
            C("tmt_jabatan", T.date, required=False),
            C("status", T.choice, required=False, choices=STATUS_PEGAWAI, doc="bawaan aktif"),
            C("tanggal_status", T.date, required=False),
            C("alasan_status", required=False, max_length=200),
        ),
        key=("nip",),
        references={
            "kode_instansi": "instansi.kode_instansi",
            "kode_unit": "unit_kerja.kode_unit",
            "kode_jabatan": "jabatan.kode_jabatan",
        },
    ),
    FileSpec(
        "riwayat_pendidikan",
        "Riwayat pendidikan.",
        (
            C("nip", T.nip),
            C("jenjang", T.choice, choices=PENDIDIKAN),
            C("jurusan", required=False, max_length=120),
            C("institusi", required=False, max_length=200),
            C("tahun_lulus", T.integer),
        ),
        key=("nip", "jenjang", "tahun_lulus"),
        references={"nip": "pegawai.nip"},
    ),
    FileSpec(
        "riwayat_jabatan",
        "Riwayat jabatan (termasuk jabatan sekarang dengan `tmt_selesai` kosong).",
        (
            C("nip", T.nip),
            C("nama_jabatan", max_length=200),
            C("jenis_jabatan", T.choice, choices=JENIS_JABATAN),
            C("jenjang", T.choice, required=False, choices=JENJANG),
            C("kode_instansi", required=False, max_length=16),
            C("unit", required=False, max_length=200),
            C("bidang", required=False, max_length=120),
            C("tmt_mulai", T.date),
            C("tmt_selesai", T.date, required=False),
        ),
        key=("nip", "tmt_mulai"),
        references={"nip": "pegawai.nip"},
    ),
    FileSpec(
        "diklat",
        "Pelatihan: kepemimpinan (PKN/PKA/PKP), teknis, fungsional; JP = jam pelajaran.",
        (
            C("nip", T.nip),
            C("nama", max_length=200),
            C("jenis", T.choice, choices=JENIS_DIKLAT),
            C("jp", T.integer),
            C("tahun", T.integer),
        ),
        key=("nip", "nama", "tahun"),
        references={"nip": "pegawai.nip"},
    ),
    FileSpec(
        "sertifikasi",
        "Sertifikat kompetensi/profesi.",
        (
            C("nip", T.nip),
            C("nama", max_length=200),
            C("penerbit", required=False, max_length=200),
            C("tahun", T.integer),
        ),
        key=("nip", "nama"),
        references={"nip": "pegawai.nip"},
    ),
    FileSpec(
        "asesmen",
        "Penilaian kompetensi (assessment center, CAT, dsb.) dengan hasil potensi.",
        (
            C("nip", T.nip),
            C("tanggal", T.date),
            C("metode", max_length=60),
            C("skor_potensi", T.number, required=False, doc="0–100"),
            C("kategori_potensi", T.choice, required=False, choices=KATEGORI_POTENSI),
        ),
        key=("nip", "tanggal"),
        references={"nip": "pegawai.nip"},
    ),
    FileSpec(
        "asesmen_kompetensi",
        "Level yang dicapai per kompetensi dalam satu asesmen (1–5).",
        (
            C("nip", T.nip),
            C("tanggal", T.date),
            C("kompetensi", max_length=120),
            C("level", T.integer),
        ),
        key=("nip", "tanggal", "kompetensi"),
        references={"nip": "asesmen.nip", "tanggal": "asesmen.tanggal"},
    ),
    FileSpec(
        "kinerja",
        "Predikat kinerja tahunan (Permenpan RB 6/2022).",
        (
            C("nip", T.nip),
            C("tahun", T.integer),
            C("predikat", T.choice, choices=PREDIKAT),
        ),
        key=("nip", "tahun"),
        references={"nip": "pegawai.nip"},
    ),
    FileSpec(
        "hukuman_disiplin",
        "Hukuman disiplin (ringan/sedang/berat) dengan masa berlakunya.",
        (
            C("nip", T.nip),
            C("tingkat", T.choice, choices=TINGKAT_HUKUMAN),
            C("jenis", max_length=200),
            C("tmt_mulai", T.date),
            C("tmt_selesai", T.date, required=False),
        ),
        key=("nip", "tmt_mulai", "tingkat"),
        references={"nip": "pegawai.nip"},
    ),
    FileSpec(
        "keluarga",
        "Hubungan keluarga antarpegawai (opsional), untuk tanda konflik kepentingan.",
        (
            C("nip", T.nip),
            C("nip_keluarga", T.nip),
            C("hubungan", T.choice, choices=HUBUNGAN),
        ),
        key=("nip", "nip_keluarga"),
        references={"nip": "pegawai.nip"},
    ),
    FileSpec(
        "ninebox_resmi",
        "Penempatan nine-box resmi dari asesmen BKN (kotak 1–9).",
        (
            C("nip", T.nip),
            C("tahun", T.integer),
            C("kotak", T.integer),
            C("sumber", max_length=120),
        ),
        key=("nip", "tahun"),
        references={"nip": "pegawai.nip"},
    ),
    FileSpec(
        "rencana_suksesi",
        "Kelompok rencana suksesi yang ditetapkan PPK per tahun (PP 11/2017 Pasal 199).",
        (
            C("nip", T.nip),
            C("tahun", T.integer),
            C("kode_jabatan_target", required=False, max_length=32),
            C("keterangan", required=False, max_length=200),
        ),
        key=("nip", "tahun", "kode_jabatan_target"),
        references={"nip": "pegawai.nip"},
    ),
)

FILES_BY_NAME: dict[str, FileSpec] = {f.name: f for f in FILES}
REQUIRED_FILES = ("instansi", "unit_kerja", "jabatan", "pegawai")
