"""The 12 agencies of Provinsi Jambi (FACTS.md §12.1) and the OPD catalogue per kind of agency.

OPD lists are in priority order: a small dataset keeps the first OPDs (Setda, the HR agency,
the finance agency, health, education, planning, inspectorate, …) and drops the tail.
Names follow common Indonesian regional-government nomenclature; the province reflects the
2025 split of BPKPD into BKAD + Bapenda and of Dinas PUPR into Dinas PUTR + DPKP
(FACTS.md §12.2). The data is synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Agency:
    kode: str
    nama: str
    jenis: str  # provinsi / kabupaten / kota
    ibukota: str
    weight: float  # share of employees (province largest)


AGENCIES: tuple[Agency, ...] = (
    Agency("PROV", "Pemerintah Provinsi Jambi", "provinsi", "Jambi", 0.17),
    Agency("BTH", "Pemerintah Kabupaten Batanghari", "kabupaten", "Muara Bulian", 0.075),
    Agency("BGO", "Pemerintah Kabupaten Bungo", "kabupaten", "Muara Bungo", 0.08),
    Agency("KRC", "Pemerintah Kabupaten Kerinci", "kabupaten", "Siulak", 0.08),
    Agency("MRG", "Pemerintah Kabupaten Merangin", "kabupaten", "Bangko", 0.085),
    Agency("MJB", "Pemerintah Kabupaten Muaro Jambi", "kabupaten", "Sengeti", 0.08),
    Agency("SRL", "Pemerintah Kabupaten Sarolangun", "kabupaten", "Sarolangun", 0.075),
    Agency("TJB", "Pemerintah Kabupaten Tanjung Jabung Barat", "kabupaten", "Kuala Tungkal", 0.075),
    Agency("TJT", "Pemerintah Kabupaten Tanjung Jabung Timur", "kabupaten", "Muara Sabak", 0.065),
    Agency("TBO", "Pemerintah Kabupaten Tebo", "kabupaten", "Muara Tebo", 0.075),
    Agency("KJB", "Pemerintah Kota Jambi", "kota", "Jambi", 0.10),
    Agency("KSP", "Pemerintah Kota Sungai Penuh", "kota", "Sungai Penuh", 0.04),
)


@dataclass(frozen=True)
class Fungsional:
    """A jabatan fungsional: ``ahli`` (S1+), ``terampil`` (D-III) tracks or both."""

    nama: str
    field: str
    ahli: bool = True
    terampil: bool = False
    pppk_share: float = 0.0  # share of seats held by PPPK
    utama: bool = False  # ahli utama exists in regional government for this JF


FUNGSIONAL: dict[str, Fungsional] = {
    "akpd": Fungsional("Analis Keuangan Pusat dan Daerah", "keuangan"),
    "auditor": Fungsional("Auditor", "pengawasan", utama=True),
    "p2upd": Fungsional("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", "pengawasan"),
    "perencana": Fungsional("Perencana", "perencanaan", utama=True),
    "statistisi": Fungsional("Statistisi", "perencanaan", terampil=True),
    "analis_kebijakan": Fungsional("Analis Kebijakan", "kebijakan publik", utama=True),
    "analis_sdm": Fungsional("Analis Sumber Daya Manusia Aparatur", "kepegawaian"),
    "asesor_sdm": Fungsional("Asesor Sumber Daya Manusia Aparatur", "kepegawaian"),
    "widyaiswara": Fungsional("Widyaiswara", "kepegawaian", utama=True),
    "arsiparis": Fungsional("Arsiparis", "umum", terampil=True),
    "pranata_komputer": Fungsional(
        "Pranata Komputer", "teknologi informasi", terampil=True, pppk_share=0.15
    ),
    "pengelola_pbj": Fungsional("Pengelola Pengadaan Barang/Jasa", "pengadaan"),
    "perancang": Fungsional("Perancang Peraturan Perundang-undangan", "hukum"),
    "dokter": Fungsional("Dokter", "kedokteran", pppk_share=0.1, utama=True),
    "perawat": Fungsional("Perawat", "keperawatan", terampil=True, pppk_share=0.3),
    "bidan": Fungsional("Bidan", "keperawatan", ahli=False, terampil=True, pppk_share=0.3),
    "adminkes": Fungsional("Administrator Kesehatan", "kesehatan"),
    "epidemiolog": Fungsional("Epidemiolog Kesehatan", "kesehatan", terampil=True),
    "guru": Fungsional("Guru", "pendidikan", pppk_share=0.3, utama=True),
    "pengawas_sekolah": Fungsional("Pengawas Sekolah", "pendidikan"),
    "teknik_jalan": Fungsional("Teknik Jalan dan Jembatan", "infrastruktur", terampil=True),
    "penata_ruang": Fungsional("Penata Ruang", "infrastruktur"),
    "penyuluh_pertanian": Fungsional(
        "Penyuluh Pertanian", "pertanian", terampil=True, pppk_share=0.2
    ),
    "pekerja_sosial": Fungsional("Pekerja Sosial", "sosial", terampil=True),
    "penguji_kendaraan": Fungsional(
        "Penguji Kendaraan Bermotor", "perhubungan", ahli=False, terampil=True
    ),
    "pengendali_dampak": Fungsional("Pengendali Dampak Lingkungan", "lingkungan hidup"),
    "adm_database": Fungsional("Administrator Database Kependudukan", "kependudukan"),
}


@dataclass(frozen=True)
class Opd:
    kode: str
    nama: str  # "{ibukota}" is filled in
    singkatan: str | None
    field: str
    kepala: str  # title of the head position
    bidang: tuple[tuple[str, str], ...]  # sub-units: (name, field)
    fungsional: tuple[str, ...]  # keys of FUNGSIONAL
    weight: float  # relative headcount within the agency
    kind: str = "dinas"  # setda | dinas | inspektorat | rsud
    satuan: str | None = None  # sekolah | puskesmas: frontline units holding most staff
