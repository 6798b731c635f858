"""Every row is validated; one error writes nothing; messages name file, row, column, value."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from db.importer import ImportFailed, import_directory
from db.nip import SPREADSHEET_ADVICE
from tests.db.importer.conftest import dump
from tests.db.importer.fixtures import make_dataset


def _fail(engine: Engine, directory: Path, **kw: object) -> ImportFailed:
    with pytest.raises(ImportFailed) as exc:
        import_directory(engine, directory, **kw)  # type: ignore[arg-type]
    return exc.value


@pytest.mark.slow
def test_one_bad_nip_in_1000_rows_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(1000)
    import_directory(engine, ds.write_csv(tmp_path / "v1"))
    before = dump(engine)
    ds.rows("pegawai")[0]["nama"] = "Nama Baru"  # a valid change that must not land either
    ds.rows("pegawai")[736]["nip"] = "19860931" + ds.rows("pegawai")[736]["nip"][8:]  # 31 Sept
    err = _fail(engine, ds.write_csv(tmp_path / "v2"))
    first = next(i for i in err.issues if i.file == "pegawai.csv")
    assert (first.file, first.row, first.column) == ("pegawai.csv", 738, "nip")
    assert first.value == ds.rows("pegawai")[736]["nip"]
    assert "tanggal lahir" in first.message
    assert "pegawai.csv, baris 738, kolom nip" in str(err)
    assert dump(engine) == before


def test_typed_errors_name_row_column_and_value(sqlite_engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(6)
    p = ds.rows("pegawai")
    p[0]["tanggal_lahir"] = "17/05/1980"
    p[1]["golongan"] = "III/f"
    p[2]["jenis_kelamin"] = "X"
    p[3]["nama"] = ""
    p[4]["kode_unit"] = "TIDAK-ADA"
    ds.rows("kinerja")[0]["predikat"] = "Luar Biasa"
    ds.rows("diklat")[0]["jp"] = "empat puluh"
    ds.rows("ninebox_resmi")[0]["kotak"] = "10"
    err = _fail(sqlite_engine, ds.write_csv(tmp_path / "in"))
    got = {(i.file, i.row, i.column) for i in err.issues}
    assert {
        ("pegawai.csv", 2, "tanggal_lahir"),
        ("pegawai.csv", 3, "golongan"),
        ("pegawai.csv", 4, "jenis_kelamin"),
        ("pegawai.csv", 5, "nama"),
        ("pegawai.csv", 6, "kode_unit"),
        ("kinerja.csv", 2, "predikat"),
        ("diklat.csv", 2, "jp"),
        ("ninebox_resmi.csv", 2, "kotak"),
    } <= got
    by_col = {i.column: i for i in err.issues}
    assert "TTTT-BB-HH" in by_col["tanggal_lahir"].message
    assert by_col["tanggal_lahir"].value == "17/05/1980"
    assert "Sangat Baik" in by_col["predikat"].message
    assert by_col["nama"].message == "Wajib diisi."


def test_duplicates_and_references(sqlite_engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(4)
    ds.rows("pegawai").append(dict(ds.rows("pegawai")[1]))  # same NIP twice
    ds.rows("kinerja").append(dict(ds.rows("kinerja")[0]))  # same (nip, tahun)
    ds.rows("diklat").append(
        {"nip": "199001012015011999", "nama": "X", "jenis": "teknis", "jp": "8", "tahun": "2024"}
    )  # unknown employee
    ds.rows("asesmen_kompetensi").append(
        {
            "nip": ds.rows("pegawai")[0]["nip"],
            "tanggal": "2020-01-01",
            "kompetensi": "Integritas",
            "level": "3",
        }
    )  # no such assessment
    ds.rows("jabatan")[1]["kode_atasan"] = "TIDAK-ADA"
    err = _fail(sqlite_engine, ds.write_csv(tmp_path / "in"))
    msgs = {(i.file, i.column): i.message for i in err.issues}
    assert "NIP ganda" in msgs[("pegawai.csv", "nip")]
    assert "ganda" in msgs[("kinerja.csv", "tahun")]
    assert "tidak ada di berkas pegawai" in msgs[("diklat.csv", "nip")]
    assert "asesmen" in msgs[("asesmen_kompetensi.csv", "tanggal")]
    assert "kode_atasan" in msgs[("jabatan.csv", "kode_atasan")]
    assert err.total == len(err.issues) == 5


def test_missing_required_file_and_unknown_instansi(sqlite_engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(2)
    d = ds.write_csv(tmp_path / "in")
    err = _fail(sqlite_engine, d, instansi=["XYZ"])
    assert any("XYZ" in i.message for i in err.issues)
    (d / "jabatan.csv").unlink()
    err = _fail(sqlite_engine, d)
    assert [(i.file, i.message) for i in err.issues] == [
        ("jabatan.csv", "Berkas wajib tidak ada di folder impor.")
    ]


def test_nip_mismatch_is_a_warning_by_default_and_an_error_with_strict(
    engine: Engine, tmp_path: Path
) -> None:
    ds = make_dataset(3)
    row = ds.rows("pegawai")[1]
    row["jenis_kelamin"] = "L" if row["jenis_kelamin"] == "P" else "P"
    d = ds.write_csv(tmp_path / "in")
    before = dump(engine)
    err = _fail(engine, d, strict=True)
    assert [(i.row, i.column) for i in err.issues] == [(3, "jenis_kelamin")]
    assert "--strict" in err.issues[0].message
    assert dump(engine) == before
    report = import_directory(engine, d)
    assert report.counts["pegawai"].created == 3
    assert report.warning_count == 1
    w = report.warnings[0]
    assert (w.file, w.row, w.column, w.value) == (
        "pegawai.csv",
        3,
        "jenis_kelamin",
        row["jenis_kelamin"],
    )


def test_spreadsheet_mangled_nip_gets_the_text_format_advice(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    ds = make_dataset(3)
    nip = ds.rows("pegawai")[2]["nip"]
    ds.rows("pegawai")[2]["nip"] = f"{float(nip):.5E}"
    err = _fail(sqlite_engine, ds.write_csv(tmp_path / "in"))
    issue = next(i for i in err.issues if i.file == "pegawai.csv")
    assert (issue.row, issue.column, issue.message) == (4, "nip", SPREADSHEET_ADVICE)


def test_pppk_number_is_accepted_without_pns_structure(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    ds = make_dataset(2)
    row = ds.rows("pegawai")[0]
    old = row["nip"]
    row.update(nip="202301009900219912", status_kepegawaian="PPPK", golongan="", tmt_cpns="")
    for name, rows in ds.tables.items():
        for r in rows:
            if name != "pegawai" and r.get("nip") == old:
                r["nip"] = row["nip"]
    report = import_directory(sqlite_engine, ds.write_csv(tmp_path / "in"))
    assert report.counts["pegawai"].created == 2
    assert report.warning_count == 0
