"""Validated, all-or-nothing import of agency data (CSV files or XLSX sheets).

``import_directory(engine, directory, instansi=…, strict=…)`` reads every table, validates
every row (errors name file, row, column and value), and only then writes the whole snapshot
in one transaction. See docs/import-format.md.
"""

from __future__ import annotations

from db.importer.api import import_directory
from db.importer.errors import ImportFailed, Issue
from db.importer.progress import NullProgress, ProgressSink, RichProgress
from db.importer.report import EntityCounts, ImportReport

__all__ = [
    "EntityCounts",
    "ImportFailed",
    "ImportReport",
    "Issue",
    "NullProgress",
    "ProgressSink",
    "RichProgress",
    "import_directory",
]
