"""``import_directory``: read, validate, diff and write one snapshot in one transaction.

The snapshot is written inside a transaction that commits only when the result is not
destructive (``db.importer.guard``) or the operator confirmed it; a dry run always rolls back.
Either way the report says exactly what the import does (or would do).
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from time import perf_counter, process_time

from sqlalchemy import Connection, Engine, select

from db.clock import now_wib
from db.engine import refresh_statistics
from db.import_settings import ImportSettings
from db.importer.carry import carry_absent
from db.importer.dbops import insert_many, update_many
from db.importer.errors import ImportFailed, ImportNeedsConfirmation
from db.importer.guard import cautions, census, census_rows
from db.importer.histories import write_histories
from db.importer.issues import IssueLog
from db.importer.mapping import table_of
from db.importer.org import sync_org
from db.importer.people import plan_people
from db.importer.profile import ReadOptions
from db.importer.progress import NullProgress, ProgressSink
from db.importer.report import ImportReport
from db.importer.runs import missing_since_last, record_run
from db.importer.snapshot import Snapshot
from db.importer.sources import discover
from db.importer.validate import Validator
from db.models import Instansi, Pegawai

log = logging.getLogger(__name__)
SQLITE_CACHE_KIB = 64 * 1024


def import_directory(
    engine: Engine,
    directory: Path,
    *,
    instansi: list[str] | None = None,
    strict: bool = False,
    progress: ProgressSink | None = None,
    confirm: bool = False,
    dry_run: bool = False,
    settings: ImportSettings | None = None,
    read: ReadOptions | None = None,
) -> ImportReport:
    """Import the CSV/XLSX snapshot in ``directory``.

    Raises ImportFailed (invalid input) or ImportNeedsConfirmation (destructive and not
    ``confirm``); nothing is written then. ``dry_run`` returns the report of what the import
    would do and writes nothing. ``read`` says how to read other layouts (day-first dates, an
    import profile).
    """
    sink = progress or NullProgress()
    now = now_wib()
    issues = IssueLog()
    report = ImportReport(dry_run=dry_run)

    started, cpu = perf_counter(), process_time()
    read = read or ReadOptions()
    sources, report.file_hashes = discover(Path(directory), issues, read.profile)
    snap = Validator(instansi=instansi, strict=strict, today=now.date(), log=issues, read=read).run(
        sources, sink
    )
    report.seconds["baca_periksa"] = perf_counter() - started
    report.cpu_seconds["baca_periksa"] = process_time() - cpu
    report.rows_read = dict(snap.rows_read)
    report.warnings, report.warning_count = issues.warnings, issues.warning_count
    if issues.error_count:
        log.info(
            "import refused", extra={"error_count": issues.error_count, "file_count": len(sources)}
        )
        raise ImportFailed(issues.errors, issues.error_count)
    report.instansi = sorted(snap.covered)
    report.tables = sorted(snap.present)

    with engine.connect() as conn:
        tx = conn.begin()
        try:
            _write(conn, snap, report, sink, settings or ImportSettings(), now=now)
            if dry_run or (report.cautions and not confirm):
                tx.rollback()
            else:
                record_run(conn, report, now=now, confirmed=bool(report.cautions))
                tx.commit()
                report.written = True
        except BaseException:
            if tx.is_active:
                tx.rollback()
            raise
    sink.close()
    if not report.written:
        # Ids of rows that were rolled back mean nothing outside the transaction.
        report.pegawai_created = []
        log.info(
            "import not written",
            extra={"dry_run": dry_run, "caution_count": len(report.cautions)},
        )
        if dry_run:
            return report
        raise ImportNeedsConfirmation(report)
    c = report.entity("pegawai")
    # Outside the import transaction: statistics are an optimisation, never a reason to lose
    # an import that has committed (0.4 s at 100,000 employees).
    refresh_statistics(engine)
    log.info(
        "import done",
        extra={
            "instansi_count": len(report.instansi),
            "pegawai_created": c.created,
            "pegawai_updated": c.updated,
            "pegawai_ended": c.ended,
            "pegawai_moved": c.moved,
            "warning_count": report.warning_count,
            "confirmed": bool(report.cautions),
        },
    )
    return report


def _write(
    conn: Connection,
    snap: Snapshot,
    report: ImportReport,
    sink: ProgressSink,
    settings: ImportSettings,
    *,
    now: datetime,
) -> None:
    """Write the snapshot and measure it; the caller commits or rolls back."""
    if conn.dialect.name == "sqlite":
        # Index maintenance of a bulk load touches many pages: give this connection a
        # larger page cache (64 MB; SQLite's default is 2 MB), reset afterwards.
        conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    t0, c0 = perf_counter(), process_time()
    ti = table_of(Instansi)
    known = {
        k: i for i, k in conn.execute(select(ti.c.id, ti.c.kode).where(ti.c.kode.in_(snap.covered)))
    }
    before = census(conn, known)
    missing = missing_since_last(conn, set(snap.covered), set(snap.present))
    report.unchanged_tables = carry_absent(conn, snap)
    org = sync_org(conn, snap, report)
    t1, c1 = perf_counter(), process_time()
    plan = plan_people(
        conn,
        snap,
        report,
        today=now.date(),
        now=now,
        instansi=org.instansi,
        unit=org.unit,
        jabatan=org.jabatan,
    )
    t2, c2 = perf_counter(), process_time()
    report.seconds["banding"] = t2 - t1
    report.cpu_seconds["banding"] = c2 - c1
    new_nips = {r["nip"] for r in plan.creates}
    touched = new_nips | set(plan.changed)
    history_rows = sum(
        len(per[nip]) for per in snap.histories.values() for nip in touched if nip in per
    )
    sink.phase("Menulis", len(plan.creates) + len(plan.updates) + len(plan.ends) + history_rows)
    t = table_of(Pegawai)
    insert_many(conn, t, plan.creates, sink)
    update_many(conn, t, plan.updates, sink, versi=t.c.versi + 1)
    update_many(conn, t, plan.ends, sink, versi=t.c.versi + 1)
    created: dict[str, int] = {}
    if new_nips:
        for pid, nip in conn.execute(select(t.c.id, t.c.nip)):
            if nip in new_nips:
                created[nip] = pid
        report.pegawai_created = sorted(created.values())
    write_histories(conn, snap, report, created=created, changed=plan.changed, progress=sink)
    after = census(conn, org.instansi)
    report.census = census_rows(before, after, snap.covered)
    report.cautions = cautions(
        before=before,
        after=after,
        ended=report.ended_by_instansi,
        deleted={name: c.deleted for name, c in report.counts.items()},
        header_only=set(snap.header_only),
        missing=missing,
        limits=settings,
    )
    report.seconds["tulis"] = (t1 - t0) + (perf_counter() - t2)
    report.cpu_seconds["tulis"] = (c1 - c0) + (process_time() - c2)
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-2000")
