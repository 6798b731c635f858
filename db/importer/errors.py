"""What goes wrong in an import, named the way the operator sees it.

::

    ImportStopped                 nothing was written
    ├── ImportFailed              validation found errors
    │   └── issues: list[Issue]   (file, row, column, value, message), the first MAX_KEPT
    └── ImportNeedsConfirmation   valid, but it would end many employees, empty a table or
        └── report: ImportReport  miss a file of the last import: what would have happened

Warnings are ``Issue`` objects too, listed in the report instead of stopping the import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.importer.report import ImportReport

# Keep the first issues only: a wholly wrong 100,000-row file must not eat the memory.
MAX_KEPT = 1000


@dataclass(frozen=True)
class Issue:
    file: str
    message: str
    row: int | None = None  # spreadsheet row: the header is row 1
    column: str | None = None
    value: str | None = None

    def describe(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", baris {self.row}"
        if self.column:
            where += f", kolom {self.column}"
        shown = f" (nilai: {self.value!r})" if self.value not in (None, "") else ""
        return f"{where}: {self.message}{shown}"


@dataclass
class IssueLog:
    """Collects errors and warnings, counting all but keeping only the first MAX_KEPT."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0

    def error(
        self,
        file: str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_KEPT:
            self.errors.append(Issue(file, message, row, column, value))

    def warning(
        self,
        file: str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_KEPT:
            self.warnings.append(Issue(file, message, row, column, value))


class ImportStopped(Exception):
    """The import stopped before anything was written."""


class ImportFailed(ImportStopped):
    """Validation failed: nothing was written. ``issues`` holds the first errors."""

    def __init__(self, issues: list[Issue], total: int) -> None:
        self.issues = issues
        self.total = total
        first = issues[0].describe() if issues else "tidak diketahui"
        super().__init__(f"Impor dibatalkan: {total} kesalahan. Yang pertama: {first}")


class ImportNeedsConfirmation(ImportStopped):
    """The import is valid but destructive (see ``report.cautions``); it was rolled back.

    Run it again with ``confirm=True`` (``--yakin``) when that is what the operator means.
    """

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        first = report.cautions[0].message if report.cautions else ""
        super().__init__(f"Impor dihentikan, perlu konfirmasi (--yakin): {first}")
