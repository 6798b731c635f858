"""File-level problems get their own message; XLSX workbooks import like CSV folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select

from db.importer import ImportFailed, import_directory
from db.models import Pegawai
from db.nip import SPREADSHEET_ADVICE
from tests.db.importer.conftest import dump
from tests.db.importer.fixtures import make_dataset


def _issues(engine: Engine, directory: Path) -> list[tuple[str, int | None, str]]:
    with pytest.raises(ImportFailed) as exc:
        import_directory(engine, directory)
    return [(i.file, i.row, i.message) for i in exc.value.issues]


def _rewrite(path: Path, text: str, encoding: str) -> None:
    path.write_bytes(text.encode(encoding))


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separators_are_sniffed(
    sqlite_engine: Engine, tmp_path: Path, delimiter: str
) -> None:
    """Excel in an Indonesian locale writes ';'; "Unicode Text" writes tabs. Files may mix."""
    ds = make_dataset(6)
    ds.rows("pegawai")[2]["nama"] = "Siregar; Andi, S.E."  # separators inside a quoted value
    d = ds.write_csv(tmp_path / "in")
    ds.write_csv(tmp_path / "other", delimiter=delimiter)
    for name in ("pegawai", "kinerja", "unit_kerja"):
        shutil.copy(tmp_path / "other" / f"{name}.csv", d / f"{name}.csv")
    report = import_directory(sqlite_engine, d)
    assert report.counts["pegawai"].created == 6 and report.counts["kinerja"].created == 12
    with sqlite_engine.connect() as conn:
        names = set(conn.scalars(select(Pegawai.nama)))
    assert "Siregar; Andi, S.E." in names


def test_unsure_or_unsupported_separator_is_refused(sqlite_engine: Engine, tmp_path: Path) -> None:
    d = make_dataset(3).write_csv(tmp_path / "in")
    path = d / "kinerja.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(r.replace(",", "|") for r in rows) + "\n", encoding="utf-8")
    [(file, row, msg)] = _issues(sqlite_engine, d)
    assert (file, row) == ("kinerja.csv", 1) and "garis tegak (|) tidak didukung" in msg
    # A header split by ';' and its rows by ',': no separator fits both.
    path.write_text("nip;tahun;predikat\n" + "\n".join(rows[1:]) + "\n", encoding="utf-8")
    [(file, row, msg)] = _issues(sqlite_engine, d)
    assert (file, row) == ("kinerja.csv", 1) and "tidak dapat dipastikan" in msg


def test_windows_1252_encoding(sqlite_engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(5)
    ds.rows("pegawai")[3]["nama"] = "Andrés Siregar"
    d = ds.write_csv(tmp_path / "in", encoding="cp1252")
    [(file, row, msg)] = _issues(sqlite_engine, d)
    assert file == "pegawai.csv" and row == 5
    assert "bukan UTF-8" in msg and "Windows-1252" in msg and "CSV UTF-8" in msg


def test_utf16_encoding(sqlite_engine: Engine, tmp_path: Path) -> None:
    d = make_dataset(2).write_csv(tmp_path / "in")
    text = (d / "unit_kerja.csv").read_text(encoding="utf-8")
    _rewrite(d / "unit_kerja.csv", text, "utf-16")
    [(file, _row, msg)] = _issues(sqlite_engine, d)
    assert file == "unit_kerja.csv" and "UTF-16" in msg


def test_utf8_bom_from_excel_is_accepted(sqlite_engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(3)
    ds.rows("pegawai")[0]["nama"] = "Ratna Sari Dewi Ñ"
    d = ds.write_csv(tmp_path / "in", encoding="utf-8-sig")
    report = import_directory(sqlite_engine, d)
    assert report.counts["pegawai"].created == 3


def test_header_problems(sqlite_engine: Engine, tmp_path: Path) -> None:
    d = make_dataset(2).write_csv(tmp_path / "in")
    path = d / "kinerja.csv"
    lines = path.read_text(encoding="utf-8").splitlines()

    path.write_text("\n".join(["nip,tahun,predikat_kinerja", *lines[1:]]) + "\n", encoding="utf-8")
    issues = _issues(sqlite_engine, d)
    assert ("kinerja.csv", 1, "Nama kolom tidak dikenal.") in [
        (f, r, m.split(" Mungkin")[0]) for f, r, m in issues
    ]
    assert any("Kolom wajib tidak ada" in m and "predikat" in m for _, _, m in issues)

    path.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")  # header missing
    [(file, row, msg)] = _issues(sqlite_engine, d)
    assert (file, row) == ("kinerja.csv", 1) and "nama kolom" in msg and "nip,tahun,predikat" in msg

    path.write_text("\n".join(["nip,tahun,tahun,predikat", *lines[1:]]) + "\n", encoding="utf-8")
    assert any("dua kali" in m for _, _, m in _issues(sqlite_engine, d))

    path.write_text("", encoding="utf-8")
    assert _issues(sqlite_engine, d) == [
        ("kinerja.csv", None, "Berkas kosong: baris 1 harus berisi nama kolom.")
    ]


def test_optional_columns_may_be_left_out_and_order_is_free(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    ds = make_dataset(2)
    d = ds.write_csv(tmp_path / "in")
    rows = ds.rows("riwayat_pendidikan")
    (d / "riwayat_pendidikan.csv").write_text(
        "tahun_lulus,jenjang,nip\n"
        + "".join(f"{r['tahun_lulus']},{r['jenjang']},{r['nip']}\n" for r in rows),
        encoding="utf-8",
    )
    report = import_directory(sqlite_engine, d)
    assert report.counts["riwayat_pendidikan"].created == 2


def test_xlsx_workbook_imports_like_csv(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(12)
    xlsx_dir = tmp_path / "xlsx"
    ds.write_xlsx(xlsx_dir / "data.xlsx")
    report = import_directory(engine, xlsx_dir)
    assert report.counts["pegawai"].created == 12
    assert list(report.file_hashes) == ["data.xlsx"]
    after_xlsx = dump(engine, runs=False)
    # The same data as CSV is the same snapshot: nothing changes.
    again = import_directory(engine, ds.write_csv(tmp_path / "csv"))
    assert again.pegawai_changed == [] and again.counts["kinerja"].unchanged == 24
    assert dump(engine, runs=False) == after_xlsx


def test_xlsx_numeric_nip_cell_and_date_cells(sqlite_engine: Engine, tmp_path: Path) -> None:
    from datetime import date

    ds = make_dataset(3)
    path = ds.write_xlsx(tmp_path / "x" / "data.xlsx")
    wb = load_workbook(path)
    ws = wb["pegawai"]
    ws["F2"] = date.fromisoformat(ws["F2"].value)  # a real date cell is fine
    ws["A3"] = float(ws["A3"].value)  # the NIP typed into a number cell
    wb.save(path)
    with pytest.raises(ImportFailed) as exc:
        import_directory(sqlite_engine, path.parent)
    issue = next(i for i in exc.value.issues if i.file.startswith("data.xlsx"))
    assert issue.file == "data.xlsx, lembar pegawai"
    assert (issue.row, issue.column, issue.message) == (3, "nip", SPREADSHEET_ADVICE)


def test_table_given_twice_and_unknown_files(sqlite_engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(2)
    d = ds.write_csv(tmp_path / "in")
    (d / "catatan.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    report = import_directory(sqlite_engine, d)
    assert any(w.file == "catatan.csv" for w in report.warnings)
    ds.write_xlsx(d / "data.xlsx")
    issues = _issues(sqlite_engine, d)
    assert any("juga ada di" in m for _, _, m in issues)
