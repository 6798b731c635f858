"""Two webhook workers behind a reverse proxy on one PostgreSQL (`python -m bench workers`).

    python -m bench.workers_bench [--employees 1000] [--users 50] [--requests 20]
                                  [--workers 2] [--interval 3.5] [--redeliver 0.1] [--burst 30]
                                  [--proxy nginx|loopback]

A scratch PostgreSQL database gets the synthetic Jambi data and its index (hashing encoder);
``--workers`` `talenta serve` processes run in webhook mode behind the nginx of ``deploy/``
(its ``/telegram`` location, an upstream of the workers; :mod:`bench.nginx_proxy`) or, with
``--proxy loopback``, a round-robin proxy in Python, replying through the fake Bot API. N
users × M mixed requests (search, profile, regulation, talent pool, PDF), a share of the
updates delivered again to the other worker, and one user's burst past the rate limit in the
middle. Printed: lost / duplicated replies, reply p50/p95/max, the burst's
accepted / refused, the audit chain's verification, peak RSS per worker, machine load.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlmodel import Session, select

from bench.measure import load_average, pct
from bench.pg_scratch import drop_pg, new_pg
from bench.serve_load import make_users
from bench.webhook_load import Plan, bound_user, run
from bench.webhook_workers import AUDIT_KEY
from bot.chat.access import Role
from bot.chat.settings import ConversationSettings
from db import migrate
from db.audit import verify_chain
from db.clock import now_wib
from db.engine import make_engine
from db.generate import generate_to
from db.importer import import_directory
from db.models import AuditEntry, Instansi
from db.settings import DatabaseSettings
from retrieval.encoders.factory import build_encoder
from retrieval.people.store import IndexStore
from retrieval.settings import EncoderSettings, SearchSettings

DEFAULT_PG = "postgresql+psycopg://talenta:talenta@127.0.0.1:5432/postgres"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.workers_bench", description=__doc__)
    ap.add_argument("--employees", type=int, default=1000)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--interval", type=float, default=3.5)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--redeliver", type=float, default=0.1)
    ap.add_argument("--burst", type=int, default=30)
    ap.add_argument("--proxy", choices=("nginx", "loopback"), default="nginx")
    ap.add_argument("--pg-url", default=os.environ.get("TALENTA_TEST_PG_URL", DEFAULT_PG))
    args = ap.parse_args(argv)
    command = "python -m bench.workers_bench " + shlex.join(
        argv if argv is not None else sys.argv[1:]
    )
    started = now_wib()
    rows: list[tuple[str, str, str]] = [("load average at start", load_average(), "")]
    with tempfile.TemporaryDirectory(prefix="talenta-workers-") as tmp:
        work = Path(tmp)
        generate_to(work / "data", pegawai=args.employees, seed=7)
        db = new_pg(args.pg_url)
        try:
            engine = make_engine(DatabaseSettings(url=db.url))
            migrate.upgrade(engine)
            import_directory(engine, work / "data", confirm=True)
            index = work / "index"
            settings = SearchSettings(index_dir=index)
            IndexStore(index, build_encoder(EncoderSettings(backend="hashing")), settings).build(
                engine
            )
            users = make_users(engine, args.users, args.requests)
            with Session(engine) as s:
                kode = s.exec(select(Instansi.kode)).first() or ""
            code = bound_user(engine, role=Role.hr, kode=kode, nama="Pengguna beruntun")
            plan = Plan(
                users=[(u.telegram_id, u.code, u.requests) for u in users],
                burst_user=(900_001, code),
                burst_count=args.burst,
                workers=args.workers,
                interval=args.interval,
                timeout=args.timeout,
                redeliver_share=args.redeliver,
            )
            t = time.monotonic()
            result = asyncio.run(
                run(
                    plan,
                    db_url=db.url,
                    work=work,
                    index_dir=index,
                    encoder="hashing",
                    proxy_kind="nginx" if args.proxy == "nginx" else "loopback",
                )
            )
            wall = time.monotonic() - t
            report = verify_chain(engine, AUDIT_KEY.encode())
            with Session(engine) as s:
                entries = len(s.exec(select(AuditEntry.id)).all())
            engine.dispose()
        finally:
            drop_pg(args.pg_url, db.drop or "")
    times = result.times()
    limit = ConversationSettings().messages_per_minute
    b = result.burst
    rows += [
        (
            "workers / proxy",
            f"{args.workers} / {args.proxy}",
            "deploy/ /telegram location, HTTP on loopback"
            if args.proxy == "nginx"
            else "round-robin in Python, nginx NOT run",
        ),
        ("workers: start until listening", f"{result.ready_s:.1f} s", "both at once"),
        (
            "requests sent",
            f"{result.total('sent')}",
            f"{len(users)} users × {args.requests}; {result.wall_s:.0f} s; run {wall:.0f} s",
        ),
        (
            "updates redelivered to the other worker",
            f"{result.tg.redelivered}",
            f"{result.tg.rerouted} reached the other worker",
        ),
        (
            "posts per worker",
            " / ".join(str(v) for _, v in sorted(result.proxy.forwarded.items())),
            "",
        ),
        ("webhook answers (status: count)", str(dict(result.tg.statuses)), ""),
        (
            "lost / duplicated replies",
            f"{result.total('lost')} / {result.total('duplicated')}",
            "goal 0 / 0",
        ),
        (
            "reply p50 / p95 / max",
            f"{pct(times, 50):.2f} / {pct(times, 95):.2f} / {times[-1]:.2f} s" if times else "-",
            "first reply, at the fake Bot API",
        ),
        ("load users rate-limited", f"{result.total('rate_limited')}", "goal 0"),
        (
            f"burst of {b.sent} from one user (limit {limit}/min, /start counted)",
            f"{b.accepted} accepted / {b.refused} refused",
            f"goal {limit - 1} / {b.sent - limit + 1}; answered {b.answered}",
        ),
        (
            "audit chain verify",
            "OK" if report.ok else f"BROKEN: {report.problem}",
            f"{entries} entries",
        ),
        ("peak RSS per worker", " / ".join(f"{r:,.0f} MB" for r in result.rss_mb), ""),
        ("worker tracebacks", str(len(result.tracebacks)), ""),
        ("load average at end", load_average(), ""),
    ]
    table = Table(title=f"Dua pekerja webhook · {started:%Y-%m-%d %H:%M} WIB · {command}")
    for c in ("Ukuran", "Nilai", "Catatan"):
        table.add_column(c)
    for r in rows:
        table.add_row(*r)
    Console(width=160).print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
