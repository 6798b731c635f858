"""A small two-agency world built with the factories, and a search service over it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from retrieval.encoders.hashing import HashingEncoder
from retrieval.people.service import SearchService
from retrieval.settings import SearchSettings
from tests.factories import (
    add_asesmen,
    add_diklat,
    add_hukuman,
    add_kinerja,
    add_ninebox_resmi,
    add_riwayat_jabatan,
    make_instansi,
    make_jabatan,
    make_pegawai,
    make_unit,
    standar_default,
)

TODAY = date(2026, 11, 29)


@dataclass
class World:
    prov: int
    kjb: int
    kabid_anggaran: int  # target position (administrator, III.b, keuangan, BPKAD, PROV)
    kabid_kjb: int  # same kind of position in KJB
    kasi_yankes: int  # a vacant pengawas position in Dinkes PROV
    ani: int  # PROV, budgeting pengawas: the best candidate
    budi: int  # PROV, health pengawas: eligible, less relevant
    citra: int  # PROV, budgeting expert but golongan III/a: not eligible
    dedi: int  # KJB, budgeting expert: outside a PROV-only scope
    eko: int  # PROV, no education record: incomplete
    fajar: int  # PROV, retired
    dedi_nip: str


def build_world(engine: Engine) -> World:
    with Session(engine, expire_on_commit=False) as s:
        prov = make_instansi(s, "PROV", "Pemerintah Provinsi Jambi")
        kjb = make_instansi(s, "KJB", "Pemerintah Kota Jambi", "kota")
        bpkad = make_unit(
            s, prov, nama="Badan Pengelolaan Keuangan dan Aset Daerah", singkatan="BPKAD"
        )
        dinkes = make_unit(s, prov, nama="Dinas Kesehatan", singkatan=None)
        bkad_kjb = make_unit(s, kjb, nama="Badan Keuangan dan Aset Daerah", singkatan="BKAD")
        kabid = make_jabatan(
            s,
            prov,
            unit=bpkad,
            nama="Kepala Bidang Anggaran",
            eselon="III.b",
            bidang="keuangan",
            teknis={"Penganggaran": 3},
        )
        kabid_kjb = make_jabatan(
            s,
            kjb,
            unit=bkad_kjb,
            nama="Kepala Bidang Anggaran",
            eselon="III.b",
            bidang="keuangan",
        )
        kasi_ang = make_jabatan(
            s,
            prov,
            unit=bpkad,
            nama="Kepala Sub Bidang Penyusunan Anggaran",
            jenis="pengawas",
            eselon="IV.a",
            bidang="keuangan",
        )
        kasi_yan = make_jabatan(
            s,
            prov,
            unit=dinkes,
            nama="Kepala Seksi Pelayanan Kesehatan",
            jenis="pengawas",
            eselon="IV.a",
            bidang="kesehatan",
            pendidikan_min="S1",
        )
        kasi_gizi = make_jabatan(
            s,
            prov,
            unit=dinkes,
            nama="Kepala Seksi Gizi Masyarakat",
            jenis="pengawas",
            eselon="IV.a",
            bidang="kesehatan",
            formasi=3,
        )
        kasi_kjb = make_jabatan(
            s,
            kjb,
            unit=bkad_kjb,
            nama="Kepala Sub Bidang Anggaran",
            jenis="pengawas",
            eselon="IV.a",
            bidang="keuangan",
        )
        strong = {k: 4 for k in standar_default()}

        def budgeter(inst, jab, nama, golongan="III/d", **kw):  # type: ignore[no-untyped-def]
            p = make_pegawai(
                s,
                inst,
                jabatan=jab,
                nama=nama,
                golongan=golongan,
                tmt_jabatan=date(2020, 1, 2),
                jurusan="Akuntansi",
                **kw,
            )
            add_riwayat_jabatan(
                s,
                p,
                nama="Analis Anggaran",
                jenis="pelaksana",
                mulai=date(2012, 1, 2),
                selesai=date(2020, 1, 1),
                bidang="keuangan",
            )
            add_diklat(s, p, "Penyusunan Anggaran Pendapatan dan Belanja Daerah", tahun=2024)
            add_diklat(s, p, "Pengadaan Barang dan Jasa Pemerintah", tahun=2023)
            add_kinerja(s, p, {2024: "Sangat Baik", 2025: "Sangat Baik"})
            add_asesmen(s, p, strong, skor_potensi=85)
            return p

        ani = budgeter(prov, kasi_ang, "Ani Lestari")
        add_ninebox_resmi(s, ani, 9, tahun=2025)
        citra = budgeter(prov, kasi_ang, "Citra Dewi", golongan="III/a")
        dedi = budgeter(kjb, kasi_kjb, "Dedi Kurniawan")
        budi = make_pegawai(
            s,
            prov,
            jabatan=kasi_gizi,
            nama="Budi Hartono",
            golongan="III/d",
            tmt_jabatan=date(2019, 3, 1),
            jurusan="Kesehatan Masyarakat",
            tanggal_lahir=date(1968, 12, 20),
        )
        add_riwayat_jabatan(
            s,
            budi,
            nama="Nutrisionis",
            jenis="fungsional",
            jenjang="ahli_muda",
            mulai=date(2010, 1, 4),
            selesai=date(2019, 2, 28),
            bidang="kesehatan",
        )
        add_diklat(s, budi, "Surveilans Gizi dan Penanganan Stunting", tahun=2024)
        add_kinerja(s, budi, {2024: "Baik", 2025: "Baik"})
        add_asesmen(s, budi, {k: 3 for k in standar_default()}, skor_potensi=70)
        add_hukuman(s, budi, "ringan", date(2025, 2, 1), date(2025, 8, 1))
        eko = make_pegawai(s, prov, jabatan=kasi_gizi, nama="Eko Saputra", pendidikan=None)
        add_diklat(s, eko, "Penyusunan Anggaran Daerah", tahun=2024)
        fajar = budgeter(prov, kasi_ang, "Fajar Ramadhan", status="pensiun")
        s.commit()
        assert prov.id and kjb.id and kabid.id and kabid_kjb.id and kasi_yan.id
        return World(
            prov.id,
            kjb.id,
            kabid.id,
            kabid_kjb.id,
            kasi_yan.id,
            ani.id or 0,
            budi.id or 0,
            citra.id or 0,
            dedi.id or 0,
            eko.id or 0,
            fajar.id or 0,
            dedi.nip,
        )


@pytest.fixture
def world(sqlite_engine: Engine) -> World:
    return build_world(sqlite_engine)


@pytest.fixture
def settings(tmp_path: Path) -> SearchSettings:
    return SearchSettings(index_dir=tmp_path / "index")


@pytest.fixture
def encoder() -> HashingEncoder:
    return HashingEncoder(256)


ServiceFactory = Callable[..., SearchService]


@pytest.fixture
def make_service(encoder: HashingEncoder, settings: SearchSettings) -> ServiceFactory:
    def make(engine: Engine, **overrides: object) -> SearchService:
        s = settings.model_copy(update=overrides)
        return SearchService(engine, encoder, s, today=lambda: TODAY)

    return make
