"""Finding the input tables (CSV files or XLSX sheets) and reading their rows as text.

Each table is checked for the things that break a whole file before any row is looked at:
encoding (UTF-8, with or without BOM; UTF-16 and Windows-1252 get their own message), the
separator (``csv_input``) and the header (``header``: known column names, required ones
present, no duplicates). Rows come out as lists of strings in the layout's column order,
numbered as a spreadsheet user sees them (header = row 1).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from db.importer.cells import Row
from db.importer.csv_input import csv_rows
from db.importer.header import map_header, suggest
from db.importer.issues import IssueLog
from db.importer.profile import ImportProfile, ReadOptions
from db.importer.progress import ProgressSink
from db.importer.xlsx_input import sheet_names, xlsx_rows
from db.layout import FILES, FILES_BY_NAME


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


def discover(
    directory: Path, log: IssueLog, profile: ImportProfile | None = None
) -> tuple[dict[str, Source], dict[str, str]]:
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
            table = _table_of(path.stem, profile)
            if table is None:
                log.warning(
                    path.name,
                    "Berkas tidak dikenal, dilewati." + suggest(path.stem, FILES_BY_NAME),
                )
                continue
            _add(sources, Source(table, path.name, path), log)
        else:
            for sheet in sheet_names(path, log):
                table = _table_of(sheet, profile)
                if table is None:
                    log.warning(f"{path.name}, lembar {sheet}", "Lembar tidak dikenal, dilewati.")
                    continue
                _add(sources, Source(table, f"{path.name}, lembar {sheet}", path, sheet), log)
    if not hashes:
        log.error(label, "Tidak ada berkas .csv atau .xlsx di folder ini.")
    return sources, hashes


def _table_of(name: str, profile: ImportProfile | None) -> str | None:
    plain = name.strip().lower()
    if plain in FILES_BY_NAME:
        return plain
    return profile.table_for(name) if profile is not None else None


def _add(sources: dict[str, Source], src: Source, log: IssueLog) -> None:
    if src.table in sources:
        log.error(
            src.label,
            f"Tabel {src.table} juga ada di {sources[src.table].label}; berikan setiap tabel "
            "sekali saja (sebagai CSV atau sebagai lembar XLSX).",
        )
        return
    sources[src.table] = src


def read_rows(
    src: Source,
    log: IssueLog,
    progress: ProgressSink,
    state: FileState,
    read: ReadOptions | None = None,
    instansi: list[str] | None = None,
) -> Iterator[Row]:
    """Rows of ``src`` in the layout's column order, with the problems of their cells by
    layout position; stops at a file-level problem."""
    spec = FILES_BY_NAME[src.table]
    before = log.error_count
    raw = (
        xlsx_rows(src.path, src.sheet)
        if src.sheet is not None
        else csv_rows(src.path, src.label, src.size, log, progress)
    )
    header: list[str] | None = None
    index: list[int | None] = []
    defaults: list[tuple[int, str]] = []
    at: dict[int, int] = {}
    identity = False
    for number, values, problems in raw:
        if header is None:
            header = values
            mapped = map_header(src.label, spec, values, log, read or ReadOptions(), instansi)
            if mapped is None:
                state.broken = True
                return
            index, defaults, identity = mapped.index, list(mapped.defaults.items()), mapped.identity
            at = {f: pos for pos, f in enumerate(index) if f is not None}  # file -> layout
            continue
        if not values or not (values[0].strip() or "".join(values).strip()):
            continue
        if len(values) > len(header) and any(v.strip() for v in values[len(header) :]):
            log.error(
                src.label,
                f"Baris berisi {len(values)} kolom, padahal judul hanya {len(header)} kolom. "
                "Periksa pemisah kolom di dalam nilai (apit nilai itu dengan tanda kutip).",
                number,
            )
            before += 1
            continue
        errors = log.error_count
        if problems is not None and not identity:
            # Only the columns the layout reads: a line break in an unread address is no fault.
            problems = {at[i]: p for i, p in problems.items() if i in at} or None
        if identity and len(values) == len(index):
            yield number, values, problems
        else:
            row = [values[i] if i is not None and i < len(values) else "" for i in index]
            for pos, value in defaults:
                row[pos] = value
            yield number, row, problems
        before += log.error_count - errors  # row errors are not file-level problems
    if header is None and log.error_count == before:
        log.error(src.label, "Berkas kosong: baris 1 harus berisi nama kolom.")
    if log.error_count > before:
        state.broken = True


def ordered(sources: dict[str, Source]) -> list[Source]:
    """Sources in layout order, so every reference points to a table already read."""
    return [sources[f.name] for f in FILES if f.name in sources]
