"""Is each purge one that retention made, at the end of its period?

Retention clears a payload (``audit_entry.payload``), an entry's access-history index
(``audit_subject`` rows, ``subjects_purged_at``) or a list's content (``shortlist.rendered``
and its candidates) and stamps the row with the run's ``at``; the run's ``retention`` entry,
chained after everything it purged, records that ``at`` and the cutoffs it applied. A purge
mark that no retention entry explains, or an entry younger than the cutoff, is a payload
removed by hand before its time.

Retention entries written before the per-kind payload cutoffs were recorded give only ``at``;
for them the cutoff is ``at`` minus the configured period of the kind (the configuration
``verify`` runs with).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, select
from sqlmodel import Session

from db.audit.canonical import as_utc, json_hash, same, utc_text
from db.audit.findings import Problem, wib
from db.audit.kinds import AuditKind
from db.audit.settings import AuditSettings
from db.models import metadata

ENTRY_TABLE: Table = metadata.tables["audit_entry"]


@dataclass(frozen=True)
class PurgeRun:
    """One retention run as its entry recorded it."""

    seq: int
    at: datetime
    payloads_before: dict[str, datetime] | None  # None: written before cutoffs were recorded
    access_history_before: datetime | None
    shortlists_before: datetime | None


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return as_utc(datetime.fromisoformat(value))
    except ValueError:
        return None


def _run(seq: int, payload: dict[str, Any]) -> PurgeRun | None:
    at = _when(payload.get("at"))
    if at is None:
        return None  # e.g. the summary entry of `talenta retention apply`
    before = payload.get("payloads_before")
    cutoffs = None
    if isinstance(before, dict):
        cutoffs = {k: w for k, v in before.items() if (w := _when(v)) is not None}
    return PurgeRun(
        seq=seq,
        at=at,
        payloads_before=cutoffs,
        access_history_before=_when(payload.get("access_history_before")),
        shortlists_before=_when(payload.get("shortlists_before")),
    )


class Purges:
    """The retention runs of the chain, and the checks of every purge mark against them."""

    def __init__(self, session: Session, settings: AuditSettings) -> None:
        self.settings = settings
        self._runs: dict[str, PurgeRun] = {}
        t = ENTRY_TABLE
        rows = session.execute(
            select(t.c.seq, t.c.payload)
            .where(t.c.kind == AuditKind.RETENTION.value, t.c.payload.is_not(None))
            .order_by(t.c.seq)
        ).all()
        for seq, payload in rows:
            run = _run(seq, payload) if isinstance(payload, dict) else None
            if run is not None:
                self._runs.setdefault(utc_text(run.at), run)

    def _run_after(self, purged_at: datetime, seq: int) -> PurgeRun | None:
        run = self._runs.get(utc_text(purged_at))
        return run if run is not None and run.seq > seq else None

    def _payload_cutoff(self, run: PurgeRun, kind: str) -> datetime | None:
        if run.payloads_before is not None:
            return run.payloads_before.get(kind)
        try:
            days = self.settings.retention_days(AuditKind(kind))
        except ValueError:
            return None
        return run.at - timedelta(days=days)

    def payload(self, e: Any) -> Problem | None:
        """The check of an entry whose payload is NULL."""
        if e.purged_at is None:
            return Problem(
                e.seq, "payload kosong tanpa catatan pemusnahan retensi (payload dihapus)"
            )
        if e.kind == AuditKind.RETENTION.value:
            return Problem(
                e.seq,
                "isi entri retensi dihapus: isi entri retensi tidak pernah dimusnahkan, karena "
                "itulah bukti pemusnahan yang lain",
            )
        run = self._run_after(e.purged_at, e.seq)
        if run is None:
            return Problem(
                e.seq,
                f"payload dimusnahkan ({wib(e.purged_at)}) tanpa entri retensi yang mencatat "
                "pemusnahan itu: purged_at diisi di luar `talenta audit purge`",
            )
        cutoff = self._payload_cutoff(run, e.kind)
        if cutoff is None or as_utc(e.ts) >= cutoff:
            limit = f"hanya entri sebelum {wib(cutoff)}" if cutoff else "tidak ada jenis ini"
            return Problem(
                e.seq,
                f"payload dimusnahkan sebelum masa retensinya berakhir: entri {wib(e.ts)}, "
                f"entri retensi seq {run.seq} memusnahkan {limit}",
            )
        return None

    def subjects(self, e: Any) -> Problem | None:
        """The check of an entry whose access-history index was purged."""
        run = self._run_after(e.subjects_purged_at, e.seq)
        cutoff = run.access_history_before if run else None
        if run is None or cutoff is None or as_utc(e.ts) >= cutoff:
            return Problem(
                e.seq,
                "baris audit_subject dihapus sebelum masa retensi riwayat akses berakhir "
                f"(subjects_purged_at {wib(e.subjects_purged_at)} tidak cocok dengan entri "
                "retensi mana pun)",
                table="audit_subject",
            )
        return None

    def shortlist(self, row: Any) -> Problem | None:
        """The content checks of a shortlist row: purged only when due, unchanged otherwise."""
        at_fault = {"table": "shortlist", "row_id": row.id}
        if row.rendered is not None:
            if not same(json_hash(row.rendered), row.rendered_hash):
                return Problem(
                    row.entry_seq,
                    "isi daftar (rendered) tidak cocok dengan rendered_hash (diubah)",
                    **at_fault,
                )
            return None
        if row.purged_at is None:
            return Problem(
                row.entry_seq,
                "isi daftar (rendered) kosong tanpa catatan pemusnahan (dihapus)",
                **at_fault,
            )
        run = self._run_after(row.purged_at, row.entry_seq)
        cutoff = run.shortlists_before if run else None
        if run is None or cutoff is None or as_utc(row.created_at) >= cutoff:
            return Problem(
                row.entry_seq,
                f"isi daftar dimusnahkan ({wib(row.purged_at)}) sebelum masa retensinya "
                "berakhir atau tanpa entri retensi yang mencatatnya",
                **at_fault,
            )
        return None
