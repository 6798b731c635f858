"""Retention: purge what has passed its period without breaking the chain.

A payload is set to NULL with ``purged_at``; its ``payload_hash`` stays in the chain, so the
chain still verifies and the fact that *something* was recorded stays provable. Access-history
subjects, the rendered content of shortlists and the text of resolved HR cases are purged the
same way. Every purge appends a ``retention`` entry with its counts and the cutoffs it applied
(``at``, ``payloads_before`` per kind, ``access_history_before``, ``shortlists_before``); every
row it purged carries that same ``at`` as its ``purged_at``, so ``audit verify`` can tell a
purge at the end of a retention period from a payload removed early by hand.

The payloads of ``retention`` entries themselves are never purged: they are the proof that the
other purges were due (and hold only counts and dates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Executable, delete, exists, func, null, update
from sqlmodel import Session, col, select

from db.audit.canonical import as_utc, utc_text
from db.audit.chain import AuditLog, EntryRef
from db.audit.kinds import Actor, AuditKind
from db.audit.settings import AuditSettings
from db.models.audit import AuditEntry, AuditSubject, HrCase, Shortlist, ShortlistCandidate

# Every kind but ``retention``, whose payloads prove the other purges.
PURGEABLE_KINDS: tuple[AuditKind, ...] = tuple(k for k in AuditKind if k != AuditKind.RETENTION)


@dataclass
class PurgeReport:
    payloads: dict[str, int] = field(default_factory=dict)
    subjects: int = 0  # entries whose access-history subjects were removed
    shortlists: int = 0
    cases: int = 0  # resolved cases whose text and resolution were removed
    entry: EntryRef | None = None  # the retention entry (None on a dry run)

    @property
    def total(self) -> int:
        return sum(self.payloads.values()) + self.subjects + self.shortlists + self.cases


def _count(session: Session, stmt: Executable) -> int:
    return int(session.execute(stmt).scalar_one())


def _due_counts(session: Session, settings: AuditSettings, now: datetime) -> PurgeReport:
    report = PurgeReport()
    for kind in PURGEABLE_KINDS:
        cutoff = now - timedelta(days=settings.retention_days(kind))
        n = _count(
            session,
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.kind == kind.value, col(AuditEntry.ts) < cutoff)
            .where(col(AuditEntry.purged_at).is_(None)),
        )
        if n:
            report.payloads[kind.value] = n
    return report


def purge_due(
    audit: AuditLog,
    settings: AuditSettings,
    *,
    actor: Actor,
    now: datetime | None = None,
    dry_run: bool = False,
) -> PurgeReport:
    """Purge every payload, access-history index and shortlist content past its period."""
    # UTC throughout: ``at`` in the retention entry must equal every ``purged_at`` it set.
    now = as_utc(now or datetime.now(UTC))
    subj_cutoff = now - timedelta(days=settings.access_history_retention_days)
    sl_cutoff = now - timedelta(days=settings.shortlist_retention_days)
    case_cutoff = now - timedelta(days=settings.case_retention_days)
    with audit.transaction() as tx:
        s = tx.session
        report = _due_counts(s, settings, now)
        has_subjects = exists().where(col(AuditSubject.entry_id) == col(AuditEntry.id))
        subj_due = (
            (col(AuditEntry.ts) < subj_cutoff)
            & col(AuditEntry.subjects_purged_at).is_(None)
            & has_subjects
        )
        report.subjects = _count(s, select(func.count()).select_from(AuditEntry).where(subj_due))
        sl_due = (col(Shortlist.created_at) < sl_cutoff) & col(Shortlist.purged_at).is_(None)
        report.shortlists = _count(s, select(func.count()).select_from(Shortlist).where(sl_due))
        case_due = (
            (col(HrCase.status) == "resolved")
            & (col(HrCase.resolved_at) < case_cutoff)
            & col(HrCase.purged_at).is_(None)
        )
        report.cases = _count(s, select(func.count()).select_from(HrCase).where(case_due))
        if dry_run or report.total == 0:
            return report
        payloads_before: dict[str, str] = {}
        for kind in PURGEABLE_KINDS:
            if kind.value not in report.payloads:
                continue
            cutoff = now - timedelta(days=settings.retention_days(kind))
            payloads_before[kind.value] = utc_text(cutoff)
            s.execute(
                update(AuditEntry)
                .where(col(AuditEntry.kind) == kind.value, col(AuditEntry.ts) < cutoff)
                .where(col(AuditEntry.purged_at).is_(None))
                .values(payload=null(), purged_at=now)
            )
        purged_ids = select(AuditEntry.id).where(subj_due)
        ids = list(s.exec(purged_ids).all())
        s.execute(
            update(AuditEntry).where(col(AuditEntry.id).in_(ids)).values(subjects_purged_at=now)
        )
        s.execute(delete(AuditSubject).where(col(AuditSubject.entry_id).in_(ids)))
        sl_ids = list(s.exec(select(Shortlist.id).where(sl_due)).all())
        s.execute(
            delete(ShortlistCandidate).where(col(ShortlistCandidate.shortlist_id).in_(sl_ids))
        )
        s.execute(
            update(Shortlist)
            .where(col(Shortlist.id).in_(sl_ids))
            .values(rendered=null(), purged_at=now)
        )
        s.execute(
            update(HrCase).where(case_due).values(text=null(), resolution=null(), purged_at=now)
        )
        report.entry = tx.append(
            AuditKind.RETENTION,
            actor,
            {
                "at": utc_text(now),
                "payloads": report.payloads,
                "payloads_before": payloads_before,
                "subjects": report.subjects,
                "shortlists": report.shortlists,
                "cases": report.cases,
                "access_history_before": utc_text(subj_cutoff),
                "shortlists_before": utc_text(sl_cutoff),
                "cases_resolved_before": utc_text(case_cutoff),
            },
        )
        return report
