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


_BKD_BIDANG = (
    ("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", "kepegawaian"),
    ("Bidang Mutasi dan Promosi", "kepegawaian"),
    ("Bidang Pengembangan Kompetensi Aparatur", "kepegawaian"),
    ("Bidang Penilaian Kinerja Aparatur dan Penghargaan", "kepegawaian"),
)
_KEU_BIDANG = (
    ("Bidang Anggaran", "keuangan"),
    ("Bidang Perbendaharaan", "keuangan"),
    ("Bidang Akuntansi dan Pelaporan", "keuangan"),
    ("Bidang Pengelolaan Aset Daerah", "keuangan"),
)
_PENDAPATAN_BIDANG = (
    ("Bidang Pajak Daerah", "pendapatan"),
    ("Bidang Retribusi dan Pendapatan Lain-lain", "pendapatan"),
    ("Bidang Pengendalian dan Evaluasi Pendapatan", "pendapatan"),
)
_BAPPEDA_BIDANG = (
    ("Bidang Perencanaan Ekonomi dan Sumber Daya Alam", "perencanaan"),
    ("Bidang Infrastruktur dan Pengembangan Wilayah", "perencanaan"),
    ("Bidang Pemerintahan dan Pembangunan Manusia", "perencanaan"),
    ("Bidang Penelitian dan Pengembangan", "perencanaan"),
)
_IRBAN = tuple((f"Inspektorat Pembantu Wilayah {r}", "pengawasan") for r in ("I", "II", "III", "IV"))
_DINKES_BIDANG = (
    ("Bidang Kesehatan Masyarakat", "kesehatan"),
    ("Bidang Pencegahan dan Pengendalian Penyakit", "kesehatan"),
    ("Bidang Pelayanan Kesehatan", "kesehatan"),
    ("Bidang Sumber Daya Kesehatan", "kesehatan"),
)
_RSUD_BIDANG = (
    ("Bidang Pelayanan Medik", "kedokteran"),
    ("Bidang Keperawatan", "keperawatan"),
    ("Bidang Penunjang Medik dan Nonmedik", "kesehatan"),
)
_KOMINFO_BIDANG = (
    ("Bidang Aplikasi Informatika", "teknologi informasi"),
    ("Bidang Infrastruktur TIK dan Persandian", "teknologi informasi"),
    ("Bidang Informasi dan Komunikasi Publik", "umum"),
    ("Bidang Statistik", "perencanaan"),
)
_DINSOS_BIDANG = (
    ("Bidang Rehabilitasi Sosial", "sosial"),
    ("Bidang Perlindungan dan Jaminan Sosial", "sosial"),
    ("Bidang Pemberdayaan Sosial", "sosial"),
)
_DISHUB_BIDANG = (
    ("Bidang Lalu Lintas Jalan", "perhubungan"),
    ("Bidang Angkutan", "perhubungan"),
    ("Bidang Keselamatan Transportasi", "perhubungan"),
)
_DLH_BIDANG = (
    ("Bidang Tata Lingkungan", "lingkungan hidup"),
    ("Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan", "lingkungan hidup"),
    ("Bidang Pengelolaan Sampah dan Limbah B3", "lingkungan hidup"),
)
_SATPOL_BIDANG = (
    ("Bidang Penegakan Peraturan Daerah", "hukum"),
    ("Bidang Ketertiban Umum dan Ketenteraman Masyarakat", "hukum"),
)
_DPMPTSP_BIDANG = (
    ("Bidang Pelayanan Perizinan", "umum"),
    ("Bidang Pengembangan Iklim dan Promosi Penanaman Modal", "perencanaan"),
)
_KESBANG_BIDANG = (
    ("Bidang Ideologi dan Wawasan Kebangsaan", "kebijakan publik"),
    ("Bidang Politik Dalam Negeri", "kebijakan publik"),
)

