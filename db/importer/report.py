"""What an import changed: counts per table, the employees touched, warnings, input hashes.

The CLI updates the audit log from it; search indexes are refreshed from ``pegawai_*`` ids.
A dry run (``--coba``) or an import stopped for confirmation fills the same report, with
``written`` false: nothing of it is in the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from db.importer.issues import Issue


@dataclass
class EntityCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    ended: int = 0
    moved: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.deleted + self.ended


@dataclass(frozen=True)
class Caution:
    """Why an import needs ``--yakin``: ``kind`` is ended, emptied or missing_file."""

    kind: str
    table: str
    instansi: str
    message: str  # Indonesian, for the operator


@dataclass(frozen=True)
class CensusRow:
    """Rows of one table for one covered agency before and after (active ones for pegawai)."""

    table: str
    instansi: str
    before: int
    after: int


@dataclass
class ImportReport:
    instansi: list[str] = field(default_factory=list)  # agencies covered by the snapshot
    counts: dict[str, EntityCounts] = field(default_factory=dict)  # per layout file name
    pegawai_created: list[int] = field(default_factory=list)
    pegawai_updated: list[int] = field(default_factory=list)  # includes moved ones
    pegawai_ended: list[int] = field(default_factory=list)
    pegawai_moved: list[int] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    warning_count: int = 0
    file_hashes: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    rows_read: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # phase -> wall time
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # phase -> process CPU time
    tables: list[str] = field(default_factory=list)  # layout tables given (file or sheet)
    unchanged_tables: list[str] = field(default_factory=list)  # optional tables not given
    ended_by_instansi: dict[str, int] = field(default_factory=dict)  # agency -> ended employees
    census: list[CensusRow] = field(default_factory=list)  # covered agencies, before/after
    cautions: list[Caution] = field(default_factory=list)
    written: bool = False  # committed (false for a dry run or an import stopped for --yakin)
    dry_run: bool = False

    def entity(self, name: str) -> EntityCounts:
        return self.counts.setdefault(name, EntityCounts())

    @property
    def pegawai_changed(self) -> list[int]:
        """Every employee whose profile changed: re-index these."""
        return sorted({*self.pegawai_created, *self.pegawai_updated, *self.pegawai_ended})

    @property
    def total_rows(self) -> int:
        return sum(self.rows_read.values())
