"""Province scale: import, index, search cold/warm and a Monday-morning load, on SQLite and on
PostgreSQL, in one table (`python -m bench scale`, also in `make bench`).

    python -m bench.scale_bench [--employees 2000] [--users 10] [--requests 6]
                                [--databases sqlite,postgresql] [--pg-url URL]
                                [--encoder hashing|bundled] [--interval 1.0]
    python -m bench.scale_bench --employees 20000 --users 50 --requests 20 --interval 3.2

Per database: generate the synthetic Jambi data (once), import it (on PostgreSQL with COPY, and
once more with executemany for comparison), build the index (merit facts stored with it), time
searches in a fresh service (cold: the first search of each position or need; warm: the same
again; and cold with the merit facts read from the database, as before they were stored), then
start ONE `talenta serve` process (polling the fake Bot API on loopback, exactly as
``deploy/talenta.service`` starts it) and let N bound users send M mixed requests each (search,
profile, regulation, talent pool, the PDF of a candidate list). Lost replies (none within
``--timeout``) and duplicated replies (the same message twice for one request) are counted at the
fake Bot API. The serving process's peak RSS (VmHWM) is read from /proc after the load.

Default sizes fit `make bench` (a few minutes); ``--employees 20000`` / ``100000`` are the big
runs (docs/scale.md). Every figure is printed with date, command and machine load.
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
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bench.measure import Row, load_average, pct, peak_rss_mb
from bench.pg_scratch import Database, drop_pg, new_pg, pg_available
from bench.serve_load import NEEDS, make_users, merge_kinds, run_load
from db import migrate
from db.clock import now_wib
from db.engine import make_engine, refresh_statistics
from db.generate import generate_to
from db.importer import dbops, import_directory
from db.models import Instansi, Jabatan, Pegawai
from db.settings import DatabaseSettings
from retrieval.encoders.factory import build_encoder
from retrieval.people.merit_cache import MeritCache
from retrieval.people.service import SearchService
from retrieval.people.store import IndexStore
from retrieval.settings import EncoderSettings, SearchSettings

console = Console(width=160)
TALENTA = Path(sys.executable).with_name("talenta")
DEFAULT_PG = "postgresql+psycopg://talenta:talenta@127.0.0.1:5432/postgres"


def _import(db: Database, data: Path) -> tuple[Engine, float, int]:
    engine = make_engine(DatabaseSettings(url=db.url))
    migrate.upgrade(engine)
    t = time.perf_counter()
    report = import_directory(engine, data, confirm=True)
    return engine, time.perf_counter() - t, report.total_rows


# -- search, cold and warm ------------------------------------------------------------------------


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def search_rows(
    engine: Engine, settings: SearchSettings, enc_settings: EncoderSettings
) -> list[Row]:
    """The same searches as the first ones of three fresh services: facts stored with the
    index; facts from the database; after the warm-up (everyone's facts loaded). Then warm."""
    encoder = build_encoder(enc_settings)
    with Session(engine) as s:
        scope = frozenset(int(i) for i in s.exec(select(Instansi.id)).all() if i)
        jabatan = [
            int(j)
            for j in s.exec(
                select(Jabatan.id)
                .where(col(Jabatan.jenis).in_(["administrator", "pengawas"]))
                .order_by(col(Jabatan.id))
            ).all()[:8]
            if j
        ]
    queries: list[tuple[str, Any]] = [("p", j) for j in jabatan] + [("n", n) for n in NEEDS]

    def run(svc: SearchService, into: list[float]) -> None:
        for kind, q in queries:
            t = time.perf_counter()
            if kind == "p":
                svc.for_position(q, scope=scope)
            else:
                svc.for_need(q, scope=scope)
            into.append((time.perf_counter() - t) * 1000)

    out: dict[str, list[float]] = {"cold": [], "warm": [], "cold_db": [], "warmed": []}
    quiet = settings.model_copy(update={"warm_up": False})
    # Module imports, templates and the stemmer are set up once per process: pay that first,
    # so that the services below differ only in what they are measured for.
    first = SearchService(engine, encoder, quiet)
    first.start()
    run(first, [])
    t = time.perf_counter()
    stored = SearchService(engine, encoder, quiet)
    stored.start()
    start_s = time.perf_counter() - t
    run(stored, out["cold"])
    for _ in range(3):
        run(stored, out["warm"])
    from_db = SearchService(engine, encoder, quiet)
    from_db.start()
    from_db.merit_cache = MeritCache()  # as before: every fact from the database
    run(from_db, out["cold_db"])
    del first, from_db  # each holds its own caches: keep the bench's memory to one or two
    warmed = SearchService(engine, encoder, settings.model_copy(update={"warm_up": True}))
    warmed.start()
    rss = _rss_mb()
    t = time.perf_counter()
    warmed.start_warm_up()
    warmed.wait_warm_up()
    warm_s = time.perf_counter() - t
    grown = _rss_mb() - rss
    run(warmed, out["warmed"])
    warmed.stop_warm_up()
    del warmed
    old = SearchService(engine, encoder, settings.model_copy(update={"warm_up": True}))
    old.start()
    old.merit_cache = MeritCache()
    t = time.perf_counter()
    old.start_warm_up()
    old.wait_warm_up()
    old_s = time.perf_counter() - t
    old.stop_warm_up()
    del old
    n = len(queries)

    def p(label: str) -> str:
        return f"{pct(out[label], 50):.0f} / {pct(out[label], 95):.0f} ms"

    return [
        Row("search service start (shards + criteria snapshot)", f"{start_s:.1f} s", ""),
        Row(
            "search p50 / p95, cold: facts stored with the index",
            p("cold"),
            f"first search of {n} positions/needs in a fresh service, province scope; "
            f"{stored.merit_cache.stored_reads:,} people read from the index files",
        ),
        Row(
            "search p50 / p95, cold: facts from the database",
            p("cold_db"),
            "the same, as before the facts were stored",
        ),
        Row(
            "search p50 / p95, first searches after the warm-up",
            p("warmed"),
            f"warm-up from the stored facts {warm_s:.1f} s (from the database: {old_s:.1f} s), "
            f"RSS +{grown:,.0f} MB",
        ),
        Row("search p50 / p95, warm (the same searches again, ×3)", p("warm"), ""),
    ]


# -- one database --------------------------------------------------------------------------------


def run_database(
    db: Database, data: Path, work: Path, args: argparse.Namespace, admin: str
) -> list[Row]:
    rows: list[Row] = [Row("load average (1/5/15) at start", load_average(), "")]
    engine, import_s, total_rows = _import(db, data)
    rows.append(
        Row(
            "import (generated CSV → database)",
            f"{import_s:.1f} s ({total_rows / import_s:,.0f} rows/s)",
            f"{total_rows:,} rows" + ("; COPY" if db.kind == "postgresql" else ""),
        )
    )
    if db.kind == "postgresql" and args.compare_import:
        plain = new_pg(admin)
        dbops.USE_COPY = False
        try:
            e2, plain_s, _ = _import(plain, data)
            e2.dispose()
        finally:
            dbops.USE_COPY = True
            drop_pg(admin, plain.drop or "")
        rows.append(
            Row(
                "import with executemany instead of COPY",
                f"{plain_s:.1f} s ({total_rows / plain_s:,.0f} rows/s)",
                f"COPY saves {plain_s - import_s:.1f} s",
            )
        )
    refresh_statistics(engine)
    if db.kind == "sqlite" and args.encode_sample:
        from bench.parallel_encode import measure
        from retrieval.people.profile_data import load_profiles
        from retrieval.people.profile_text import profile_docs

        with Session(engine) as s:
            ids = s.exec(select(Pegawai.id).where(col(Pegawai.status) == "aktif")).all()
            texts = [
                d.text for d in profile_docs(load_profiles(s, list(ids)[: args.encode_sample]))
            ]
        rows += measure(texts)
    settings = SearchSettings(index_dir=work / f"index-{db.kind}")
    enc_settings = EncoderSettings(backend=args.encoder)
    store = IndexStore(settings.index_dir, build_encoder(enc_settings), settings)
    t = time.perf_counter()
    built = store.build(engine)
    build_s = time.perf_counter() - t
    profiles = sum(built.values())
    rows.append(
        Row(
            f"index build ({args.encoder} encoder, merit facts stored)",
            f"{build_s:.1f} s ({profiles / build_s:,.0f} profil/s)",
            f"{profiles:,} profiles, {len(built)} shards",
        )
    )
    files = list(settings.index_dir.iterdir())
    facts_b = sum(f.stat().st_size for f in files if ".facts" in f.name)
    rows.append(
        Row(
            "index on disk / of which stored merit facts",
            f"{sum(f.stat().st_size for f in files) / 2**20:,.0f} / {facts_b / 2**20:,.0f} MB",
            f"{facts_b / max(profiles, 1) / 1024:.1f} KB of facts per profile",
        )
    )
    rows += search_rows(engine, settings, enc_settings)
    if db.kind == "postgresql":
        from bench.pg_textsearch import measure as textsearch

        rows += textsearch(engine, {i: store.load(i) for i in store.shard_ids()}, settings)
    users = make_users(engine, args.users, args.requests)
    engine.dispose()
    users, ready, wall, rss = asyncio.run(
        run_load(db, work, settings, args.encoder, users, args.interval, args.timeout)
    )
    times = sorted(t for u in users for t in u.times)
    sent = sum(u.sent for u in users)
    lost = sum(u.lost for u in users)
    dup = sum(u.duplicated for u in users)
    rows += [
        Row("talenta serve: start until polling", f"{ready:.1f} s", "shard check + load"),
        Row(
            "load: users × requests",
            f"{len(users)} × {args.requests} = {sent}",
            f"search, profile, regulation, talent pool, PDF ({sum(u.pdfs for u in users)} PDFs); "
            f"{wall:.0f} s",
        ),
        Row("load: lost / duplicated replies", f"{lost} / {dup}", "goal 0 / 0"),
        Row(
            "load: reply p50 / p95 / max",
            f"{pct(times, 50):.2f} / {pct(times, 95):.2f} / {times[-1]:.2f} s" if times else "-",
            "first reply of each request, at the fake Bot API",
        ),
        *[
            Row(
                f"  reply p50 / p95, {kind}",
                f"{pct(ts, 50):.2f} / {pct(ts, 95):.2f} s",
                f"n={len(ts)}",
            )
            for kind, ts in sorted(merge_kinds(users).items())
        ],
        Row("talenta serve: peak RSS (VmHWM) after the load", f"{rss:,.0f} MB", "goal ≤ 1,500"),
        Row("load average (1/5/15) at end", load_average(), ""),
    ]
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.scale_bench", description=__doc__)
    ap.add_argument("--employees", type=int, default=2000)
    ap.add_argument("--users", type=int, default=9)
    ap.add_argument("--requests", type=int, default=6)
    ap.add_argument("--interval", type=float, default=1.0, help="seconds between a user's requests")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds before a reply is lost")
    ap.add_argument("--databases", default="sqlite,postgresql")
    ap.add_argument("--pg-url", default=os.environ.get("TALENTA_TEST_PG_URL", DEFAULT_PG))
    ap.add_argument("--encoder", choices=("hashing", "bundled"), default="hashing")
    ap.add_argument("--compare-import", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--encode-sample",
        type=int,
        default=0,
        help="also encode N real profiles with the bundled model: threads vs 2 processes",
    )
    args = ap.parse_args(argv)
    command = "python -m bench.scale_bench " + shlex.join(
        argv if argv is not None else sys.argv[1:]
    )
    started = now_wib()
    table = Table(
        title=f"Skala provinsi: {args.employees:,} pegawai · {started:%Y-%m-%d %H:%M} WIB · "
        f"{command}"
    )
    for c in ("Basis data", "Ukuran", "Nilai", "Catatan"):
        table.add_column(c)
    with tempfile.TemporaryDirectory(prefix="talenta-scale-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        generate_to(work / "data", pegawai=args.employees, seed=args.seed)
        table.add_row("-", "generate synthetic data", f"{time.perf_counter() - t:.1f} s", "")
        for kind in [k.strip() for k in args.databases.split(",") if k.strip()]:
            console.print(f"[bold]{kind}[/bold] …")
            if kind == "sqlite":
                db = Database("sqlite", f"sqlite:///{work / 'talenta.db'}")
            else:
                problem = pg_available(args.pg_url)
                if problem is not None:
                    table.add_row(kind, "not measured", "-", f"PostgreSQL unreachable ({problem})")
                    continue
                db = new_pg(args.pg_url)
            try:
                for r in run_database(db, work / "data", work, args, args.pg_url):
                    table.add_row(kind, r.what, r.value, r.note)
            finally:
                if db.drop:
                    drop_pg(args.pg_url, db.drop)
    table.add_row("-", "bench process peak RSS", f"{peak_rss_mb():,.0f} MB", "")
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
