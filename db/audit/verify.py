"""Verification: walk the chain from the first entry, and every row it vouches for.

Each finding is a :class:`~db.audit.findings.Problem` naming the entry (seq) and, when a row
is at fault, its table and id. The walk goes on past a finding, so one run lists them all:

- the chain: seqs without gaps, ``prev_hash`` links, payload hash, HMAC (and, for entries
  written before rows were covered, the subjects hash);
- purges (:mod:`db.audit.verify_purges`): a payload, an access-history index or a list's
  content may only be missing when a retention run removed it at the end of its period;
- covered rows (:mod:`db.audit.verify_rows`, :mod:`db.audit.verify_legacy`): every row of
  ``audit_subject``, ``shortlist`` (list and choice), ``shortlist_candidate`` and
  ``shortlist_reveal`` against the entry it points to, and rows pointing to no entry;
- anchors: the chain against each exported head, up to the first that does not match.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Row, Table, select
from sqlmodel import Session

from db.audit.anchor import Anchor
from db.audit.canonical import GENESIS, json_hash, same
from db.audit.chain import Subject, compute_entry_hash
from db.audit.findings import Problem
from db.audit.settings import AuditSettings
from db.audit.verify_legacy import legacy_problems
from db.audit.verify_purges import Purges
from db.audit.verify_rows import SUBJECT, BatchRows, load_batch, manifest_problems, orphans
from db.models import metadata

BATCH = 2000
ENTRY_TABLE: Table = metadata.tables["audit_entry"]
SUBJECT_TABLE = SUBJECT

__all__ = ["Problem", "VerifyReport", "entry_batches", "subjects_for", "verify_chain"]


@dataclass
class VerifyReport:
    entries: int = 0
    purged_payloads: int = 0
    purged_subjects: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    anchors_checked: int = 0
    latest_anchor: Anchor | None = None
    problems: list[Problem] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem(self) -> Problem | None:
        """The first finding (lowest seq), or None."""
        return self.problems[0] if self.problems else None


def _link_problem(e: Row[Any], expected_seq: int, prev_hash: str | None) -> Problem | None:
    if e.seq != expected_seq:
        missing = (
            f"seq {expected_seq}"
            if e.seq == expected_seq + 1
            else f"seq {expected_seq}–{e.seq - 1}"
        )
        return Problem(expected_seq, f"entri {missing} hilang (dihapus) sebelum seq {e.seq}")
    if prev_hash is not None and not same(e.prev_hash, prev_hash):
        return Problem(e.seq, "prev_hash tidak sama dengan hash entri sebelumnya (rantai diputus)")
    return None


def _entry_problem(key: bytes, e: Row[Any], purges: Purges) -> Problem | None:
    if e.payload is not None:
        if not same(json_hash(e.payload), e.payload_hash):
            return Problem(e.seq, "isi payload tidak cocok dengan payload_hash (payload diubah)")
    elif (purged := purges.payload(e)) is not None:
        return purged
    if e.rows_hash is None and e.rows is not None:
        return Problem(e.seq, "daftar baris (rows) pada entri tanpa rows_hash (ditambahkan)")
    if not same(compute_entry_hash(key, e), e.entry_hash):
        return Problem(
            e.seq,
            "HMAC entri tidak cocok: kolom entri diubah, atau entri ditulis tanpa kunci audit",
        )
    return None


def _row_problems(e: Row[Any], b: BatchRows, purges: Purges) -> list[Problem]:
    out: list[Problem] = []
    if e.subjects_purged_at is not None and (p := purges.subjects(e)) is not None:
        out.append(p)
    out += [p for r in b.lists.get(e.seq, ()) if (p := purges.shortlist(r)) is not None]
    out += manifest_problems(e, b) if e.rows_hash is not None else legacy_problems(e, b)
    return out


def subjects_for(session: Session, ids: list[int]) -> dict[int, list[Subject]]:
    """Subjects of the given entries, in insertion order (plain rows: verification is a scan)."""
    t = SUBJECT
    rows = session.execute(
        select(t.c.entry_id, t.c.pegawai_id, t.c.rank, t.c.score)
        .where(t.c.entry_id.in_(ids))
        .order_by(t.c.id)
    ).all()
    out: dict[int, list[Subject]] = {}
    for entry_id, pegawai_id, rank, score in rows:
        out.setdefault(entry_id, []).append(Subject(pegawai_id, rank, score))
    return out


def entry_batches(session: Session, *where: Any) -> Iterator[list[Row[Any]]]:
    """All entries (optionally filtered) in seq order, as plain rows, a batch at a time."""
    t = ENTRY_TABLE
    last = 0
    while True:
        batch = list(
            session.execute(
                select(t).where(t.c.seq > last, *where).order_by(t.c.seq).limit(BATCH)
            ).all()
        )
        if not batch:
            return
        yield batch
        last = batch[-1].seq


def verify_chain(
    engine: Engine,
    key: bytes,
    anchors: Sequence[Anchor] = (),
    settings: AuditSettings | None = None,
) -> VerifyReport:
    """Check every link and every covered row, then the chain against every anchor.

    ``settings`` give the retention periods for purges recorded before the retention entry
    stored its cutoffs (default: the built-in periods).
    """
    report = VerifyReport()
    wanted = {a.seq for a in anchors}
    seen_at_anchor: dict[int, str] = {0: GENESIS} if 0 in wanted else {}
    prev_hash: str | None = GENESIS
    last_seq = 0
    with Session(engine) as session:
        purges = Purges(session, settings or AuditSettings())
        for batch in entry_batches(session):
            rows = load_batch(session, batch)
            for e in batch:
                link = _link_problem(e, last_seq + 1, prev_hash)
                entry = _entry_problem(key, e, purges)
                if link is not None and link.seq == e.seq:
                    entry, link = link, None  # a broken link at this entry: one finding
                report.problems += [p for p in (link, entry) if p is not None]
                report.problems += _row_problems(e, rows, purges)
                report.entries += 1
                report.kinds[e.kind] = report.kinds.get(e.kind, 0) + 1
                report.purged_payloads += e.purged_at is not None and e.payload is None
                report.purged_subjects += e.subjects_purged_at is not None
                if e.seq in wanted:
                    seen_at_anchor[e.seq] = e.entry_hash
                # After a broken entry the next link cannot be judged: do not report it twice.
                prev_hash = None if entry is not None else e.entry_hash
                last_seq = e.seq
                report.head_seq, report.head_hash = e.seq, e.entry_hash
        report.problems += orphans(session)
    report.problems.sort(key=lambda p: p.seq)
    _check_anchors(report, anchors, seen_at_anchor)
    return report


def _check_anchors(report: VerifyReport, anchors: Sequence[Anchor], seen: dict[int, str]) -> None:
    for a in sorted(anchors, key=lambda a: a.seq):
        report.anchors_checked += 1
        report.latest_anchor = a
        when = a.anchored_at.isoformat(timespec="seconds")
        if a.seq not in seen:
            report.problems.append(
                Problem(
                    a.seq,
                    f"jangkar {when} mencatat kepala seq {a.seq}, tetapi rantai hanya sampai seq "
                    f"{report.head_seq}: entri di ujung rantai dihapus",
                )
            )
            return
        if not same(seen[a.seq], a.entry_hash):
            report.problems.append(
                Problem(
                    a.seq,
                    f"hash entri seq {a.seq} tidak cocok dengan jangkar {when}: rantai sampai seq "
                    f"{a.seq} ditulis ulang",
                )
            )
            return
