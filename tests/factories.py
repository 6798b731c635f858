"""Test factories with sensible defaults: real rows in a real database.

Usage::

    with Session(engine) as s:
        inst = make_instansi(s)
        jab = make_jabatan(s, inst, jenis="administrator", standar={"Integritas": 3})
        peg = make_pegawai(s, inst, jabatan=jab)
        add_kinerja(s, peg, {2024: "Baik", 2025: "Sangat Baik"})
        s.commit()
"""

from __future__ import annotations

import itertools
from datetime import date

from sqlmodel import Session

from db.models import (
    Asesmen,
    AsesmenKompetensi,
    Diklat,
    HukumanDisiplin,
    Instansi,
    Jabatan,
    JabatanKompetensi,
    Kinerja,
    NineBoxResmi,
    Pegawai,
    RencanaSuksesi,
    RiwayatJabatan,
    RiwayatPendidikan,
    UnitKerja,
)
from db.reference import KOMPETENSI_MANAJERIAL, KOMPETENSI_SOSIAL_KULTURAL

_seq = itertools.count(1)

# Eight dinas of one agency: more posts of one title ("Sekretaris") than six choice buttons.
EIGHT_DINAS = (
    "Dinas Kesehatan",
    "Dinas Pendidikan",
    "Dinas Sosial",
    "Dinas Pertanian",
    "Dinas Perhubungan",
    "Dinas Pariwisata",
    "Dinas Perikanan",
    "Dinas Koperasi",
)


def make_nip(
    lahir: date, tmt_cpns: date, jenis_kelamin: str = "L", serial: int | None = None
) -> str:
    """A structurally valid PNS NIP (FACTS.md §11.2)."""
    n = next(_seq) if serial is None else serial
    sex = "1" if jenis_kelamin == "L" else "2"
    return f"{lahir:%Y%m%d}{tmt_cpns:%Y%m}{sex}{n % 1000:03d}"


def make_instansi(
    s: Session, kode: str = "PROV", nama: str = "Pemerintah Provinsi Jambi", jenis: str = "provinsi"
) -> Instansi:
    inst = Instansi(kode=kode, nama=nama, jenis=jenis)
    s.add(inst)
    s.flush()
    return inst


def make_unit(
    s: Session,
    instansi: Instansi,
    kode: str | None = None,
    nama: str = "Badan Kepegawaian Daerah",
    singkatan: str | None = "BKD",
    induk: UnitKerja | None = None,
) -> UnitKerja:
    unit = UnitKerja(
        instansi_id=instansi.id,
        kode=kode or f"U{next(_seq)}",
        nama=nama,
        singkatan=singkatan,
        induk_id=induk.id if induk else None,
    )
    s.add(unit)
    s.flush()
    return unit


def standar_default(level: int = 3) -> dict[str, int]:
    return {k: level for k in (*KOMPETENSI_MANAJERIAL, *KOMPETENSI_SOSIAL_KULTURAL)}


def make_jabatan(
    s: Session,
    instansi: Instansi,
    *,
    unit: UnitKerja | None = None,
    kode: str | None = None,
    nama: str = "Kepala Bidang Anggaran",
    jenis: str = "administrator",
    jenjang: str | None = None,
    eselon: str | None = "III.b",
    bidang: str = "keuangan",
    pendidikan_min: str = "S1",
    standar: dict[str, int] | None = None,
    teknis: dict[str, int] | None = None,
    atasan: Jabatan | None = None,
    formasi: int = 1,
) -> Jabatan:
    unit = unit or make_unit(s, instansi)
    jab = Jabatan(
        instansi_id=instansi.id,
        kode=kode or f"J{next(_seq)}",
        nama=nama,
        jenis=jenis,
        jenjang=jenjang,
        eselon=eselon,
        unit_id=unit.id,
        bidang=bidang,
        pendidikan_min=pendidikan_min,
        atasan_id=atasan.id if atasan else None,
        formasi=formasi,
    )
    s.add(jab)
    s.flush()
    for name, level in (standar if standar is not None else standar_default()).items():
        jenis_k = "sosial_kultural" if name in KOMPETENSI_SOSIAL_KULTURAL else "manajerial"
        s.add(JabatanKompetensi(jabatan_id=jab.id, kompetensi=name, jenis=jenis_k, level=level))
    for name, level in (teknis or {}).items():
        s.add(JabatanKompetensi(jabatan_id=jab.id, kompetensi=name, jenis="teknis", level=level))
    s.flush()
    return jab


