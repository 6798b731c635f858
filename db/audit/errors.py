"""The accountability branch of the storage room's error tree (``db/errors.py``).

Messages are Indonesian (a user may read them).

::

    AuditError
    ├── ChainLockTimeout            the append lock could not be taken
    ├── ShortlistError
    │   ├── ShortlistNotFound       no list with that reference
    │   ├── ShortlistPurged         its content passed its retention period
    │   ├── ShortlistTampered       stored content no longer matches its recorded hash
    │   ├── ShortlistAlreadyDecided a choice was already recorded
    │   └── ChoiceRefused           a rule for choosing was not met (``code`` says which)
    └── CaseError
        ├── CaseNotFound
        ├── CaseAlreadyResolved
        └── CaseInvalid             empty text, unknown kind
"""

from __future__ import annotations

from db.errors import DbError


class AuditError(DbError):
    """Base of every expected error raised by ``db.audit``."""


class ChainLockTimeout(AuditError):
    pass


class ShortlistError(AuditError):
    pass


class ShortlistNotFound(ShortlistError):
    pass


class ShortlistPurged(ShortlistError):
    pass


class ShortlistTampered(ShortlistError):
    pass


class ShortlistAlreadyDecided(ShortlistError):
    pass


class ChoiceRefused(ShortlistError):
    """``code``: ``reason_required``, ``legal_ground_required`` or ``eligibility_unknown``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class CaseError(AuditError):
    pass


class CaseNotFound(CaseError):
    pass


class CaseAlreadyResolved(CaseError):
    pass


class CaseInvalid(CaseError):
    pass
