"""Reference tables that live in code: golongan/pangkat, position kinds, competencies.

Sources: FACTS.md §11.1 (golongan/pangkat, PP 99/2000 jo PP 12/2002), §11.3 (eselon),
§6 (Permenpan RB 38/2017 competency list), §11.4 (Permenpan RB 6/2022 predicates).
"""

from __future__ import annotations

from enum import StrEnum

GOLONGAN: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
GOLONGAN_ORDER: dict[str, int] = {g: i for i, g in enumerate(GOLONGAN)}


def golongan_rank(golongan: str) -> int:
    """Ordinal of a golongan/ruang (I/a = 0 … IV/e = 16). Raises KeyError if unknown."""
    return GOLONGAN_ORDER[golongan]


class JenisJabatan(StrEnum):
    jpt_utama = "jpt_utama"
    jpt_madya = "jpt_madya"
    jpt_pratama = "jpt_pratama"
    administrator = "administrator"
    pengawas = "pengawas"
    fungsional = "fungsional"
    pelaksana = "pelaksana"


JENIS_JABATAN_LABEL: dict[JenisJabatan, str] = {
    JenisJabatan.jpt_utama: "JPT Utama",
    JenisJabatan.jpt_madya: "JPT Madya",
    JenisJabatan.jpt_pratama: "JPT Pratama",
    JenisJabatan.administrator: "Administrator",
    JenisJabatan.pengawas: "Pengawas",
    JenisJabatan.fungsional: "Fungsional",
    JenisJabatan.pelaksana: "Pelaksana",
}


class JenjangFungsional(StrEnum):
    ahli_pertama = "ahli_pertama"
    ahli_muda = "ahli_muda"
    ahli_madya = "ahli_madya"
    ahli_utama = "ahli_utama"
    pemula = "pemula"
    terampil = "terampil"
    mahir = "mahir"
    penyelia = "penyelia"


ESELON = ("I.a", "I.b", "II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b", "V")


class JenisInstansi(StrEnum):
    provinsi = "provinsi"
    kabupaten = "kabupaten"
    kota = "kota"


class StatusKepegawaian(StrEnum):
    pns = "PNS"
    pppk = "PPPK"


class StatusPegawai(StrEnum):
    """Employment state. Anything but ``aktif`` ends access and leaves the indexes."""

    aktif = "aktif"
    pensiun = "pensiun"
    pindah = "pindah"  # moved to an agency outside the imported set
    diberhentikan = "diberhentikan"
    meninggal = "meninggal"
    tidak_ada_di_impor = "tidak_ada_di_impor"  # absent from a full-snapshot import


class JenisKelamin(StrEnum):
    laki_laki = "L"
    perempuan = "P"


# Education levels, lowest to highest. Used for "minimum education" checks.
PENDIDIKAN: tuple[str, ...] = (
    "SD",
    "SMP",
    "SLTA",
    "D-I",
    "D-II",
    "D-III",
    "D-IV",
    "S1",
    "S2",
    "S3",
)
PENDIDIKAN_ORDER: dict[str, int] = {p: i for i, p in enumerate(PENDIDIKAN)}
# D-IV and S1 are the same level for position requirements (FACTS.md §3: "min. S1/D-IV").
PENDIDIKAN_SETARA: dict[str, str] = {"D-IV": "S1"}


def pendidikan_level(jenjang: str) -> int:
    return PENDIDIKAN_ORDER[PENDIDIKAN_SETARA.get(jenjang, jenjang)]


KOMPETENSI_MANAJERIAL: tuple[str, ...] = (
    "Integritas",
    "Kerjasama",
    "Komunikasi",
    "Orientasi pada Hasil",
    "Pelayanan Publik",
    "Pengembangan Diri dan Orang Lain",
    "Mengelola Perubahan",
    "Pengambilan Keputusan",
)
KOMPETENSI_SOSIAL_KULTURAL: tuple[str, ...] = ("Perekat Bangsa",)
KOMPETENSI_STANDAR: tuple[str, ...] = KOMPETENSI_MANAJERIAL + KOMPETENSI_SOSIAL_KULTURAL
LEVEL_KOMPETENSI = range(1, 6)


class JenisKompetensi(StrEnum):
    manajerial = "manajerial"
    sosial_kultural = "sosial_kultural"
    teknis = "teknis"


class PredikatKinerja(StrEnum):
    """Employee performance predicates of Permenpan RB 6/2022 (FACTS.md §8, §11.4)."""

    sangat_baik = "Sangat Baik"
    baik = "Baik"
    butuh_perbaikan = "Butuh Perbaikan"
    kurang = "Kurang"
    sangat_kurang = "Sangat Kurang"


class TingkatHukuman(StrEnum):
    ringan = "ringan"
    sedang = "sedang"
    berat = "berat"


class HubunganKeluarga(StrEnum):
    pasangan = "pasangan"
    anak = "anak"
    orang_tua = "orang_tua"
    saudara = "saudara"


class JenisDiklat(StrEnum):
    pkn = "PKN"  # Pelatihan Kepemimpinan Nasional (JPT)
    pka = "PKA"  # Pelatihan Kepemimpinan Administrator
    pkp = "PKP"  # Pelatihan Kepemimpinan Pengawas
    latsar = "LATSAR"
    teknis = "teknis"
    fungsional = "fungsional"
    seminar = "seminar"
