"""Two short profiles shared by the real-model tests: a procurement officer and a nurse."""

from __future__ import annotations

PENGADAAN = (
    "Jabatan sekarang: Pengelola Pengadaan Barang/Jasa Ahli Muda (Fungsional) di Bagian "
    "Pengadaan, bidang pengadaan, sejak 2021.\n"
    "Pelatihan: Pengelolaan Kontrak Pengadaan (2024); Bimtek E-Katalog dan Toko Daring (2023).\n"
    "Sertifikasi: Sertifikat Ahli Pengadaan Barang/Jasa (2022)."
)
DISTRACTOR = (
    "Jabatan sekarang: Perawat Ahli Muda (Fungsional) di Rumah Sakit Umum Daerah, bidang "
    "keperawatan, sejak 2020.\n"
    "Pelatihan: Perawatan Luka Modern (2024); Basic Trauma Cardiac Life Support (2023).\n"
    "Sertifikasi: Surat Tanda Registrasi Perawat (2019)."
)
