"""Finding the input tables (CSV files or XLSX sheets) and reading their rows as text.

Each table is checked for the things that break a whole file before any row is looked at:
encoding (UTF-8, with or without BOM; UTF-16 and Windows-1252 get their own message), the
delimiter (comma) and the header (known column names, required ones present, no duplicates).
Rows come out as lists of strings in the layout's column order, numbered as a spreadsheet
user sees them (header = row 1).
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from db.importer.errors import IssueLog
from db.importer.progress import ProgressSink
from db.layout import FILES, FILES_BY_NAME, FileSpec

_PROGRESS_EVERY = 5000
_OTHER_DELIMITERS = {";": "titik koma (;)", "\t": "tab", "|": "garis tegak (|)"}
_CSV_ADVICE = "Simpan ulang dari Excel sebagai 'CSV UTF-8 (Comma delimited) (*.csv)'."


@dataclass(frozen=True)
class Source:
    table: str  # layout file name, e.g. "pegawai"
    label: str  # what the operator sees in messages
    path: Path
    sheet: str | None = None  # XLSX sheet name

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass
class FileState:
    """Set when a table has a file-level problem (encoding, delimiter, header)."""

    broken: bool = False


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def discover(directory: Path, log: IssueLog) -> tuple[dict[str, Source], dict[str, str]]:
    """The tables found in ``directory`` and the sha256 of every input file."""
    label = str(directory)
    if not directory.is_dir():
        log.error(label, "Folder impor tidak ditemukan.")
        return {}, {}
    sources: dict[str, Source] = {}
    hashes: dict[str, str] = {}
    for path in sorted(directory.iterdir()):
        suffix = path.suffix.lower()
        if path.name.startswith(("~$", ".")) or suffix not in (".csv", ".xlsx"):
            continue
        hashes[path.name] = file_sha256(path)
        if suffix == ".csv":
            if path.stem not in FILES_BY_NAME:
                log.warning(
                    path.name,
                    "Berkas tidak dikenal, dilewati." + _suggest(path.stem, FILES_BY_NAME),
                )
                continue
            _add(sources, Source(path.stem, path.name, path), log)
        else:
            for sheet in _sheet_names(path, log):
                if sheet.strip().lower() not in FILES_BY_NAME:
                    log.warning(f"{path.name}, lembar {sheet}", "Lembar tidak dikenal, dilewati.")
                    continue
                table = sheet.strip().lower()
                _add(sources, Source(table, f"{path.name}, lembar {sheet}", path, sheet), log)
    if not hashes:
        log.error(label, "Tidak ada berkas .csv atau .xlsx di folder ini.")
    return sources, hashes


def _add(sources: dict[str, Source], src: Source, log: IssueLog) -> None:
    if src.table in sources:
        log.error(
            src.label,
            f"Tabel {src.table} juga ada di {sources[src.table].label}; berikan setiap tabel "
            "sekali saja (sebagai CSV atau sebagai lembar XLSX).",
        )
        return
    sources[src.table] = src


def _suggest(name: str, known: Any) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" Mungkin maksudnya '{close[0]}'?" if close else ""


def _sheet_names(path: Path, log: IssueLog) -> list[str]:
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


def read_rows(
    src: Source, log: IssueLog, progress: ProgressSink, state: FileState
) -> Iterator[tuple[int, list[str]]]:
    """Rows of ``src`` in the layout's column order; stops at a file-level problem."""
    spec = FILES_BY_NAME[src.table]
    before = log.error_count
    raw = _xlsx_rows(src, log) if src.sheet is not None else _csv_rows(src, log, progress)
    header: list[str] | None = None
    index: list[int | None] = []
    identity = False
    for number, values in raw:
        if header is None:
            header = values
            mapped = _check_header(src, spec, values, log)
            if mapped is None:
                state.broken = True
                return
            index = mapped
            identity = index == list(range(len(index)))
            continue
        if not values or not (values[0].strip() or "".join(values).strip()):
            continue
        if len(values) > len(header) and any(v.strip() for v in values[len(header) :]):
            log.error(
                src.label,
                f"Baris berisi {len(values)} kolom, padahal judul hanya {len(header)} kolom. "
                "Periksa tanda koma di dalam nilai (apit nilai itu dengan tanda kutip).",
                number,
            )
            before += 1
            continue
        errors = log.error_count
        if identity and len(values) == len(index):
            yield number, values
        else:
            yield number, [values[i] if i is not None and i < len(values) else "" for i in index]
        before += log.error_count - errors  # row errors are not file-level problems
    if header is None and log.error_count == before:
        log.error(src.label, "Berkas kosong: baris 1 harus berisi nama kolom.")
    if log.error_count > before:
        state.broken = True


