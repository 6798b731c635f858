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

from db.errors import DbError
from db.importer.issues import Issue
from db.importer.report import ImportReport


class ImportStopped(DbError):
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
