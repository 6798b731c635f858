"""Verification: walk the chain from the first entry and report the first broken link."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Row, Table, select
from sqlmodel import Session

from db.audit.anchor import Anchor
from db.audit.canonical import GENESIS, json_hash, same
from db.audit.chain import Subject, compute_entry_hash, subjects_hash
from db.models import metadata

BATCH = 2000
ENTRY_TABLE: Table = metadata.tables["audit_entry"]
SUBJECT_TABLE: Table = metadata.tables["audit_subject"]


@dataclass(frozen=True)
class Problem:
    seq: int
    reason: str  # Indonesian, for the operator and the inspector


@dataclass
class VerifyReport:
    entries: int = 0
    purged_payloads: int = 0
    purged_subjects: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    anchors_checked: int = 0
    latest_anchor: Anchor | None = None
    problem: Problem | None = None
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problem is None


def _check_entry(
    key: bytes, e: Row[Any], expected_seq: int, prev_hash: str, subs: Sequence[Subject]
) -> Problem | None:
    if e.seq != expected_seq:
        missing = (
            f"seq {expected_seq}"
            if e.seq == expected_seq + 1
            else f"seq {expected_seq}–{e.seq - 1}"
        )
        return Problem(expected_seq, f"entri {missing} hilang (dihapus) sebelum seq {e.seq}")
    if not same(e.prev_hash, prev_hash):
        return Problem(e.seq, "prev_hash tidak sama dengan hash entri sebelumnya (rantai diputus)")
    if e.payload is not None:
        if not same(json_hash(e.payload), e.payload_hash):
            return Problem(e.seq, "isi payload tidak cocok dengan payload_hash (payload diubah)")
    elif e.purged_at is None:
        return Problem(e.seq, "payload kosong tanpa catatan pemusnahan retensi (payload dihapus)")
    if e.subjects_purged_at is None and not same(subjects_hash(subs), e.subjects_hash):
        return Problem(e.seq, "daftar pegawai terkait (audit_subject) diubah")
    if not same(compute_entry_hash(key, e), e.entry_hash):
        return Problem(
            e.seq,
            "HMAC entri tidak cocok: kolom entri diubah, atau entri ditulis tanpa kunci audit",
        )
    return None


def subjects_for(session: Session, ids: list[int]) -> dict[int, list[Subject]]:
    """Subjects of the given entries, in insertion order (plain rows: verification is a scan)."""
    t = SUBJECT_TABLE
    rows = session.execute(
        select(t.c.entry_id, t.c.pegawai_id, t.c.rank, t.c.score)
        .where(t.c.entry_id.in_(ids))
        .order_by(t.c.id)
    ).all()
    out: dict[int, list[Subject]] = defaultdict(list)
    for entry_id, pegawai_id, rank, score in rows:
        out[entry_id].append(Subject(pegawai_id, rank, score))
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


def verify_chain(engine: Engine, key: bytes, anchors: Sequence[Anchor] = ()) -> VerifyReport:
    """Check every link, then the chain against every anchor; stop at the first problem."""
    report = VerifyReport()
    wanted = {a.seq for a in anchors}
    seen_at_anchor: dict[int, str] = {0: GENESIS} if 0 in wanted else {}
    prev_hash, last_seq = GENESIS, 0
    with Session(engine) as session:
        for batch in entry_batches(session):
            subs = subjects_for(session, [e.id for e in batch])
            for e in batch:
                problem = _check_entry(key, e, last_seq + 1, prev_hash, subs.get(e.id, []))
                if problem is not None:
                    report.problem = problem
                    break
                report.entries += 1
                report.kinds[e.kind] = report.kinds.get(e.kind, 0) + 1
                report.purged_payloads += e.purged_at is not None
                report.purged_subjects += e.subjects_purged_at is not None
                if e.seq in wanted:
                    seen_at_anchor[e.seq] = e.entry_hash
                prev_hash, last_seq = e.entry_hash, e.seq
            if report.problem is not None:
                break
    report.head_seq, report.head_hash = last_seq, prev_hash
    _check_anchors(report, anchors, seen_at_anchor)
    return report


def _check_anchors(report: VerifyReport, anchors: Sequence[Anchor], seen: dict[int, str]) -> None:
    limit = report.problem.seq if report.problem else None
    for a in sorted(anchors, key=lambda a: a.seq):
        if limit is not None and a.seq >= limit:
            break
        report.anchors_checked += 1
        report.latest_anchor = a
        when = a.anchored_at.isoformat(timespec="seconds")
        if a.seq not in seen:
            report.problem = Problem(
                a.seq,
                f"jangkar {when} mencatat kepala seq {a.seq}, tetapi rantai hanya sampai seq "
                f"{report.head_seq}: entri di ujung rantai dihapus",
            )
            return
        if not same(seen[a.seq], a.entry_hash):
            report.problem = Problem(
                a.seq,
                f"hash entri seq {a.seq} tidak cocok dengan jangkar {when}: rantai sampai seq "
                f"{a.seq} ditulis ulang",
            )
            return