def _check_header(
    src: Source, spec: FileSpec, header: list[str], log: IssueLog
) -> list[int | None] | None:
    names = [h.strip().lower() for h in header]
    while names and not names[-1]:
        names.pop()
    if len(names) == 1:
        for sep, label in _OTHER_DELIMITERS.items():
            if sep in names[0]:
                log.error(
                    src.label,
                    f"Pemisah kolom salah: berkas memakai {label}, seharusnya koma (,). "
                    + _CSV_ADVICE,
                    1,
                )
                return None
    known = set(spec.column_names)
    if names and not known.intersection(names) and _looks_like_data(names):
        log.error(
            src.label,
            "Baris 1 harus berisi nama kolom (judul), tetapi berisi data. Tambahkan baris judul: "
            + ",".join(spec.column_names),
            1,
        )
        return None
    ok = True
    seen: set[str] = set()
    for name in names:
        if name in seen:
            log.error(src.label, f"Kolom '{name}' muncul dua kali di baris judul.", 1, name)
            ok = False
        seen.add(name)
        if name and name not in known:
            log.error(src.label, "Nama kolom tidak dikenal." + _suggest(name, known), 1, name, name)
            ok = False
        elif not name:
            log.error(src.label, "Ada kolom tanpa nama di baris judul.", 1)
            ok = False
    missing = [c.name for c in spec.columns if c.required and c.name not in seen]
    if missing:
        log.error(src.label, "Kolom wajib tidak ada di baris judul: " + ", ".join(missing) + ".", 1)
        ok = False
    if not ok:
        return None
    position = {n: i for i, n in enumerate(names)}
    return [position.get(c) for c in spec.column_names]


def _looks_like_data(names: list[str]) -> bool:
    return any(n[:1].isdigit() for n in names if n)


def _csv_rows(
    src: Source, log: IssueLog, progress: ProgressSink
) -> Iterator[tuple[int, list[str]]]:
    with src.path.open("rb") as fb:
        head = fb.read(4096)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        log.error(
            src.label,
            "Berkas disimpan sebagai UTF-16 (Unicode Text), bukan UTF-8. " + _CSV_ADVICE,
        )
        return
    number = 0
    with src.path.open("rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as f:
        reported = 0
        try:
            for number, values in enumerate(csv.reader(f), start=1):
                yield number, values
                if number % _PROGRESS_EVERY == 0:
                    pos = raw.tell()
                    progress.advance(pos - reported)
                    reported = pos
        except UnicodeDecodeError:
            bad_row, value = _first_bad_byte(src.path)
            log.error(
                src.label,
                "Berkas bukan UTF-8 (kemungkinan ANSI/Windows-1252, misalnya huruf é atau "
                "tanda kutip miring dari Excel). " + _CSV_ADVICE,
                bad_row or number + 1,
                None,
                value,
            )
        except csv.Error as exc:
            log.error(src.label, f"Format CSV rusak: {exc}.", number + 1)
        progress.advance(max(src.size - reported, 0))


def _first_bad_byte(path: Path) -> tuple[int | None, str | None]:
    """Row (1-based line) and the text around the first byte that is not UTF-8."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line_end = data.find(b"\n", exc.start)
        line = data[line_start : line_end if line_end >= 0 else len(data)]
        snippet = line.decode("cp1252", errors="replace").strip()[:80]
        return data.count(b"\n", 0, exc.start) + 1, snippet
    return None, None


def _xlsx_rows(src: Source, log: IssueLog) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    wb = load_workbook(src.path, read_only=True, data_only=True)
    try:
        ws = wb[src.sheet or ""]
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in row]
    finally:
        wb.close()


def _cell(v: Any) -> str:
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


def ordered(sources: dict[str, Source]) -> list[Source]:
    """Sources in layout order, so every reference points to a table already read."""
    return [sources[f.name] for f in FILES if f.name in sources]
