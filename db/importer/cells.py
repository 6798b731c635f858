"""Cells that cannot be taken as values, found while reading: their messages for the operator.

A reader yields, with each row, the problems of single cells by their position in the file
(``CellProblems``); ``read_rows`` keeps those of the columns the layout uses and the validator
reports them with the row and the column's name, instead of a misleading "Wajib diisi" or a
format error. Every column of the layout is a single line of text.
"""

from __future__ import annotations

CellProblems = dict[int, tuple[str, str]]  # position -> (message, value as shown)
Row = tuple[int, list[str], CellProblems | None]  # spreadsheet row number, cells, problems

FIELD_LIMIT = 128 * 1024  # Python's csv default: larger is a quote left open, not a value

NUL = (
    "Nilai berisi karakter NUL (kode 0): berkas kemungkinan rusak atau hasil salin-tempel "
    "dari sistem lain. Hapus karakter itu lalu simpan ulang."
)
NEWLINE = (
    "Nilai berisi ganti baris (Enter) di dalam sel, padahal kolom ini harus satu baris. "
    "Hapus ganti barisnya."
)
FORMULA = (
    "Rumus Excel tidak didukung: simpan sebagai nilai (Salin, lalu Tempel Spesial → Nilai). "
    "Sel ini berisi rumus yang hasilnya tidak tersimpan di berkas."
)
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})


def too_long(length: int) -> str:
    return (
        f'Nilai lebih dari 128 KB ({length:,} karakter): kemungkinan tanda kutip (") di baris '
        "ini tidak ditutup, sehingga baris-baris berikutnya terbaca sebagai satu nilai."
    ).replace(",", ".")


def excel_error(value: str) -> str:
    return (
        f"Sel berisi galat Excel {value}: perbaiki rumusnya, lalu simpan sebagai nilai "
        "(Salin, lalu Tempel Spesial → Nilai)."
    )


def shown(value: str) -> str:
    """A cell value short enough for a message, with control characters visible."""
    text = value if len(value) <= 60 else value[:60] + "…"
    return text.replace("\x00", "\\0").replace("\r", "\\r").replace("\n", "\\n")


def text_problems(values: list[str]) -> CellProblems | None:
    """NUL characters and line breaks inside a value."""
    found: CellProblems = {}
    for i, v in enumerate(values):
        if "\x00" in v:
            found[i] = (NUL, shown(v))
        elif "\n" in (s := v.strip()) or "\r" in s:
            found[i] = (NEWLINE, shown(v))
    return found or None
