"""One small, consistent example dataset: shown in docs/import-format.md, imported by a test."""

from __future__ import annotations

EXAMPLES: dict[str, list[dict[str, str]]] = {
    "instansi": [
        {"kode_instansi": "PROV", "nama": "Pemerintah Provinsi Jambi", "jenis": "provinsi"}
    ],
    "unit_kerja": [
        {
            "kode_instansi": "PROV",
            "kode_unit": "BKD",
            "nama": "Badan Kepegawaian Daerah",
            "singkatan": "BKD",
            "kode_induk": "",
        },
        {
            "kode_instansi": "PROV",
            "kode_unit": "BKD-MUT",
            "nama": "Bidang Mutasi dan Promosi",
            "singkatan": "",
            "kode_induk": "BKD",
        },
    ],
    "jabatan": [
        {
            "kode_instansi": "PROV",
            "kode_jabatan": "BKD-KABID-MUT",
            "nama": "Kepala Bidang Mutasi dan Promosi",
            "jenis": "administrator",
            "jenjang": "",
            "eselon": "III.b",
            "kode_unit": "BKD-MUT",
            "bidang": "kepegawaian",
            "pendidikan_min": "S1",
            "kode_atasan": "",
            "formasi": "1",
        },
        {
            "kode_instansi": "PROV",
            "kode_jabatan": "BKD-ASDM-MUDA",
            "nama": "Analis SDM Aparatur",
            "jenis": "fungsional",
            "jenjang": "ahli_muda",
            "eselon": "",
            "kode_unit": "BKD-MUT",
            "bidang": "kepegawaian",
            "pendidikan_min": "S1",
            "kode_atasan": "BKD-KABID-MUT",
            "formasi": "3",
        },
    ],
    "jabatan_kompetensi": [
        {
            "kode_instansi": "PROV",
            "kode_jabatan": "BKD-KABID-MUT",
            "kompetensi": "Integritas",
            "jenis": "manajerial",
            "level": "3",
        },
        {
            "kode_instansi": "PROV",
            "kode_jabatan": "BKD-KABID-MUT",
            "kompetensi": "Manajemen SDM",
            "jenis": "teknis",
            "level": "3",
        },
    ],
    "pegawai": [
        {
            "nip": "198609262015051001",
            "nama": "Rahmat Hidayat",
            "gelar_depan": "",
            "gelar_belakang": "S.E., M.M.",
            "jenis_kelamin": "L",
            "tanggal_lahir": "1986-09-26",
            "status_kepegawaian": "PNS",
            "golongan": "III/d",
            "tmt_golongan": "2023-04-01",
            "tmt_cpns": "2015-05-01",
            "kode_instansi": "PROV",
            "kode_unit": "BKD-MUT",
            "kode_jabatan": "BKD-KABID-MUT",
            "tmt_jabatan": "2024-01-02",
            "status": "aktif",
            "tanggal_status": "",
            "alasan_status": "",
        },
        {
            "nip": "198802142014032001",
            "nama": "Siti Aminah",
            "gelar_depan": "",
            "gelar_belakang": "S.Psi.",
            "jenis_kelamin": "P",
            "tanggal_lahir": "1988-02-14",
            "status_kepegawaian": "PNS",
            "golongan": "III/c",
            "tmt_golongan": "2022-10-01",
            "tmt_cpns": "2014-03-01",
            "kode_instansi": "PROV",
            "kode_unit": "BKD-MUT",
            "kode_jabatan": "BKD-ASDM-MUDA",
            "tmt_jabatan": "2021-07-01",
            "status": "",
            "tanggal_status": "",
            "alasan_status": "",
        },
    ],
    "riwayat_pendidikan": [
        {
            "nip": "198609262015051001",
            "jenjang": "S2",
            "jurusan": "Manajemen",
            "institusi": "Universitas Jambi",
            "tahun_lulus": "2019",
        },
    ],
    "riwayat_jabatan": [
        {
            "nip": "198609262015051001",
            "nama_jabatan": "Analis SDM Aparatur",
            "jenis_jabatan": "fungsional",
            "jenjang": "ahli_pertama",
            "kode_instansi": "PROV",
            "unit": "Badan Kepegawaian Daerah",
            "bidang": "kepegawaian",
            "tmt_mulai": "2016-05-01",
            "tmt_selesai": "2024-01-01",
        },
        {
            "nip": "198609262015051001",
            "nama_jabatan": "Kepala Bidang Mutasi dan Promosi",
            "jenis_jabatan": "administrator",
            "jenjang": "",
            "kode_instansi": "PROV",
            "unit": "Bidang Mutasi dan Promosi",
            "bidang": "kepegawaian",
            "tmt_mulai": "2024-01-02",
            "tmt_selesai": "",
        },
    ],
    "diklat": [
        {
            "nip": "198609262015051001",
            "nama": "Pelatihan Kepemimpinan Administrator",
            "jenis": "PKA",
            "jp": "240",
            "tahun": "2024",
        },
    ],
    "sertifikasi": [
        {
            "nip": "198802142014032001",
            "nama": "Asesor SDM Aparatur",
            "penerbit": "Badan Kepegawaian Negara",
            "tahun": "2023",
        },
    ],
    "asesmen": [
        {
            "nip": "198609262015051001",
            "tanggal": "2025-03-12",
            "metode": "assessment center",
            "skor_potensi": "78.5",
            "kategori_potensi": "tinggi",
        },
    ],
    "asesmen_kompetensi": [
        {
            "nip": "198609262015051001",
            "tanggal": "2025-03-12",
            "kompetensi": "Integritas",
            "level": "4",
        },
    ],
    "kinerja": [
        {"nip": "198609262015051001", "tahun": "2025", "predikat": "Sangat Baik"},
        {"nip": "198802142014032001", "tahun": "2025", "predikat": "Baik"},
    ],
    "hukuman_disiplin": [
        {
            "nip": "198802142014032001",
            "tingkat": "ringan",
            "jenis": "teguran lisan",
            "tmt_mulai": "2022-02-01",
            "tmt_selesai": "2022-08-01",
        },
    ],
    "keluarga": [
        {"nip": "198609262015051001", "nip_keluarga": "198802142014032001", "hubungan": "pasangan"},
    ],
    "ninebox_resmi": [
        {"nip": "198609262015051001", "tahun": "2025", "kotak": "9", "sumber": "BKN"},
    ],
    "rencana_suksesi": [
        {
            "nip": "198609262015051001",
            "tahun": "2026",
            "kode_jabatan_target": "",
            "keterangan": "kelompok rencana suksesi JPT pratama",
        },
    ],
}
