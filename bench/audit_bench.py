"""Audit chain speed: append, shortlist record, access-history lookup, verification.

Run: ``python -m bench.audit_bench [--entries N]`` (SQLite in a temporary folder; set
TALENTA_BENCH_PG_URL to a PostgreSQL database URL to run the same on PostgreSQL). Prints
medians; appends are single-writer latencies including the lock and the commit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine
from sqlmodel import Session

from db import migrate
from db.audit import (
    Actor,
    AuditKind,
    AuditLog,
    CandidateIn,
    Subject,
    access_history,
    record_shortlist,
    verify_chain,
)
from db.engine import make_engine
from db.settings import DatabaseSettings

KEY = b"bench-audit-key-0123456789abcdef0123"
PPK = Actor.account(1, "ppk", "PROV")


def _median_ms(fn: Callable[[int], object], runs: int) -> float:
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _fill(audit: AuditLog, entries: int) -> None:
    batch = 500
    for start in range(0, entries, batch):
        with audit.transaction() as tx:
            for i in range(start, min(start + batch, entries)):
                tx.append(
                    AuditKind.SEARCH,
                    PPK,
                    {"q": f"kueri {i}", "shown": list(range(10))},
                    [Subject((i * 7 + r) % 5000, r + 1, 0.9 - r / 100) for r in range(10)],
                )


def run(engine: Engine, entries: int) -> list[tuple[str, str]]:
    audit = AuditLog(engine, KEY)
    _fill(audit, entries)
    rows: list[tuple[str, str]] = []

    def append(i: int) -> None:
        audit.record(AuditKind.SEARCH, PPK, {"i": i}, range(10))

    rows.append(("append 1 entry (10 subjects)", f"{_median_ms(append, 50):.2f} ms"))

    def shortlist(i: int) -> None:
        record_shortlist(
            audit,
            actor=PPK,
            rendered={"rows": [{"no": r, "text": "x" * 200} for r in range(20)]},
            candidates=[CandidateIn(1000 + r, r + 1, 0.5) for r in range(20)],
            request={"q": i},
            config_hash="c" * 64,
            model="m",
            index_version="v",
            data_snapshot="s",
            blind=True,
        )

    rows.append(("record_shortlist (20 rows)", f"{_median_ms(shortlist, 30):.2f} ms"))
    with Session(engine) as s:
        ms = _median_ms(lambda i: access_history(s, (i * 13) % 5000), 50)
    rows.append((f"access_history (of {entries} entries)", f"{ms:.2f} ms"))
    t0 = time.perf_counter()
    report = verify_chain(engine, KEY)
    secs = time.perf_counter() - t0
    assert report.ok, report.problem
    rows.append(
        (f"verify {report.entries} entries", f"{secs:.2f} s ({report.entries / secs:,.0f}/s)")
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    args = parser.parse_args()
    targets: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        targets.append(("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}"))
        if os.environ.get("TALENTA_BENCH_PG_URL"):
            targets.append(("PostgreSQL", os.environ["TALENTA_BENCH_PG_URL"]))
        table = Table(title=f"Audit chain ({args.entries} entries preloaded)")
        table.add_column("backend")
        table.add_column("operation")
        table.add_column("median / total")
        for name, url in targets:
            engine = make_engine(DatabaseSettings(url=url))
            migrate.upgrade(engine)
            for op, value in run(engine, args.entries):
                table.add_row(name, op, value)
            engine.dispose()
        Console().print(table)


if __name__ == "__main__":
    main()
