"""The rows beside the chain, checked against the entries that cover them.

For an entry with a manifest (``rows_hash`` set) every covered row is named: each listed row
must exist with the listed hash (recomputed from its columns), and every row pointing to the
entry must be listed. Rows deleted by retention (an entry's ``audit_subject`` rows, a purged
list's candidates) may be missing; whether that purge was due is :mod:`db.audit.verify_purges`'
question. Rows pointing to an entry that does not exist are found by :func:`orphans`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, exists, or_, select
from sqlmodel import Session

from db.audit.canonical import json_hash, same
from db.audit.findings import NO_ENTRY, Problem
from db.audit.rows import COMMITTEE_TABLES, Covered, RowRef, hash_of, manifest_refs
from db.models import metadata

ENTRY: Table = metadata.tables["audit_entry"]
SUBJECT: Table = metadata.tables["audit_subject"]
LIST: Table = metadata.tables["shortlist"]
CANDIDATE: Table = metadata.tables["shortlist_candidate"]
REVEAL: Table = metadata.tables["shortlist_reveal"]
COMMITTEE: dict[Covered, Table] = {c: metadata.tables[c.value] for c in COMMITTEE_TABLES}

Key = tuple[Covered, int]


@dataclass
class BatchRows:
    """The covered rows pointing to a batch of entries, grouped by the entry they point to."""

    subjects: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))  # entry id
    lists: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))  # seq
    candidates: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    choices: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    reveals: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    # Committee rows by (table, seq).
    committee: dict[tuple[Covered, int], list[Any]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def covered(self, e: Any) -> dict[Key, Any]:
        """Every row pointing to ``e``, by (what, id); a list without a choice has no choice."""
        out: dict[Key, Any] = {}
        for r in self.subjects.get(e.id, ()):
            out[(Covered.SUBJECT, r.id)] = r
        for r in self.lists.get(e.seq, ()):
            out[(Covered.SHORTLIST, r.id)] = r
        for r in self.candidates.get(e.seq, ()):
            out[(Covered.CANDIDATE, r.id)] = r
        for r in self.choices.get(e.seq, ()):
            if r.chosen_pegawai_id is not None:
                out[(Covered.CHOICE, r.id)] = r
        for r in self.reveals.get(e.seq, ()):
            out[(Covered.REVEAL, r.id)] = r
        for what in COMMITTEE_TABLES:
            for r in self.committee.get((what, e.seq), ()):
                out[(what, r.id)] = r
        return out

    def list_purged(self, seq: int) -> bool:
        return any(r.purged_at is not None for r in self.lists.get(seq, ()))


def load_batch(session: Session, entries: Sequence[Any]) -> BatchRows:
    ids = [e.id for e in entries]
    lo, hi = entries[0].seq, entries[-1].seq
    b = BatchRows()
    for r in session.execute(
        select(SUBJECT).where(SUBJECT.c.entry_id.in_(ids)).order_by(SUBJECT.c.id)
    ):
        b.subjects[r.entry_id].append(r)
    lists = select(LIST).where(LIST.c.entry_seq.between(lo, hi)).order_by(LIST.c.id)
    for r in session.execute(lists):
        b.lists[r.entry_seq].append(r)
    choices = select(LIST).where(LIST.c.choice_entry_seq.between(lo, hi)).order_by(LIST.c.id)
    for r in session.execute(choices):
        b.choices[r.choice_entry_seq].append(r)
    cands = select(CANDIDATE).where(CANDIDATE.c.entry_seq.between(lo, hi)).order_by(CANDIDATE.c.id)
    for r in session.execute(cands):
        b.candidates[r.entry_seq].append(r)
    reveals = (
        select(REVEAL, LIST.c.ref.label("list_ref"))
        .outerjoin(LIST, LIST.c.id == REVEAL.c.shortlist_id)
        .where(REVEAL.c.entry_seq.between(lo, hi))
        .order_by(REVEAL.c.id)
    )
    for r in session.execute(reveals):
        b.reveals[r.entry_seq].append(r)
    for what, table in COMMITTEE.items():
        stmt = select(table).where(table.c.entry_seq.between(lo, hi)).order_by(table.c.id)
        for r in session.execute(stmt):
            b.committee[(what, r.entry_seq)].append(r)
    return b


def _stored(what: Covered, r: Any) -> str | None:
    stored: str | None = r.choice_hash if what == Covered.CHOICE else r.row_hash
    return stored


def _deleted(what: Covered, row_id: int) -> str:
    if what == Covered.CHOICE:
        return (
            f"pilihan kandidat pada daftar shortlist id {row_id} yang dicatat entri ini hilang "
            "(pilihan dihapus)"
        )
    return "baris yang dicatat entri ini hilang (dihapus)"


def _changed(what: Covered) -> str:
    if what == Covered.CHOICE:
        return (
            "isi pilihan (shortlist.chosen_*, alasan, dasar hukum) tidak cocok dengan hash yang "
            "dicatat entri ini (pilihan diubah)"
        )
    return "isi baris tidak cocok dengan hash yang dicatat entri ini (diubah)"


def _added(what: Covered) -> str:
    if what == Covered.CHOICE:
        return "pilihan kandidat tidak tercatat di entri yang ditunjuknya (pilihan dipalsukan)"
    return "baris tidak tercatat di entri yang ditunjuknya (ditambahkan atau dipindahkan)"


def _where(what: Covered, row_id: int) -> dict[str, Any]:
    table = "shortlist" if what == Covered.CHOICE else what.value
    return {"table": table, "row_id": row_id}


def manifest_problems(e: Any, b: BatchRows) -> list[Problem]:
    """Rows of an entry with a manifest: each listed, unchanged; none unlisted."""
    if not same(json_hash(e.rows), e.rows_hash):
        return [Problem(e.seq, "daftar baris (rows) entri tidak cocok dengan rows_hash (diubah)")]
    try:
        listed: list[RowRef] = manifest_refs(e.rows)
    except (TypeError, ValueError):
        return [Problem(e.seq, "daftar baris (rows) entri tidak dapat dibaca (diubah)")]
    actual = b.covered(e)
    problems: list[Problem] = []
    for ref in listed:
        r = actual.pop((ref.table, ref.row_id), None)
        if r is None:
            purged = (ref.table == Covered.SUBJECT and e.subjects_purged_at is not None) or (
                ref.table == Covered.CANDIDATE and b.list_purged(e.seq)
            )
            if not purged:
                problems.append(
                    Problem(e.seq, _deleted(ref.table, ref.row_id), **_where(ref.table, ref.row_id))
                )
        elif not same(hash_of(ref.table, e.seq, r), ref.row_hash):
            problems.append(Problem(e.seq, _changed(ref.table), **_where(ref.table, ref.row_id)))
        elif not same(_stored(ref.table, r) or "", ref.row_hash):
            problems.append(
                Problem(
                    e.seq,
                    "kolom hash baris tidak cocok dengan yang dicatat entri ini (diubah)",
                    **_where(ref.table, ref.row_id),
                )
            )
    for what, row_id in sorted(actual, key=lambda k: (k[0].value, k[1])):
        problems.append(Problem(e.seq, _added(what), **_where(what, row_id)))
    return problems


def orphans(session: Session) -> Iterable[Problem]:
    """Covered rows that point to an entry that does not exist (or to none at all)."""
    by_id = exists().where(ENTRY.c.id == SUBJECT.c.entry_id)
    for row_id, entry_id in session.execute(
        select(SUBJECT.c.id, SUBJECT.c.entry_id).where(~by_id).order_by(SUBJECT.c.id)
    ):
        yield Problem(
            NO_ENTRY,
            f"baris menunjuk entri id {entry_id} yang tidak ada (ditambahkan)",
            table="audit_subject",
            row_id=row_id,
        )
    checks: list[tuple[Table, Any, Any, str]] = [
        (LIST, LIST.c.entry_seq, None, "shortlist"),
        (CANDIDATE, CANDIDATE.c.entry_seq, None, "shortlist_candidate"),
        (REVEAL, REVEAL.c.entry_seq, None, "shortlist_reveal"),
        *((t, t.c.entry_seq, None, w.value) for w, t in COMMITTEE.items()),
        (LIST, LIST.c.choice_entry_seq, LIST.c.chosen_pegawai_id.is_not(None), "shortlist"),
    ]
    for table, pointer, only, name in checks:
        missing = or_(pointer.is_(None), ~exists().where(ENTRY.c.seq == pointer))
        stmt = select(table.c.id, pointer).where(missing).order_by(table.c.id)
        if only is not None:
            stmt = stmt.where(only)
        choice = pointer is LIST.c.choice_entry_seq
        for row_id, seq in session.execute(stmt):
            what = "pilihan kandidat" if choice else "baris"
            reason = (
                f"{what} tanpa entri audit (penunjuk entri kosong)"
                if seq is None
                else f"{what} menunjuk entri seq {seq} yang tidak ada"
            )
            reason += ": pilihan dipalsukan" if choice else ": ditambahkan"
            yield Problem(seq or NO_ENTRY, reason, table=name, row_id=row_id)
