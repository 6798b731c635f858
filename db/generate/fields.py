"""Fields of work (``bidang``): majors, technical competencies, trainings and certificates.

Everything a person's profile says about their field comes from here, so a procurement
specialist has procurement majors, procurement trainings and a procurement certificate.
All names are plausible Indonesian public-sector terms; the data is synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Major:
    name: str
    gelar_s1: str  # bachelor title; D-III titles come from ``gelar_d3``
    gelar_s2: str
    gelar_d3: str = "A.Md."


@dataclass(frozen=True)
class Field:
    key: str
    majors: tuple[Major, ...]
    teknis: tuple[str, ...]  # named technical competencies (first 1–3 used in standards)
    diklat: tuple[tuple[str, int], ...]  # technical trainings: (name, JP)
    sertifikat: tuple[tuple[str, str], ...]  # (name, issuer)


M = Major

_ADMIN_MAJORS = (
    M("Ilmu Administrasi Negara", "S.Sos.", "M.Si."),
    M("Ilmu Pemerintahan", "S.IP.", "M.Si."),
    M("Manajemen Pemerintahan (IPDN)", "S.STP.", "M.Si."),
)

FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field(
            "keuangan",
            (
                M("Akuntansi", "S.E.", "M.Ak."),
                M("Manajemen Keuangan", "S.E.", "M.M."),
                M("Ekonomi Pembangunan", "S.E.", "M.E."),
            ),
            ("Pengelolaan Keuangan Daerah", "Penyusunan Anggaran", "Akuntansi Pemerintahan"),
            (
                ("Bimtek Penyusunan RKA-SKPD pada SIPD", 32),
                ("Pelatihan Akuntansi Berbasis Akrual", 40),
                ("Bimtek Penatausahaan Keuangan Daerah", 24),
                ("Pelatihan Pengelolaan Barang Milik Daerah", 30),
                ("Pelatihan Penyusunan Laporan Keuangan Pemerintah Daerah", 36),
            ),
            (
                ("Sertifikat Bendahara Pengeluaran", "Kementerian Keuangan"),
                ("Certified Government Chief Accountant (CGCA)", "Ikatan Akuntan Indonesia"),
            ),
        ),
        Field(
            "pendapatan",
            (M("Ekonomi Pembangunan", "S.E.", "M.E."), M("Perpajakan", "S.E.", "M.Ak.")),
            (
                "Pengelolaan Pajak Daerah",
                "Pengelolaan Retribusi Daerah",
                "Analisis Potensi Pendapatan",
            ),
            (
                ("Bimtek Intensifikasi Pajak Daerah", 24),
                ("Pelatihan Pemeriksaan Pajak Daerah", 40),
                ("Pelatihan Penilaian PBB-P2", 32),
            ),
            (("Sertifikat Penilai Pajak Daerah", "Kementerian Keuangan"),),
        ),
        Field(
            "perencanaan",
            (
                M("Perencanaan Wilayah dan Kota", "S.T.", "M.T."),
                M("Ekonomi Pembangunan", "S.E.", "M.E."),
                M("Statistika", "S.Stat.", "M.Si."),
            ),
            (
                "Perencanaan Pembangunan Daerah",
                "Monitoring dan Evaluasi Pembangunan",
                "Analisis Data dan Statistik",
            ),
            (
                ("Pelatihan Perencanaan dan Penganggaran Berbasis Kinerja", 40),
                ("Bimtek Penyusunan RPJMD dan Renstra Perangkat Daerah", 32),
                ("Pelatihan Monitoring dan Evaluasi Pembangunan", 30),
                ("Pelatihan Analisis Data dengan SIPD", 24),
            ),
            (("Sertifikat Jabatan Fungsional Perencana", "Bappenas"),),
        ),
        Field(
            "kepegawaian",
            (
                M("Psikologi", "S.Psi.", "M.Psi."),
                M("Manajemen SDM", "S.E.", "M.M."),
                *_ADMIN_MAJORS,
            ),
            ("Manajemen ASN", "Manajemen Talenta", "Administrasi Kepegawaian"),
            (
                ("Bimtek Manajemen Talenta ASN", 32),
                ("Pelatihan Analisis Jabatan dan Beban Kerja", 40),
                ("Bimtek Pengelolaan Data SIASN", 24),
                ("Pelatihan Asesor SDM Aparatur", 60),
            ),
            (("Sertifikat Asesor SDM Aparatur", "Badan Kepegawaian Negara"),),
        ),
        Field(
            "kesehatan",
            (
                M("Kesehatan Masyarakat", "S.K.M.", "M.Kes."),
                M("Administrasi Rumah Sakit", "S.K.M.", "M.A.R.S."),
                M("Gizi", "S.Gz.", "M.Gz."),
            ),
            ("Manajemen Pelayanan Kesehatan", "Kesehatan Masyarakat", "Surveilans Epidemiologi"),
            (
                ("Pelatihan Manajemen Puskesmas", 40),
                ("Pelatihan Manajemen Rumah Sakit", 48),
                ("Pelatihan Surveilans Penyakit Menular", 32),
                ("Pelatihan Penanganan Stunting", 24),
                ("Pelatihan Pengendalian dan Pencegahan Infeksi", 30),
            ),
            (
                ("Sertifikat Manajemen Mutu Fasilitas Kesehatan", "Kementerian Kesehatan"),
                ("Surat Tanda Registrasi Tenaga Kesehatan", "Konsil Kesehatan Indonesia"),
            ),
        ),
        Field(
            "kedokteran",
            (M("Pendidikan Dokter", "S.Ked.", "M.Kes."),),
            ("Pelayanan Medis", "Kegawatdaruratan Medis", "Manajemen Pelayanan Kesehatan"),
            (
                ("Pelatihan Advanced Cardiac Life Support (ACLS)", 40),
                ("Pelatihan Penanganan Kegawatdaruratan Obstetri dan Neonatal", 48),
                ("Pelatihan Tata Laksana Tuberkulosis", 30),
            ),
            (
                ("Surat Tanda Registrasi Dokter", "Konsil Kedokteran Indonesia"),
                ("Sertifikat ATLS", "Ikatan Ahli Bedah Indonesia"),
            ),
        ),
        Field(
            "keperawatan",
            (
                M("Keperawatan", "S.Kep.", "M.Kep.", "A.Md.Kep."),
                M("Kebidanan", "S.Keb.", "M.Keb.", "A.Md.Keb."),
            ),
            ("Asuhan Keperawatan", "Kegawatdaruratan", "Pelayanan Kebidanan"),
            (
                ("Pelatihan Basic Trauma Cardiac Life Support (BTCLS)", 40),
                ("Pelatihan Asuhan Persalinan Normal", 48),
                ("Pelatihan Perawatan Luka Modern", 30),
            ),
            (("Surat Tanda Registrasi Perawat", "Konsil Kesehatan Indonesia"),),
        ),
        Field(
            "pendidikan",
            (
                M("Pendidikan Matematika", "S.Pd.", "M.Pd."),
                M("Pendidikan Bahasa Indonesia", "S.Pd.", "M.Pd."),
                M("Pendidikan Biologi", "S.Pd.", "M.Pd."),
                M("Pendidikan Guru Sekolah Dasar", "S.Pd.", "M.Pd."),
                M("Pendidikan Bahasa Inggris", "S.Pd.", "M.Pd."),
                M("Manajemen Pendidikan", "S.Pd.", "M.Pd."),
            ),
            ("Pembelajaran", "Pengembangan Kurikulum", "Manajemen Pendidikan"),
            (
                ("Pelatihan Implementasi Kurikulum Merdeka", 32),
                ("Pelatihan Guru Penggerak", 60),
                ("Pelatihan Asesmen Pembelajaran", 24),
                ("Pelatihan Manajemen Berbasis Sekolah", 30),
            ),
            (("Sertifikat Pendidik", "Kementerian Pendidikan Dasar dan Menengah"),),
        ),
        Field(
            "infrastruktur",
            (
                M("Teknik Sipil", "S.T.", "M.T.", "A.Md.T."),
                M("Arsitektur", "S.Ars.", "M.T."),
                M("Teknik Lingkungan", "S.T.", "M.T."),
            ),
            ("Perencanaan Teknis Jalan dan Jembatan", "Manajemen Konstruksi", "Penataan Ruang"),
            (
                ("Pelatihan Pengawasan Pekerjaan Jalan dan Jembatan", 40),
                ("Pelatihan Manajemen Konstruksi", 48),
                ("Bimtek Penyusunan Rencana Detail Tata Ruang", 32),
                ("Pelatihan Keselamatan Konstruksi", 24),
            ),
            (
                (
                    "Sertifikat Kompetensi Kerja Ahli Teknik Jalan",
                    "Lembaga Pengembangan Jasa Konstruksi",
                ),
                ("Sertifikat Ahli K3 Konstruksi", "Kementerian Pekerjaan Umum"),
            ),
        ),
        Field(
            "pengawasan",
            (
                M("Akuntansi", "S.E.", "M.Ak."),
                M("Ilmu Hukum", "S.H.", "M.H."),
                M("Manajemen", "S.E.", "M.M."),
            ),
            (
                "Audit Intern Pemerintah",
                "Pengawasan Penyelenggaraan Pemerintahan Daerah",
                "Manajemen Risiko",
            ),
            (
                ("Pelatihan Audit Berbasis Risiko", 40),
                ("Pelatihan Audit Kinerja", 36),
                ("Pelatihan Reviu Laporan Keuangan Pemerintah Daerah", 30),
                ("Pelatihan Investigasi dan Audit Kecurangan", 48),
                ("Diklat Pembentukan Auditor Ahli", 120),
            ),
            (
                ("Qualified Internal Auditor (QIA)", "Yayasan Pendidikan Internal Audit"),
                ("Certified Fraud Examiner (CFE)", "Association of Certified Fraud Examiners"),
                ("Sertifikat Jabatan Fungsional Auditor", "BPKP"),
            ),
        ),
        Field(
            "pengadaan",
            (
                M("Manajemen", "S.E.", "M.M."),
                M("Teknik Industri", "S.T.", "M.T."),
                M("Ilmu Hukum", "S.H.", "M.H."),
            ),
            (
                "Pengadaan Barang/Jasa Pemerintah",
                "Manajemen Kontrak",
                "E-Purchasing dan Katalog Elektronik",
            ),
            (
                ("Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar", 40),
                ("Pelatihan Pengelolaan Kontrak Pengadaan", 32),
                ("Bimtek E-Katalog dan Toko Daring", 24),
                ("Pelatihan Penyusunan Harga Perkiraan Sendiri", 24),
            ),
            (
                ("Sertifikat Ahli Pengadaan Barang/Jasa", "LKPP"),
                ("Sertifikat Kompetensi Pengelola Pengadaan Barang/Jasa", "LKPP"),
            ),
        ),
        Field(
            "teknologi informasi",
            (
                M("Teknik Informatika", "S.Kom.", "M.Kom.", "A.Md.Kom."),
                M("Sistem Informasi", "S.Kom.", "M.Kom.", "A.Md.Kom."),
                M("Ilmu Komputer", "S.Kom.", "M.Kom.", "A.Md.Kom."),
            ),
            (
                "Tata Kelola Teknologi Informasi",
                "Keamanan Informasi",
                "Pengembangan Sistem Informasi",
            ),
            (
                ("Pelatihan Keamanan Siber untuk Instansi Pemerintah", 40),
                ("Pelatihan Arsitektur SPBE", 32),
                ("Pelatihan Pengembangan Aplikasi Berbasis Web", 48),
                ("Pelatihan Administrasi Jaringan dan Pusat Data", 40),
            ),
            (
                ("Certified Information Systems Security Professional (CISSP)", "ISC2"),
                ("Sertifikat Kompetensi Network Administrator", "BNSP"),
                ("Sertifikat Jabatan Fungsional Pranata Komputer", "BPS"),
            ),
        ),
        Field(
            "hukum",
            (M("Ilmu Hukum", "S.H.", "M.H."),),
            ("Penyusunan Produk Hukum Daerah", "Bantuan Hukum", "Harmonisasi Peraturan"),
            (
                ("Pelatihan Legal Drafting Peraturan Daerah", 40),
                ("Bimtek Harmonisasi Produk Hukum Daerah", 24),
                ("Pelatihan Penanganan Perkara Tata Usaha Negara", 32),
            ),
            (("Sertifikat Perancang Peraturan Perundang-undangan", "Kementerian Hukum"),),
        ),
        Field(
            "umum",
            (*_ADMIN_MAJORS, M("Manajemen", "S.E.", "M.M.")),
            ("Administrasi Perkantoran", "Kearsipan", "Pengelolaan Layanan Umum"),
            (
                ("Bimtek Tata Naskah Dinas", 24),
                ("Pelatihan Pengelolaan Arsip Dinamis", 30),
                ("Pelatihan Pelayanan Prima", 24),
                ("Pelatihan Keprotokolan", 24),
            ),
            (("Sertifikat Kompetensi Arsiparis", "ANRI"),),
        ),
        Field(
            "kebijakan publik",
            (*_ADMIN_MAJORS, M("Ilmu Politik", "S.IP.", "M.A.P.")),
            ("Analisis Kebijakan Publik", "Evaluasi Kebijakan", "Penyusunan Naskah Kebijakan"),
            (
                ("Pelatihan Analisis Kebijakan", 40),
                ("Pelatihan Penulisan Policy Brief", 24),
                ("Pelatihan Evaluasi Kebijakan Publik", 30),
            ),
            (("Sertifikat Jabatan Fungsional Analis Kebijakan", "LAN"),),
        ),
        Field(
            "pertanian",
            (
                M("Agroteknologi", "S.P.", "M.P."),
                M("Agribisnis", "S.P.", "M.P."),
                M("Peternakan", "S.Pt.", "M.P."),
            ),
            ("Penyuluhan Pertanian", "Perlindungan Tanaman", "Agribisnis"),
            (
                ("Pelatihan Penyuluhan Pertanian", 40),
                ("Pelatihan Pengendalian Organisme Pengganggu Tumbuhan", 32),
                ("Pelatihan Budidaya Kelapa Sawit Berkelanjutan", 30),
            ),
            (("Sertifikat Penyuluh Pertanian", "Kementerian Pertanian"),),
        ),
        Field(
            "sosial",
            (M("Kesejahteraan Sosial", "S.Sos.", "M.Si."), M("Sosiologi", "S.Sos.", "M.Si.")),
            ("Rehabilitasi Sosial", "Perlindungan dan Jaminan Sosial", "Pemberdayaan Masyarakat"),
            (
                ("Pelatihan Pendamping Rehabilitasi Sosial", 40),
                ("Bimtek Pemutakhiran DTKS", 24),
                ("Pelatihan Penanganan Anak Berhadapan dengan Hukum", 30),
            ),
            (("Sertifikat Pekerja Sosial Profesional", "Kementerian Sosial"),),
        ),
        Field(
            "perhubungan",
            (M("Transportasi", "S.Tr.", "M.T."), M("Teknik Sipil", "S.T.", "M.T.")),
            ("Manajemen Lalu Lintas", "Keselamatan Transportasi", "Pengujian Kendaraan Bermotor"),
            (
                ("Pelatihan Manajemen dan Rekayasa Lalu Lintas", 40),
                ("Pelatihan Penguji Kendaraan Bermotor", 60),
            ),
            (("Sertifikat Penguji Kendaraan Bermotor", "Kementerian Perhubungan"),),
        ),
        Field(
            "lingkungan hidup",
            (M("Teknik Lingkungan", "S.T.", "M.T."), M("Ilmu Lingkungan", "S.Si.", "M.Si.")),
            ("Pengendalian Pencemaran Lingkungan", "Kajian Lingkungan Hidup", "Pengelolaan Sampah"),
            (
                ("Pelatihan Penilaian Dokumen AMDAL", 48),
                ("Pelatihan Pengawasan Lingkungan Hidup", 32),
                ("Pelatihan Pengelolaan Sampah Terpadu", 24),
            ),
            (("Sertifikat Kompetensi Penyusun AMDAL", "Kementerian Lingkungan Hidup"),),
        ),
        Field(
            "kependudukan",
            (*_ADMIN_MAJORS, M("Statistika", "S.Stat.", "M.Si.")),
            (
                "Administrasi Kependudukan",
                "Pengelolaan Data Kependudukan",
                "Pelayanan Publik Adminduk",
            ),
            (
                ("Bimtek Sistem Informasi Administrasi Kependudukan", 32),
                ("Pelatihan Pelayanan Identitas Kependudukan Digital", 24),
            ),
            (("Sertifikat Administrator Database Kependudukan", "Kementerian Dalam Negeri"),),
        ),
    )
}

# Diploma/high-school tracks: what a D-III or SLTA graduate in a field studied.
D3_MAJORS: dict[str, str] = {
    "keuangan": "Akuntansi",
    "pendapatan": "Perpajakan",
    "kesehatan": "Kesehatan Lingkungan",
    "keperawatan": "Keperawatan",
    "infrastruktur": "Teknik Sipil",
    "teknologi informasi": "Manajemen Informatika",
    "pertanian": "Budidaya Tanaman",
}
SLTA_JURUSAN = (
    "IPA",
    "IPS",
    "Akuntansi (SMK)",
    "Teknik Komputer dan Jaringan (SMK)",
    "Administrasi Perkantoran (SMK)",
)


def field(key: str) -> Field:
    return FIELDS[key]
