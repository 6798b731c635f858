"""Histories: rows matched on their natural key per employee.

New employees get all their rows inserted. For changed employees the stored rows are loaded
and compared: a row with the same natural key but other values is updated (a corrected row
replaces the old one), a missing row is deleted, a new one inserted. Unchanged employees'
rows are never loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from db.importer.dbops import chunks, delete_ids, insert_many, update_many
from db.importer.mapping import ASESMEN_KOMPETENSI, HISTORIES, HistoryMap, table_of
from db.importer.progress import ProgressSink
from db.importer.report import ImportReport
from db.importer.snapshot import Row, Snapshot
from db.models import Asesmen

Existing = dict[tuple[int, tuple[Any, ...]], tuple[int, tuple[Any, ...]]]


@dataclass
class TableChanges:
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    deletes: list[int] = field(default_factory=list)


def load_existing(conn: Connection, hm: HistoryMap, owners: list[int]) -> Existing:
    """Stored rows of ``owners``: (owner, natural key) -> (id, values)."""
    t = hm.table
    cols = [t.c[c] for c in hm.db_columns]
    key_pos = [hm.db_columns.index(k) for k in hm.key]
    out: Existing = {}
    for part in chunks(sorted(owners)):
        stmt = select(t.c.id, t.c[hm.owner], *cols).where(t.c[hm.owner].in_(part))
        for r in conn.execute(stmt):
            values = tuple(r[2:])
            out[(r[1], tuple(values[i] for i in key_pos))] = (r[0], values)
    return out


def _diff(
    hm: HistoryMap,
    plan: TableChanges,
    owner: int,
    desired: dict[Any, tuple[Any, ...]],
    existing: Existing,
    unchanged: list[int],
) -> None:
    for key, values in desired.items():
        found = existing.pop((owner, key), None)
        if found is None:
            plan.inserts.append({hm.owner: owner, **dict(zip(hm.db_columns, values, strict=True))})
        elif found[1] != values:
            plan.updates.append({"b_id": found[0], **dict(zip(hm.db_columns, values, strict=True))})
        else:
            unchanged[0] += 1


def write_histories(
    conn: Connection,
    snap: Snapshot,
    report: ImportReport,
    *,
    created: dict[str, int],
    changed: dict[str, int],
    progress: ProgressSink,
) -> None:
    """Insert the histories of ``created``, diff and apply those of ``changed`` (nip -> id)."""
    deletes: list[tuple[HistoryMap, list[int]]] = []
    people = {**created, **changed}
    for hm in HISTORIES:
        per_nip = snap.histories.get(hm.file, {})
        existing = load_existing(conn, hm, list(changed.values())) if changed else {}
        plan = TableChanges()
        unchanged = [0]
        values = hm.values
        new_rows = insert_many(conn, hm.table, _new_rows(hm, per_nip, created), progress)
        for nip, pid in changed.items():
            rows = per_nip.get(nip)
            if rows:
                _diff(hm, plan, pid, {k: values(r) for k, r in rows.items()}, existing, unchanged)
        plan.deletes = [i for i, _ in existing.values()]
        _count(report, hm.file, plan, unchanged[0], snap, people, new_rows)
        insert_many(conn, hm.table, plan.inserts, progress)
        update_many(conn, hm.table, plan.updates, progress)
        deletes.append((hm, plan.deletes))
    _asesmen_kompetensi(conn, snap, report, people, changed, progress, deletes)
    for hm, ids in reversed(deletes):
        delete_ids(conn, hm.table, ids, progress)


def _new_rows(
    hm: HistoryMap, per_nip: dict[str, dict[Any, Row]], created: dict[str, int]
) -> Iterator[dict[str, Any]]:
    """Rows of employees that did not exist before: nothing to compare, insert everything."""
    cols, owner, values = hm.db_columns, hm.owner, hm.values
    for nip, pid in created.items():
        for r in per_nip.get(nip, {}).values():
            d = dict(zip(cols, values(r), strict=True))
            d[owner] = pid
            yield d


def _asesmen_kompetensi(
    conn: Connection,
    snap: Snapshot,
    report: ImportReport,
    people: dict[str, int],
    changed: dict[str, int],
    progress: ProgressSink,
    deletes: list[tuple[HistoryMap, list[int]]],
) -> None:
    hm = ASESMEN_KOMPETENSI
    t = table_of(Asesmen)
    pids = set(people.values())
    asesmen: dict[tuple[int, Any], int] = {}
    changed_asesmen: list[int] = []
    changed_pids = set(changed.values())
    for r in conn.execute(select(t.c.id, t.c.pegawai_id, t.c.tanggal)):
        if r.pegawai_id in pids:
            asesmen[(r.pegawai_id, r.tanggal)] = r.id
            if r.pegawai_id in changed_pids:
                changed_asesmen.append(r.id)
    # Stored competency rows of a changed employee's assessments, including the ones about to
    # be deleted: they are absent from the snapshot, so they are deleted first.
    existing = load_existing(conn, hm, changed_asesmen) if changed_asesmen else {}
    plan = TableChanges()
    unchanged = [0]
    per_nip = snap.histories.get(hm.file, {})
    for nip, pid in people.items():
        rows = per_nip.get(nip)
        if not rows:
            continue
        grouped: dict[int, dict[Any, tuple[Any, ...]]] = {}
        for (tanggal, kompetensi), row in rows.items():
            grouped.setdefault(asesmen[(pid, tanggal)], {})[(kompetensi,)] = hm.values(row)
        for owner, desired in grouped.items():
            _diff(hm, plan, owner, desired, existing, unchanged)
    plan.deletes = [i for i, _ in existing.values()]
    _count(report, hm.file, plan, unchanged[0], snap, people)
    insert_many(conn, hm.table, plan.inserts, progress)
    update_many(conn, hm.table, plan.updates, progress)
    deletes.append((hm, plan.deletes))


def _count(
    report: ImportReport,
    name: str,
    plan: TableChanges,
    unchanged: int,
    snap: Snapshot,
    people: dict[str, int],
    streamed: int = 0,
) -> None:
    c = report.entity(name)
    c.created += len(plan.inserts) + streamed
    c.updated += len(plan.updates)
    c.deleted += len(plan.deletes)
    # Rows of employees whose content hash did not change were not even compared.
    untouched = sum(len(v) for nip, v in snap.histories.get(name, {}).items() if nip not in people)
    c.unchanged += unchanged + untouched
