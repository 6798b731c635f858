"""The validated content of one import, held in memory between validation and writing.

Rows are tuples of typed values in the layout's column order (see ``db.layout``). Org rows
are kept for every agency in the files (references need them); employees and their histories
only for the agencies the import covers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Row = tuple[Any, ...]


@dataclass
class Snapshot:
    covered: frozenset[str] = frozenset()
    present: frozenset[str] = frozenset()  # layout tables given as a file or sheet
    header_only: frozenset[str] = frozenset()  # given, but without a single data row
    instansi: dict[str, Row] = field(default_factory=dict)  # kode -> row
    units: dict[tuple[str, str], Row] = field(default_factory=dict)  # (instansi, unit) -> row
    jabatan: dict[tuple[str, str], Row] = field(default_factory=dict)  # (instansi, jabatan) -> row
    # (instansi, jabatan) -> kompetensi -> row
    kompetensi: dict[tuple[str, str], dict[str, Row]] = field(default_factory=dict)
    pegawai: dict[str, Row] = field(default_factory=dict)  # covered employees: nip -> row
    elsewhere: dict[str, str] = field(default_factory=dict)  # nip -> agency outside coverage
    # history file -> nip -> natural key without the nip -> row
    histories: dict[str, dict[str, dict[Row, Row]]] = field(default_factory=dict)
    rows_read: dict[str, int] = field(default_factory=dict)

    def history_rows(self) -> int:
        return sum(len(rows) for per in self.histories.values() for rows in per.values())
