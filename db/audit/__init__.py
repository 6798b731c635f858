"""Accountability: the tamper-evident audit log and the records it vouches for.

Writers take an :class:`AuditLog` (engine + HMAC key, built once by the composition root);
readers take a session. See docs/accountability.md for the design.
"""

from __future__ import annotations

from db.audit.access import AccessEvent, access_history
from db.audit.anchor import Anchor, read_anchors, write_anchor
from db.audit.cases import (
    CaseKind,
    CaseStatus,
    list_cases,
    mark_notified,
    open_case,
    resolve_case,
    unnotified_resolutions,
)
from db.audit.chain import AuditLog, AuditTx, EntryRef, Subject
from db.audit.choice import (
    ChoiceResult,
    LegalException,
    Requirements,
    choice_requirements,
    choose_candidate,
)
from db.audit.documents import DocumentMatch, IssuedDocument, find_document, issue_document
from db.audit.errors import (
    AuditError,
    CaseAlreadyResolved,
    CaseError,
    CaseInvalid,
    CaseNotFound,
    ChainLockTimeout,
    ChoiceRefused,
    ShortlistAlreadyDecided,
    ShortlistError,
    ShortlistNotFound,
    ShortlistPurged,
    ShortlistTampered,
)
from db.audit.events import (
    append_change,
    config_hash,
    record_change,
    record_import,
    record_profile_view,
    record_refusal,
    record_search,
)
from db.audit.fairness import FairnessReport, fairness_report, shortlist_note
from db.audit.kinds import ACCESS_KINDS, Actor, AuditKind
from db.audit.retention import PurgeReport, purge_due
from db.audit.settings import AuditSettings, FairnessSettings
from db.audit.shortlist import (
    CandidateIn,
    ShortlistView,
    record_reveal,
    record_shortlist,
    reopen_shortlist,
    revealed_ids,
)
from db.audit.verify import Problem, VerifyReport, verify_chain
from db.errors import AnchorFileError

__all__ = [
    "ACCESS_KINDS",
    "AccessEvent",
    "Actor",
    "Anchor",
    "AnchorFileError",
    "AuditError",
    "AuditKind",
    "AuditLog",
    "AuditSettings",
    "AuditTx",
    "CandidateIn",
    "CaseAlreadyResolved",
    "CaseError",
    "CaseInvalid",
    "CaseKind",
    "CaseNotFound",
    "CaseStatus",
    "ChainLockTimeout",
    "ChoiceRefused",
    "ChoiceResult",
    "DocumentMatch",
    "EntryRef",
    "FairnessReport",
    "FairnessSettings",
    "IssuedDocument",
    "LegalException",
    "Problem",
    "PurgeReport",
    "Requirements",
    "ShortlistAlreadyDecided",
    "ShortlistError",
    "ShortlistNotFound",
    "ShortlistPurged",
    "ShortlistTampered",
    "ShortlistView",
    "Subject",
    "VerifyReport",
    "access_history",
    "append_change",
    "choice_requirements",
    "choose_candidate",
    "config_hash",
    "fairness_report",
    "find_document",
    "issue_document",
    "list_cases",
    "mark_notified",
    "open_case",
    "purge_due",
    "read_anchors",
    "record_change",
    "record_import",
    "record_profile_view",
    "record_refusal",
    "record_reveal",
    "record_search",
    "record_shortlist",
    "reopen_shortlist",
    "resolve_case",
    "revealed_ids",
    "shortlist_note",
    "unnotified_resolutions",
    "verify_chain",
    "write_anchor",
]
