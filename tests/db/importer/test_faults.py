"""Input faults get their own Indonesian message naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from db.importer import ImportFailed, Issue, import_directory
from tests.db.importer.conftest import dump
from tests.db.importer.fixtures import make_dataset


def _issues(engine: Engine, directory: Path) -> list[Issue]:
    before = dump(engine)
    with pytest.raises(ImportFailed) as exc:
        import_directory(engine, directory)
    assert dump(engine) == before
    return exc.value.issues


def test_nul_byte_is_named_not_mistaken_for_utf16(sqlite_engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(4)
    ds.rows("pegawai")[1]["nama"] = "Budi\x00Santoso"
    [issue] = _issues(sqlite_engine, ds.write_csv(tmp_path / "in"))
    assert (issue.file, issue.row, issue.column) == ("pegawai.csv", 3, "nama")
    assert "karakter NUL" in issue.message and "UTF-16" not in issue.message
    assert issue.value == "Budi\\0Santoso"


def test_value_over_128_kb_gets_a_message_not_a_csv_error(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    ds = make_dataset(4)
    ds.rows("riwayat_pendidikan")[2]["jurusan"] = "Manajemen " * 14_000
    d = ds.write_csv(tmp_path / "in")
    [issue] = _issues(sqlite_engine, d)
    assert (issue.file, issue.row, issue.column) == ("riwayat_pendidikan.csv", 4, "jurusan")
    assert "lebih dari 128 KB (140.000 karakter)" in issue.message
    assert "field" not in issue.message  # no English from the csv module

    # The usual cause: a quote left open swallows the rows after it.
    ds = make_dataset(1500)
    path = ds.write_csv(tmp_path / "quote") / "pegawai.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(",Pegawai Uji 4,", ',"Pegawai Uji 4,', 1)
    path.write_text("".join(lines), encoding="utf-8")
    issues = _issues(sqlite_engine, path.parent)
    first = next(i for i in issues if i.file == "pegawai.csv")
    assert (first.row, first.column) == (6, "nama") and "tanda kutip" in first.message


def test_line_break_inside_a_name_is_refused(engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(5)
    ds.rows("pegawai")[2]["nama"] = "Siti\nAminah"
    ds.rows("diklat")[0]["nama"] = "Pelatihan\r\nKepemimpinan"
    ds.rows("pegawai")[3]["nama"] = "Rina Sari\n"  # a break at the end is only whitespace
    issues = _issues(engine, ds.write_csv(tmp_path / "in"))
    assert {(i.file, i.row, i.column) for i in issues} == {
        ("pegawai.csv", 4, "nama"),
        ("diklat.csv", 2, "nama"),
    }
    assert all("ganti baris" in i.message for i in issues)


def test_xlsx_formula_without_value_and_error_cells(sqlite_engine: Engine, tmp_path: Path) -> None:
    ds = make_dataset(4)
    path = ds.write_xlsx(tmp_path / "x" / "data.xlsx")
    wb = load_workbook(path)
    ws = wb["pegawai"]
    ws["B3"] = '=CONCATENATE("Budi ", "Santoso")'  # saved without a computed value
    ws["L4"] = "#REF!"
    wb["kinerja"]["C2"] = '=IF(TRUE,"Baik","Kurang")'
    wb["diklat"]["B2"] = "Pelatihan\nTeknis"
    wb.save(path)
    got = {(i.file, i.row, i.column): i.message for i in _issues(sqlite_engine, path.parent)}
    formula = "Rumus Excel tidak didukung: simpan sebagai nilai"
    assert got[("data.xlsx, lembar pegawai", 3, "nama")].startswith(formula)
    assert got[("data.xlsx, lembar kinerja", 2, "predikat")].startswith(formula)
    assert "galat Excel #REF!" in got[("data.xlsx, lembar pegawai", 4, "kode_unit")]
    assert "ganti baris" in got[("data.xlsx, lembar diklat", 2, "nama")]
    assert not any(m == "Wajib diisi." for m in got.values())
    assert len(got) == 4