def make_pegawai(
    s: Session,
    instansi: Instansi,
    *,
    jabatan: Jabatan | None = None,
    unit: UnitKerja | None = None,
    nama: str = "Budi Santoso",
    jenis_kelamin: str = "L",
    tanggal_lahir: date = date(1980, 5, 17),
    tmt_cpns: date = date(2005, 3, 1),
    status_kepegawaian: str = "PNS",
    golongan: str | None = "III/d",
    tmt_golongan: date | None = date(2019, 4, 1),
    tmt_jabatan: date | None = date(2021, 1, 4),
    status: str = "aktif",
    pendidikan: str | None = "S1",
    jurusan: str = "Akuntansi",
    nip: str | None = None,
) -> Pegawai:
    if unit is None:
        unit = s.get(UnitKerja, jabatan.unit_id) if jabatan else make_unit(s, instansi)
    assert unit is not None
    peg = Pegawai(
        nip=nip or make_nip(tanggal_lahir, tmt_cpns, jenis_kelamin),
        nama=nama,
        jenis_kelamin=jenis_kelamin,
        tanggal_lahir=tanggal_lahir,
        status_kepegawaian=status_kepegawaian,
        status=status,
        golongan=golongan if status_kepegawaian == "PNS" else None,
        tmt_golongan=tmt_golongan if status_kepegawaian == "PNS" else None,
        tmt_cpns=tmt_cpns if status_kepegawaian == "PNS" else None,
        instansi_id=instansi.id,
        unit_id=unit.id,
        jabatan_id=jabatan.id if jabatan else None,
        tmt_jabatan=tmt_jabatan,
    )
    s.add(peg)
    s.flush()
    if pendidikan:
        s.add(
            RiwayatPendidikan(
                pegawai_id=peg.id, jenjang=pendidikan, jurusan=jurusan, tahun_lulus=2003
            )
        )
    if jabatan is not None and tmt_jabatan is not None:
        s.add(
            RiwayatJabatan(
                pegawai_id=peg.id,
                nama_jabatan=jabatan.nama,
                jenis_jabatan=jabatan.jenis,
                jenjang=jabatan.jenjang,
                instansi_kode=instansi.kode,
                bidang=jabatan.bidang,
                tmt_mulai=tmt_jabatan,
            )
        )
    s.flush()
    return peg


def add_riwayat_jabatan(
    s: Session,
    peg: Pegawai,
    *,
    nama: str,
    jenis: str,
    mulai: date,
    selesai: date | None,
    bidang: str | None = None,
    jenjang: str | None = None,
) -> None:
    s.add(
        RiwayatJabatan(
            pegawai_id=peg.id,
            nama_jabatan=nama,
            jenis_jabatan=jenis,
            jenjang=jenjang,
            bidang=bidang,
            tmt_mulai=mulai,
            tmt_selesai=selesai,
        )
    )
    s.flush()


def add_kinerja(s: Session, peg: Pegawai, predikat: dict[int, str]) -> None:
    for tahun, p in predikat.items():
        s.add(Kinerja(pegawai_id=peg.id, tahun=tahun, predikat=p))
    s.flush()


def add_asesmen(
    s: Session,
    peg: Pegawai,
    levels: dict[str, int],
    *,
    tanggal: date = date(2025, 6, 1),
    metode: str = "assessment center",
    skor_potensi: float | None = 75.0,
    kategori_potensi: str | None = None,
) -> Asesmen:
    a = Asesmen(
        pegawai_id=peg.id,
        tanggal=tanggal,
        metode=metode,
        skor_potensi=skor_potensi,
        kategori_potensi=kategori_potensi,
    )
    s.add(a)
    s.flush()
    for k, v in levels.items():
        s.add(AsesmenKompetensi(asesmen_id=a.id, kompetensi=k, level=v))
    s.flush()
    return a


def add_diklat(
    s: Session, peg: Pegawai, nama: str, jenis: str = "teknis", jp: int = 24, tahun: int = 2025
) -> None:
    s.add(Diklat(pegawai_id=peg.id, nama=nama, jenis=jenis, jp=jp, tahun=tahun))
    s.flush()


def add_hukuman(
    s: Session,
    peg: Pegawai,
    tingkat: str,
    mulai: date,
    selesai: date | None,
    jenis: str = "teguran",
) -> None:
    s.add(
        HukumanDisiplin(
            pegawai_id=peg.id, tingkat=tingkat, jenis=jenis, tmt_mulai=mulai, tmt_selesai=selesai
        )
    )
    s.flush()


def add_ninebox_resmi(
    s: Session, peg: Pegawai, kotak: int, tahun: int = 2025, sumber: str = "BKN"
) -> None:
    s.add(NineBoxResmi(pegawai_id=peg.id, tahun=tahun, kotak=kotak, sumber=sumber))
    s.flush()


def add_suksesi(s: Session, peg: Pegawai, tahun: int = 2026, target: str = "") -> None:
    s.add(RencanaSuksesi(pegawai_id=peg.id, tahun=tahun, jabatan_target_kode=target))
    s.flush()
