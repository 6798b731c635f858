"""Bidang (sub-units) shared by the OPD catalogues of the province and the kabupaten/kota."""

from __future__ import annotations

BKD_BIDANG = (
    ("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", "kepegawaian"),
    ("Bidang Mutasi dan Promosi", "kepegawaian"),
    ("Bidang Pengembangan Kompetensi Aparatur", "kepegawaian"),
    ("Bidang Penilaian Kinerja Aparatur dan Penghargaan", "kepegawaian"),
)
KEU_BIDANG = (
    ("Bidang Anggaran", "keuangan"),
    ("Bidang Perbendaharaan", "keuangan"),
    ("Bidang Akuntansi dan Pelaporan", "keuangan"),
    ("Bidang Pengelolaan Aset Daerah", "keuangan"),
)
PENDAPATAN_BIDANG = (
    ("Bidang Pajak Daerah", "pendapatan"),
    ("Bidang Retribusi dan Pendapatan Lain-lain", "pendapatan"),
    ("Bidang Pengendalian dan Evaluasi Pendapatan", "pendapatan"),
)
BAPPEDA_BIDANG = (
    ("Bidang Perencanaan Ekonomi dan Sumber Daya Alam", "perencanaan"),
    ("Bidang Infrastruktur dan Pengembangan Wilayah", "perencanaan"),
    ("Bidang Pemerintahan dan Pembangunan Manusia", "perencanaan"),
    ("Bidang Penelitian dan Pengembangan", "perencanaan"),
)
IRBAN = tuple((f"Inspektorat Pembantu Wilayah {r}", "pengawasan") for r in ("I", "II", "III", "IV"))
DINKES_BIDANG = (
    ("Bidang Kesehatan Masyarakat", "kesehatan"),
    ("Bidang Pencegahan dan Pengendalian Penyakit", "kesehatan"),
    ("Bidang Pelayanan Kesehatan", "kesehatan"),
    ("Bidang Sumber Daya Kesehatan", "kesehatan"),
)
RSUD_BIDANG = (
    ("Bidang Pelayanan Medik", "kedokteran"),
    ("Bidang Keperawatan", "keperawatan"),
    ("Bidang Penunjang Medik dan Nonmedik", "kesehatan"),
)
KOMINFO_BIDANG = (
    ("Bidang Aplikasi Informatika", "teknologi informasi"),
    ("Bidang Infrastruktur TIK dan Persandian", "teknologi informasi"),
    ("Bidang Informasi dan Komunikasi Publik", "umum"),
    ("Bidang Statistik", "perencanaan"),
)
DINSOS_BIDANG = (
    ("Bidang Rehabilitasi Sosial", "sosial"),
    ("Bidang Perlindungan dan Jaminan Sosial", "sosial"),
    ("Bidang Pemberdayaan Sosial", "sosial"),
)
DISHUB_BIDANG = (
    ("Bidang Lalu Lintas Jalan", "perhubungan"),
    ("Bidang Angkutan", "perhubungan"),
    ("Bidang Keselamatan Transportasi", "perhubungan"),
)
DLH_BIDANG = (
    ("Bidang Tata Lingkungan", "lingkungan hidup"),
    ("Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan", "lingkungan hidup"),
    ("Bidang Pengelolaan Sampah dan Limbah B3", "lingkungan hidup"),
)
SATPOL_BIDANG = (
    ("Bidang Penegakan Peraturan Daerah", "hukum"),
    ("Bidang Ketertiban Umum dan Ketenteraman Masyarakat", "hukum"),
)
DPMPTSP_BIDANG = (
    ("Bidang Pelayanan Perizinan", "umum"),
    ("Bidang Pengembangan Iklim dan Promosi Penanaman Modal", "perencanaan"),
)
KESBANG_BIDANG = (
    ("Bidang Ideologi dan Wawasan Kebangsaan", "kebijakan publik"),
    ("Bidang Politik Dalam Negeri", "kebijakan publik"),
)
