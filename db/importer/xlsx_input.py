"""Reading XLSX sheets as rows of text, the way a CSV export of the same sheet would read."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from db.importer.cells import EXCEL_ERRORS, FORMULA, NEWLINE, CellProblems, Row, excel_error, shown
from db.importer.issues import IssueLog

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def sheet_names(path: Path, log: IssueLog) -> list[str]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        log.error(path.name, "Berkas XLSX tidak dapat dibuka (rusak atau bukan XLSX).")
        return []
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def has_formulas(path: Path) -> bool:
    """Whether any worksheet of the workbook holds a formula (a ``<f>`` element)."""
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with z.open(name) as f:
                        tail = b""
                        for chunk in iter(lambda: f.read(1 << 20), b""):
                            if _FORMULA_TAG.search(tail + chunk):
                                return True
                            tail = chunk[-16:]
    except (OSError, zipfile.BadZipFile):
        return False
    return False


def xlsx_rows(path: Path, sheet: str) -> Iterator[Row]:
    """Rows of one sheet with the problems of their cells: a formula whose result the file
    does not hold (saved by a program that does not calculate), an Excel error value, a line
    break inside a value."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    formulas = load_workbook(path, read_only=True, data_only=False) if has_formulas(path) else None
    try:
        rows = wb[sheet].iter_rows(values_only=True)
        written = formulas[sheet].iter_rows(values_only=True) if formulas is not None else None
        for number, row in enumerate(rows, start=1):
            values = [cell_text(v) for v in row]
            problems: CellProblems = {}
            if written is not None:
                for i, f in enumerate(next(written, ())):
                    if i < len(row) and row[i] is None and _is_formula(f):
                        problems[i] = (FORMULA, str(f)[:60])
            for i, v in enumerate(row):
                if isinstance(v, str) and i not in problems:
                    if v in EXCEL_ERRORS:
                        problems[i] = (excel_error(v), v)
                    elif "\n" in (s := v.strip()) or "\r" in s:
                        problems[i] = (NEWLINE, shown(v))
            yield number, values, problems or None
    finally:
        wb.close()
        if formulas is not None:
            formulas.close()


def _is_formula(value: Any) -> bool:
    # openpyxl gives a formula as its text ("=SUM(A1:A3)"), an array formula as an object.
    return (isinstance(value, str) and value.startswith("=")) or (
        value is not None and type(value).__name__ in ("ArrayFormula", "DataTableFormula")
    )


def cell_text(v: Any) -> str:
    """A cell as the text a CSV export would hold; numbers that lost digits stay recognisable."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time(0) else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        # Below 1e15 a float holds every digit; above it (a NIP typed as a number) it does not,
        # so keep the scientific form that the NIP check recognises as spreadsheet damage.
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)
