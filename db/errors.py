"""The errors of the storage room. Messages are Indonesian (an operator or a user reads them).

::

    DbError
    ├── BackupError              a backup cannot be written, verified or restored
    ├── DatabaseNotReady         no database, or its schema is not the code's (with a hint)
    ├── NipError                 an unusable NIP (also a ValueError)
    ├── AnchorFileError          the audit anchor file cannot be read (also a ValueError)
    ├── ImportStopped            an import stopped before writing (db/importer/errors.py)
    │   ├── ImportFailed         validation found errors (with the issues found)
    │   └── ImportNeedsConfirmation   valid, but it needs --yakin (with what would happen)
    └── AuditError               the accountability branch, drawn in db/audit/errors.py
        ├── ChainLockTimeout
        ├── ShortlistError …
        └── CaseError …
"""

from __future__ import annotations


class DbError(Exception):
    """Base of every expected error raised by ``db/``."""


class BackupError(DbError):
    """A backup cannot be written or restored; the message says why, in Indonesian."""


class DatabaseNotReady(DbError):
    """The database is missing, unreachable, or not at the code's schema revision.

    ``str(exc)`` is one Indonesian line; ``hint`` says what to run.
    """

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class NipError(DbError, ValueError):
    """The NIP is unusable; ``str(exc)`` is the Indonesian message for the operator."""


class AnchorFileError(DbError, ValueError):
    """The anchor file cannot be read; the message names the line."""
