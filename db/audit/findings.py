"""What ``audit verify`` reports: one :class:`Problem` per finding, naming entry and row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.audit.canonical import as_utc
from db.clock import WIB

NO_ENTRY = 0  # ``Problem.seq`` of a row that points to no entry at all


@dataclass(frozen=True)
class Problem:
    """A finding: the entry (``seq``), and the table and row id when a row is at fault."""

    seq: int
    reason: str  # Indonesian, for the operator and the inspector
    table: str | None = None
    row_id: int | None = None

    def line(self) -> str:
        where = f"seq {self.seq}" if self.seq != NO_ENTRY else "tanpa entri"
        if self.table is not None:
            where += f", {self.table}"
            if self.row_id is not None:
                where += f" id {self.row_id}"
        return f"{where}: {self.reason}"


def wib(value: datetime) -> str:
    return f"{as_utc(value).astimezone(WIB):%d-%m-%Y %H:%M} WIB"
