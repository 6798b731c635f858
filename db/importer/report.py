"""What an import changed: counts per table, the employees touched, warnings, input hashes.

Later issues update search indexes and the audit log from ``pegawai_*`` id lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from db.importer.errors import Issue


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

    def entity(self, name: str) -> EntityCounts:
        return self.counts.setdefault(name, EntityCounts())

    @property
    def pegawai_changed(self) -> list[int]:
        """Every employee whose profile changed: re-index these."""
        return sorted({*self.pegawai_created, *self.pegawai_updated, *self.pegawai_ended})

    @property
    def total_rows(self) -> int:
        return sum(self.rows_read.values())
