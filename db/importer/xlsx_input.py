"""Reading XLSX sheets as rows of text, the way a CSV export of the same sheet would read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from db.importer.errors import IssueLog


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


def xlsx_rows(path: Path, sheet: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[sheet]
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, [cell_text(v) for v in row]
    finally:
        wb.close()


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
