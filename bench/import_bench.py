"""Generate + import benchmark: N synthetic employees with their histories into SQLite.

    python -m bench.import_bench [--pegawai 100000] [--seed 7] [--repeat 1] [--url sqlite:///…]

Prints rows per employee, rows/s per phase (read+validate, diff, write), the re-import of the
same files (everything unchanged) and the peak memory of the process (ru_maxrss). Targets on
the 2-core reference machine: import >= 30,000 rows/s on SQLite, peak memory <= 2 GB.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.measure import peak_rss_mb
from db import migrate
from db.engine import make_engine
from db.generate import generate_to
from db.importer import ImportReport, import_directory
from db.settings import DatabaseSettings

TARGET_ROWS_PER_S = 30_000
TARGET_PEAK_MB = 2048


@dataclass
class Run:
    generate_s: float
    first: ImportReport
    first_s: float
    first_cpu_s: float
    again: ImportReport
    again_s: float


def run_once(pegawai: int, seed: int, work: Path, url: str | None) -> Run:
    data = work / "data"
    t = time.perf_counter()
    generate_to(data, pegawai=pegawai, seed=seed)
    generate_s = time.perf_counter() - t
    engine = make_engine(DatabaseSettings(url=url or f"sqlite:///{work / 'bench.db'}"))
    migrate.upgrade(engine)
    try:
        t, c = time.perf_counter(), time.process_time()
        first = import_directory(engine, data)
        first_s, first_cpu = time.perf_counter() - t, time.process_time() - c
        t = time.perf_counter()
        again = import_directory(engine, data)
        again_s = time.perf_counter() - t
    finally:
        engine.dispose()
    return Run(generate_s, first, first_s, first_cpu, again, again_s)


def _rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f}" if seconds > 0 else "-"


def render(runs: list[Run], pegawai: int) -> Table:
    med = statistics.median
    first = runs[0].first
    rows = first.total_rows
    table = Table(title=f"Impor: {pegawai:,} pegawai, {len(runs)} kali (median)")
    for col in ("Ukuran", "Nilai"):
        table.add_column(col, justify="left" if col == "Ukuran" else "right")
    phases = {
        "baca_periksa": "baca + periksa",
        "banding": "banding (diff)",
        "tulis": "tulis",
    }
    table.add_row("baris total (semua berkas)", f"{rows:,}")
    table.add_row("baris per pegawai", f"{rows / pegawai:.1f}")
    table.add_row("generate (s)", f"{med(r.generate_s for r in runs):.1f}")
    for key, label in phases.items():
        s = med(r.first.seconds.get(key, 0.0) for r in runs)
        cpu = med(r.first.cpu_seconds.get(key, 0.0) for r in runs)
        table.add_row(f"impor pertama: {label} (s, CPU s)", f"{s:.1f} ({cpu:.1f})")
        table.add_row(f"impor pertama: {label} (baris/s)", _rate(rows, s))
    total = med(r.first_s for r in runs)
    table.add_row("impor pertama: total (s)", f"{total:.1f}")
    table.add_row(
        f"impor pertama: total (baris/s, target ≥ {TARGET_ROWS_PER_S:,})", _rate(rows, total)
    )
    table.add_row("impor pertama: waktu CPU (s)", f"{med(r.first_cpu_s for r in runs):.1f}")
    again = med(r.again_s for r in runs)
    changed = runs[0].again.pegawai_changed
    table.add_row("impor ulang data sama: total (s)", f"{again:.1f}")
    table.add_row("impor ulang data sama: baris/s", _rate(rows, again))
    table.add_row("impor ulang: pegawai berubah", str(len(changed)))
    table.add_row(f"memori puncak (MB, target ≤ {TARGET_PEAK_MB:,})", f"{peak_rss_mb():,.0f}")
    return table


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.import_bench", description=__doc__)
    p.add_argument("--pegawai", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--url", default=None, help="database URL (default: a fresh SQLite file)")
    args = p.parse_args(argv)
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="talenta-bench-") as tmp:
            runs.append(run_once(args.pegawai, args.seed, Path(tmp), args.url))
    Console().print(render(runs, args.pegawai))


if __name__ == "__main__":
    main()
