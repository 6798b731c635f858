"""A monthly import that changes a share of employees, and the index refresh after it.

    python -m bench.index_refresh_bench                     # 2,000 employees, hashing (make bench)
    python -m bench.index_refresh_bench --pegawai 100000 --encoder bundled-onnx-int8

What a BKD operator waits for after the monthly import: the synthetic Jambi data is generated
and imported into its own SQLite file, the index is built whole with the encoder (timed), then
the same CSV snapshot comes back with a new training row for ``--share`` of the employees (a
course finished that month: the commonest monthly change), is imported through the real
importer, and the index is refreshed for exactly the employees the import reports as changed
(``talenta data import`` does the same: ``IndexStore.update``). Afterwards every shard is
checked against the database, and the refreshed index is searched as
``bench.scale_bench`` does (province scope, 8 posts and 3 needs: first searches of a fresh
service, then after the warm-up, then warm; with the process's RSS). Times are wall clock with
this process's CPU time beside them.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import pstats
import random
import shutil
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.table import Table

from bench.measure import load_average, peak_rss_mb
from db.clock import WIB

console = Console()
T = TypeVar("T")
WORK = Path("var/bench/refresh")
COURSES = (
    ("Pelatihan Penyusunan Laporan Keuangan Berbasis Akrual", 40),
    ("Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar", 40),
    ("Pelatihan Manajemen Risiko Sektor Publik", 32),
    ("Bimtek Sistem Informasi Pemerintahan Daerah", 24),
    ("Pelatihan Analisis Jabatan dan Beban Kerja", 32),
)


def _timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    """``fn()``, its wall and CPU seconds."""
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def _monthly_snapshot(src: Path, dst: Path, *, share: float, seed: int) -> int:
    """``src``'s CSV snapshot with one new training row for ``share`` of the employees,
    written to ``dst`` (which may be ``src``: the next month on top of the last); how many
    employees got one. The draw depends on ``seed`` and on how many trainings ``src`` holds,
    so every month adds different rows."""
    tmp = dst.with_name(dst.name + ".new")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(src, tmp)
    with (src / "pegawai.csv").open(encoding="utf-8", newline="") as f:
        nips = [row["nip"] for row in csv.DictReader(f)]
    with (src / "diklat.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    had = {(row["nip"], row["nama"]) for row in rows if row["tahun"] == "2026"}
    rng = random.Random(f"{seed}:{len(rows)}")
    chosen = rng.sample(nips, max(1, round(len(nips) * share)))
    with (tmp / "diklat.csv").open("a", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for nip in chosen:
            # A course this person has not already finished this year (one row per course).
            nama, jp = next(c for c in rng.sample(COURSES, len(COURSES)) if (nip, c[0]) not in had)
            w.writerow([nip, nama, "teknis", jp, 2026])
    shutil.rmtree(dst, ignore_errors=True)
    tmp.rename(dst)
    return len(chosen)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pegawai", type=int, default=2_000)
    ap.add_argument("--encoder", default="hashing")
    ap.add_argument("--share", type=float, default=0.02, help="share of employees changed")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument(
        "--reuse-build",
        action="store_true",
        help=(
            "keep the index an earlier run built on the same database (its build not timed) "
            "and import the next month on top of that run's"
        ),
    )
    ap.add_argument(
        "--profile",
        type=Path,
        help="write a cProfile of the refresh step here and print its 20 costliest calls",
    )
    args = ap.parse_args(argv)

    from bench.scale_bench import search_rows
    from db.engine import make_engine, refresh_statistics
    from db.importer import import_directory
    from db.settings import DatabaseSettings
    from retrieval.eval.search_quality import make_encoder, prepare_data
    from retrieval.people.store import IndexStore
    from retrieval.settings import EncoderSettings, SearchSettings

    load = [load_average()]
    base = prepare_data(WORK, pegawai=args.pegawai, seed=args.seed)
    base.dispose()
    data = WORK / f"jambi-{args.pegawai}-{args.seed}"
    run = WORK / f"run-{args.pegawai}-{args.seed}-{args.encoder}"
    reuse = args.reuse_build and (run / "index").is_dir()
    if not reuse:
        shutil.rmtree(run, ignore_errors=True)
        run.mkdir(parents=True)
        # The SQLite backup API: the cached dataset stays as generated for the next run.
        with sqlite3.connect(data / "talenta.db") as a, sqlite3.connect(run / "talenta.db") as b:
            a.backup(b)
    engine = make_engine(DatabaseSettings(url=f"sqlite:///{run / 'talenta.db'}"))
    refresh_statistics(engine)
    encoder_settings = EncoderSettings(backend=args.encoder)
    encoder = make_encoder(args.encoder, encoder_settings)
    store = IndexStore(run / "index", encoder, SearchSettings(index_dir=run / "index"))

    if reuse:
        # The index of an earlier run on this very database, complete and current, or refused.
        stale = [c.instansi_id for c in store.check(engine) if not c.ok]
        if stale:
            raise SystemExit(f"--reuse-build: indeks lama tidak cocok (instansi {stale})")
        built: dict[int, int] = {}
        build_s = build_cpu = float("nan")
    else:
        built, build_s, build_cpu = _timed(lambda: store.build(engine, show_progress=True))
    profiles = sum(built.values())
    # With --reuse-build the database already holds the last run's month: add the next one.
    month_base = run / "csv" if reuse and (run / "csv").is_dir() else data / "csv"
    changed_people = _monthly_snapshot(month_base, run / "csv", share=args.share, seed=args.seed)
    report, import_s, import_cpu = _timed(lambda: import_directory(engine, run / "csv"))
    changed = sorted(report.pegawai_changed)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    update, update_s, update_cpu = _timed(lambda: store.update(engine, changed))
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(20)
    checks = store.check(engine)
    bad = [c for c in checks if not c.ok]
    searched = search_rows(engine, store.settings, encoder_settings) if not bad else []
    load.append(load_average())

    table = Table(
        title=(
            f"Impor bulanan dan penyegaran indeks, {args.pegawai:,} pegawai, encoder "
            f"{encoder.name} ({datetime.now(WIB):%Y-%m-%d %H:%M} WIB, beban {load[0]} → "
            f"{load[1]})"
        )
    )
    for col in ("Langkah", "Waktu dinding", "CPU", "Catatan"):
        table.add_column(col)
    if reuse:
        table.add_row("bangun indeks utuh", "-", "-", "indeks putaran sebelumnya (--reuse-build)")
    else:
        table.add_row(
            "bangun indeks utuh",
            f"{build_s / 60:.1f} min",
            f"{build_cpu / 60:.1f} min",
            f"{profiles:,} profil, {profiles / build_s:.1f} profil/s",
        )
    table.add_row(
        f"impor bulanan ({args.share:.0%} berubah)",
        f"{import_s:.1f} s",
        f"{import_cpu:.1f} s",
        f"{changed_people:,} pegawai dengan pelatihan baru; impor melaporkan "
        f"{len(changed):,} berubah",
    )
    table.add_row(
        "penyegaran indeks (IndexStore.update)",
        f"{update_s:.1f} s",
        f"{update_cpu:.1f} s",
        f"{update.reencoded:,} dienkode ulang, {len(update.shards)} shard ditulis",
    )
    table.add_row(
        "pemeriksaan sesudahnya",
        "",
        "",
        "semua shard cocok dengan basis data" if not bad else f"{len(bad)} shard TIDAK cocok",
    )
    for row in searched:
        table.add_row(row.what, row.value, "", row.note)
    table.add_row("RSS maks proses", f"{peak_rss_mb():.0f} MB", "", "")
    console.print(table)
    engine.dispose()
    if bad or len(changed) != changed_people:
        console.print("[red]Penyegaran tidak lengkap atau impor mengubah pegawai lain.[/red]")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
