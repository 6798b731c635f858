"""What agencies have: day-first dates on request, and another system's export via a profile."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from db.importer import (
    ImportFailed,
    ProfileError,
    ReadOptions,
    import_directory,
    load_profile,
)
from db.importer.profile import PROFILES_DIR, available
from db.models import Kinerja, Pegawai, RiwayatPendidikan
from tests.db.importer.fixtures import SIASN_EXTRA, day_first, make_dataset, write_siasn


def _dates_issues(engine: Engine, tmp_path: Path, value: str, **kw: object) -> list[str]:
    ds = make_dataset(3)
    ds.rows("pegawai")[1]["tmt_golongan"] = value
    with pytest.raises(ImportFailed) as exc:
        import_directory(engine, ds.write_csv(tmp_path / value.replace("/", "_")), **kw)  # type: ignore[arg-type]
    return [i.message for i in exc.value.issues if (i.row, i.column) == (3, "tmt_golongan")]


def test_day_first_dates_without_the_option_are_refused_with_its_name(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    [later] = _dates_issues(sqlite_engine, tmp_path, "17-08-2005")
    assert "hari-bulan-tahun" in later and "--tanggal-hari-dulu" in later
    [ambiguous] = _dates_issues(sqlite_engine, tmp_path, "05/08/2005")
    assert "dua cara" in ambiguous and "--tanggal-hari-dulu" in ambiguous
    [american] = _dates_issues(sqlite_engine, tmp_path, "08/17/2005")
    assert "format Amerika" in american
    day = ReadOptions(day_first=True)
    [month] = _dates_issues(sqlite_engine, tmp_path, "08/17/2005", read=day)
    assert "Bulan 17 tidak ada" in month
    [calendar] = _dates_issues(sqlite_engine, tmp_path, "31-09-2005", read=day)
    assert "tidak ada di kalender" in calendar


def test_day_first_dates_with_the_option(sqlite_engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(4)
    rows = ds.rows("pegawai")
    expected = {}
    for i, r in enumerate(rows):
        r["tanggal_lahir"] = day_first(r["tanggal_lahir"])
        r["tmt_golongan"] = ("05/08/2005", "17-08-2005", "2005-08-05", "1/2/2005")[i]
        expected[r["nip"]] = (
            (date(2005, 8, 5), date(2005, 8, 17), date(2005, 8, 5))[i]
            if i < 3
            else date(2005, 2, 1)
        )
    report = import_directory(
        sqlite_engine, ds.write_csv(tmp_path / "in"), read=ReadOptions(day_first=True)
    )
    assert report.counts["pegawai"].created == 4 and report.warning_count == 0
    with sqlite_engine.connect() as conn:
        got = dict(conn.execute(select(Pegawai.nip, Pegawai.tmt_golongan)).all())  # type: ignore[call-overload]
    assert got == expected


def test_siasn_shaped_download_imports_with_the_profile(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(12, agencies=("PROV",))
    d = write_siasn(ds, tmp_path / "siasn")
    siasn = load_profile("siasn")
    read = ReadOptions(day_first=siasn.day_first, profile=siasn)

    with pytest.raises(ImportFailed) as raw:  # as-is, Talenta does not know the names
        import_directory(engine, d, instansi=["PROV"])
    assert [(i.file, i.message) for i in raw.value.issues] == [
        ("pegawai.csv", "Berkas wajib tidak ada di folder impor.")
    ]
    with pytest.raises(ImportFailed) as no_code:  # the profile fills kode_instansi from it
        import_directory(engine, d, read=read)
    assert any("--instansi" in i.message for i in no_code.value.issues)

    report = import_directory(engine, d, instansi=["PROV"], read=read)
    assert report.counts["pegawai"].created == 12
    assert report.counts["riwayat_pendidikan"].created == 12
    assert report.counts["kinerja"].created == 24
    [ignored] = [w for w in report.warnings if "tidak dibaca" in w.message]
    assert ignored.file == "DATA UTAMA.csv"
    assert all(name in ignored.message for name in SIASN_EXTRA)
    assert not any(v in w.message for w in report.warnings for v in SIASN_EXTRA.values())
    first = ds.rows("pegawai")[0]
    with engine.connect() as conn:
        p = conn.execute(select(Pegawai).where(Pegawai.nip == first["nip"])).one()  # type: ignore[arg-type]
        assert p.tanggal_lahir.isoformat() == first["tanggal_lahir"]
        assert p.tmt_cpns.isoformat() == first["tmt_cpns"]
        assert (p.jenis_kelamin, p.status, p.golongan) == ("L", "aktif", "III/c")
        jenjang = conn.scalars(
            select(RiwayatPendidikan.jenjang).where(RiwayatPendidikan.pegawai_id == p.id)
        ).all()
        predikat = set(conn.scalars(select(Kinerja.predikat)))
    assert jenjang == ["S1"] and predikat == {"Baik", "Sangat Baik"}


def test_every_shipped_mapping_says_where_it_comes_from() -> None:
    assert available() == ["siasn"]
    for name in available():
        profile = load_profile(name)
        for table, tm in profile.tables.items():
            for column, cm in tm.columns.items():
                assert cm.source.strip() and cm.status, (table, column)
                # Nobody here has seen a real SIASN download: a name taken from it is never
                # marked verified.
                if cm.names:
                    assert cm.status == "unverified", (table, column)
            for column, vm in tm.values.items():
                assert vm.source.strip() and vm.status == "unverified", (table, column)
    text = (PROFILES_DIR / "siasn.yaml").read_text(encoding="utf-8")
    assert "belum pernah melihat" in text


def test_profile_errors_name_the_key(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="Tersedia: siasn"):
        load_profile("simpeg-x")
    bad = tmp_path / "salinan.yaml"
    bad.write_text(
        "name: x\ndescription: y\ntables:\n  pegawai:\n    columns:\n      nomor:\n"
        "        names: [NIP]\n        source: s\n        status: unverified\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match="kolom 'nomor' tidak ada di tabel pegawai"):
        load_profile(str(bad))