PROVINCE_OPD: tuple[Opd, ...] = (
    Opd(
        "SETDA", "Sekretariat Daerah Provinsi Jambi", "Setda", "umum", "Sekretaris Daerah",
        (
            ("Biro Pemerintahan dan Otonomi Daerah", "kebijakan publik"),
            ("Biro Hukum", "hukum"),
            ("Biro Organisasi", "kebijakan publik"),
            ("Biro Pengadaan Barang dan Jasa", "pengadaan"),
            ("Biro Perekonomian", "perencanaan"),
            ("Biro Umum", "umum"),
        ),
        ("analis_kebijakan", "perancang", "pengelola_pbj", "arsiparis"), 3.0, kind="setda",
    ),
    Opd(
        "BKD", "Badan Kepegawaian Daerah", "BKD", "kepegawaian", "Kepala Badan Kepegawaian Daerah",
        _BKD_BIDANG, ("analis_sdm", "asesor_sdm", "pranata_komputer", "arsiparis"), 1.5,
    ),
    Opd(
        "BKAD", "Badan Pengelola Keuangan dan Aset Daerah", "BKAD", "keuangan",
        "Kepala Badan Pengelola Keuangan dan Aset Daerah", _KEU_BIDANG,
        ("akpd", "pranata_komputer"), 1.8,
    ),
    Opd(
        "DINKES", "Dinas Kesehatan", "Dinkes", "kesehatan", "Kepala Dinas Kesehatan",
        _DINKES_BIDANG, ("adminkes", "epidemiolog", "dokter", "perawat"), 2.5,
    ),
    Opd(
        "DISDIK", "Dinas Pendidikan", "Disdik", "pendidikan", "Kepala Dinas Pendidikan",
        (
            ("Bidang Pembinaan SMA", "pendidikan"),
            ("Bidang Pembinaan SMK", "pendidikan"),
            ("Bidang Pendidikan Khusus dan Layanan Khusus", "pendidikan"),
            ("Bidang Guru dan Tenaga Kependidikan", "kepegawaian"),
        ),
        ("pengawas_sekolah",), 40.0, satuan="sekolah",
    ),
    Opd(
        "BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Bappeda", "perencanaan",
        "Kepala Badan Perencanaan Pembangunan Daerah", _BAPPEDA_BIDANG,
        ("perencana", "statistisi", "analis_kebijakan"), 1.3,
    ),
    Opd(
        "INSP", "Inspektorat Daerah Provinsi Jambi", "Inspektorat", "pengawasan", "Inspektur",
        _IRBAN, ("auditor", "p2upd"), 1.5, kind="inspektorat",
    ),
    Opd(
        "RSUD", "RSUD Raden Mattaher", "RSUD Raden Mattaher", "kedokteran",
        "Direktur RSUD Raden Mattaher", _RSUD_BIDANG,
        ("dokter", "perawat", "bidan", "adminkes"), 12.0, kind="rsud",
    ),
    Opd(
        "BAPENDA", "Badan Pendapatan Daerah", "Bapenda", "pendapatan",
        "Kepala Badan Pendapatan Daerah", _PENDAPATAN_BIDANG, ("akpd", "pranata_komputer"), 2.0,
    ),
    Opd(
        "PUTR", "Dinas Pekerjaan Umum dan Tata Ruang", "Dinas PUTR", "infrastruktur",
        "Kepala Dinas Pekerjaan Umum dan Tata Ruang",
        (
            ("Bidang Bina Marga", "infrastruktur"),
            ("Bidang Sumber Daya Air", "infrastruktur"),
            ("Bidang Penataan Ruang", "infrastruktur"),
            ("Bidang Bina Konstruksi", "pengadaan"),
        ),
        ("teknik_jalan", "penata_ruang", "pengelola_pbj"), 2.0,
    ),
    Opd(
        "DPKP", "Dinas Perumahan dan Kawasan Permukiman", "DPKP", "infrastruktur",
        "Kepala Dinas Perumahan dan Kawasan Permukiman",
        (
            ("Bidang Perumahan", "infrastruktur"),
            ("Bidang Kawasan Permukiman", "infrastruktur"),
            ("Bidang Prasarana, Sarana dan Utilitas Umum", "infrastruktur"),
        ),
        ("teknik_jalan",), 1.0,
    ),
    Opd(
        "KOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo", "teknologi informasi",
        "Kepala Dinas Komunikasi dan Informatika", _KOMINFO_BIDANG,
        ("pranata_komputer", "statistisi"), 1.0,
    ),
    Opd(
        "BPSDM", "Badan Pengembangan Sumber Daya Manusia", "BPSDM", "kepegawaian",
        "Kepala Badan Pengembangan Sumber Daya Manusia",
        (
            ("Bidang Pengembangan Kompetensi Manajerial", "kepegawaian"),
            ("Bidang Pengembangan Kompetensi Teknis dan Fungsional", "kepegawaian"),
        ),
        ("widyaiswara", "analis_sdm"), 0.8,
    ),
    Opd(
        "DINSOS", "Dinas Sosial", "Dinsos", "sosial", "Kepala Dinas Sosial", _DINSOS_BIDANG,
        ("pekerja_sosial",), 1.0,
    ),
    Opd(
        "TPHP", "Dinas Tanaman Pangan, Hortikultura dan Peternakan", "Dinas TPHP", "pertanian",
        "Kepala Dinas Tanaman Pangan, Hortikultura dan Peternakan",
        (
            ("Bidang Tanaman Pangan", "pertanian"),
            ("Bidang Hortikultura", "pertanian"),
            ("Bidang Peternakan dan Kesehatan Hewan", "pertanian"),
        ),
        ("penyuluh_pertanian",), 1.5,
    ),
    Opd(
        "DISBUN", "Dinas Perkebunan", "Disbun", "pertanian", "Kepala Dinas Perkebunan",
        (
            ("Bidang Produksi Perkebunan", "pertanian"),
            ("Bidang Perlindungan Perkebunan", "pertanian"),
        ),
        ("penyuluh_pertanian",), 1.0,
    ),
    Opd(
        "DISHUB", "Dinas Perhubungan", "Dishub", "perhubungan", "Kepala Dinas Perhubungan",
        _DISHUB_BIDANG, ("penguji_kendaraan",), 1.2,
    ),
    Opd(
        "DLH", "Dinas Lingkungan Hidup", "DLH", "lingkungan hidup",
        "Kepala Dinas Lingkungan Hidup", _DLH_BIDANG, ("pengendali_dampak",), 0.8,
    ),
    Opd(
        "DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "umum",
        "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", _DPMPTSP_BIDANG,
        ("analis_kebijakan",), 0.7,
    ),
    Opd(
        "SATPOL", "Satuan Polisi Pamong Praja", "Satpol PP", "hukum",
        "Kepala Satuan Polisi Pamong Praja", _SATPOL_BIDANG, (), 1.2,
    ),
    Opd(
        "KESBANG", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", "kebijakan publik",
        "Kepala Badan Kesatuan Bangsa dan Politik", _KESBANG_BIDANG, ("analis_kebijakan",), 0.5,
    ),
    Opd(
        "SETWAN", "Sekretariat DPRD Provinsi Jambi", "Setwan", "umum", "Sekretaris DPRD",
        (
            ("Bagian Persidangan dan Perundang-undangan", "hukum"),
            ("Bagian Keuangan", "keuangan"),
            ("Bagian Umum", "umum"),
        ),
        ("analis_kebijakan", "arsiparis"), 0.8,
    ),
)

