"""Validated, all-or-nothing import of agency data (CSV files or XLSX sheets).

``import_directory(engine, directory, instansi=…, strict=…)`` reads every table, validates
every row (errors name file, row, column and value), and only then writes the whole snapshot
in one transaction, which commits only if the result is not destructive or was confirmed
(``confirm=True``; ``dry_run=True`` never commits). See docs/import-format.md.
"""

from __future__ import annotations

from db.importer.api import import_directory
from db.importer.errors import ImportFailed, ImportNeedsConfirmation, ImportStopped
from db.importer.issues import Issue
from db.importer.profile import ImportProfile, ProfileError, ReadOptions, load_profile
from db.importer.progress import NullProgress, ProgressSink, RichProgress
from db.importer.report import Caution, CensusRow, EntityCounts, ImportReport

__all__ = [
    "Caution",
    "CensusRow",
    "EntityCounts",
    "ImportFailed",
    "ImportNeedsConfirmation",
    "ImportProfile",
    "ImportReport",
    "ImportStopped",
    "Issue",
    "NullProgress",
    "ProfileError",
    "ProgressSink",
    "ReadOptions",
    "RichProgress",
    "import_directory",
    "load_profile",
]
