"""The record of committed imports (``import_run``): what each covered and which tables it had."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from db.clock import WIB
from db.importer.mapping import table_of
from db.importer.report import ImportReport
from db.models import ImportRun


def record_run(conn: Connection, report: ImportReport, *, now: datetime, confirmed: bool) -> None:
    conn.execute(
        insert(table_of(ImportRun)).values(
            finished_at=now,
            instansi=list(report.instansi),
            tables=list(report.tables),
            files=dict(report.file_hashes),
            confirmed=confirmed,
        )
    )


def missing_since_last(
    conn: Connection, covered: set[str], tables: set[str]
) -> dict[str, list[tuple[str, str]]]:
    """Tables each covered agency's last import had that this one has not: table -> (agency,
    date of that import)."""
    t = table_of(ImportRun)
    last: dict[str, tuple[datetime, list[str]]] = {}
    pending = set(covered)
    stmt = select(t.c.finished_at, t.c.instansi, t.c.tables).order_by(t.c.id.desc())
    for finished_at, instansi, had in conn.execute(stmt):
        for kode in set(instansi) & pending:
            last[kode] = (finished_at, list(had))
            pending.discard(kode)
        if not pending:
            break
    missing: dict[str, list[tuple[str, str]]] = {}
    for kode, (when, had) in sorted(last.items()):
        if when.tzinfo is not None:
            when = when.astimezone(WIB)
        for table in sorted(set(had) - tables):
            missing.setdefault(table, []).append((kode, when.strftime("%Y-%m-%d")))
    return missing