REGENCY_OPD: tuple[Opd, ...] = (
    Opd(
        "SETDA", "Sekretariat Daerah", "Setda", "umum", "Sekretaris Daerah",
        (
            ("Bagian Hukum", "hukum"),
            ("Bagian Organisasi", "kebijakan publik"),
            ("Bagian Pengadaan Barang dan Jasa", "pengadaan"),
            ("Bagian Perencanaan dan Keuangan", "keuangan"),
            ("Bagian Tata Pemerintahan", "kebijakan publik"),
            ("Bagian Umum", "umum"),
        ),
        ("analis_kebijakan", "pengelola_pbj", "perancang", "arsiparis"), 3.0, kind="setda",
    ),
    Opd(
        "BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM",
        "kepegawaian", "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        _BKD_BIDANG[:3], ("analis_sdm", "asesor_sdm", "pranata_komputer"), 1.2,
    ),
    Opd(
        "BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", "keuangan",
        "Kepala Badan Pengelolaan Keuangan dan Aset Daerah", _KEU_BIDANG,
        ("akpd", "pranata_komputer"), 1.6,
    ),
    Opd(
        "DINKES", "Dinas Kesehatan", "Dinkes", "kesehatan", "Kepala Dinas Kesehatan",
        _DINKES_BIDANG, ("adminkes", "epidemiolog"), 14.0, satuan="puskesmas",
    ),
    Opd(
        "DISDIK", "Dinas Pendidikan", "Disdik", "pendidikan", "Kepala Dinas Pendidikan",
        (
            ("Bidang Pembinaan Sekolah Dasar", "pendidikan"),
            ("Bidang Pembinaan Sekolah Menengah Pertama", "pendidikan"),
            ("Bidang Pendidikan Anak Usia Dini dan Nonformal", "pendidikan"),
            ("Bidang Guru dan Tenaga Kependidikan", "kepegawaian"),
        ),
        ("pengawas_sekolah",), 45.0, satuan="sekolah",
    ),
    Opd(
        "BAPPEDA", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
        "Bappeda", "perencanaan", "Kepala Bappeda", _BAPPEDA_BIDANG,
        ("perencana", "statistisi"), 1.0,
    ),
    Opd(
        "INSP", "Inspektorat Daerah", "Inspektorat", "pengawasan", "Inspektur",
        _IRBAN[:3], ("auditor", "p2upd"), 1.2, kind="inspektorat",
    ),
    Opd(
        "RSUD", "RSUD {ibukota}", "RSUD", "kedokteran", "Direktur RSUD {ibukota}",
        _RSUD_BIDANG, ("dokter", "perawat", "bidan", "adminkes"), 6.0, kind="rsud",
    ),
    Opd(
        "PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", "infrastruktur",
        "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
        (
            ("Bidang Bina Marga", "infrastruktur"),
            ("Bidang Cipta Karya", "infrastruktur"),
            ("Bidang Penataan Ruang", "infrastruktur"),
        ),
        ("teknik_jalan", "penata_ruang", "pengelola_pbj"), 1.8,
    ),
    Opd(
        "BAPENDA", "Badan Pendapatan Daerah", "Bapenda", "pendapatan",
        "Kepala Badan Pendapatan Daerah", _PENDAPATAN_BIDANG, ("akpd",), 1.2,
    ),
    Opd(
        "KOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo", "teknologi informasi",
        "Kepala Dinas Komunikasi dan Informatika", _KOMINFO_BIDANG[:3],
        ("pranata_komputer", "statistisi"), 0.8,
    ),
    Opd(
        "DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", "kependudukan",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        (
            ("Bidang Pelayanan Pendaftaran Penduduk", "kependudukan"),
            ("Bidang Pelayanan Pencatatan Sipil", "kependudukan"),
            ("Bidang Pengelolaan Informasi Administrasi Kependudukan", "teknologi informasi"),
        ),
        ("adm_database", "pranata_komputer"), 1.0,
    ),
    Opd(
        "DINSOS", "Dinas Sosial", "Dinsos", "sosial", "Kepala Dinas Sosial", _DINSOS_BIDANG,
        ("pekerja_sosial",), 0.9,
    ),
    Opd(
        "DISTAN", "Dinas Pertanian", "Distan", "pertanian", "Kepala Dinas Pertanian",
        (
            ("Bidang Tanaman Pangan dan Hortikultura", "pertanian"),
            ("Bidang Perkebunan", "pertanian"),
            ("Bidang Penyuluhan", "pertanian"),
        ),
        ("penyuluh_pertanian",), 2.0,
    ),
    Opd(
        "DISHUB", "Dinas Perhubungan", "Dishub", "perhubungan", "Kepala Dinas Perhubungan",
        _DISHUB_BIDANG[:2], ("penguji_kendaraan",), 0.9,
    ),
    Opd(
        "DLH", "Dinas Lingkungan Hidup", "DLH", "lingkungan hidup",
        "Kepala Dinas Lingkungan Hidup", _DLH_BIDANG, ("pengendali_dampak",), 0.9,
    ),
    Opd(
        "SATPOL", "Satuan Polisi Pamong Praja", "Satpol PP", "hukum",
        "Kepala Satuan Polisi Pamong Praja", _SATPOL_BIDANG, (), 1.0,
    ),
    Opd(
        "DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", "umum",
        "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", _DPMPTSP_BIDANG, (), 0.6,
    ),
    Opd(
        "SETWAN", "Sekretariat DPRD", "Setwan", "umum", "Sekretaris DPRD",
        (("Bagian Persidangan dan Perundang-undangan", "hukum"), ("Bagian Umum dan Keuangan", "umum")),
        ("arsiparis",), 0.6,
    ),
)


def opd_catalogue(agency: Agency) -> tuple[Opd, ...]:
    return PROVINCE_OPD if agency.jenis == "provinsi" else REGENCY_OPD
