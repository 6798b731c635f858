"""Speed of the merit rules over a candidate pool (issue 3: merit rules as code).

Builds N synthetic employees in a temporary SQLite database (tests/factories.py), then
times, as medians over repeats after one warm-up: batched fact loading, and eligibility,
JPM and nine-box over the whole pool. Run: ``python -m bench.rules_bench --pegawai 2000``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlmodel import Session

from db import migrate
from db.engine import make_engine
from db.settings import DatabaseSettings
from knowledge.rules import eligibility, jpm, load_employee_facts, load_position_facts, ninebox
from tests.factories import add_asesmen, add_kinerja, make_instansi, make_jabatan, make_pegawai


def _median(fn: Callable[[], Any], repeat: int) -> float:
    fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pegawai", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(DatabaseSettings(url=f"sqlite:///{Path(tmp) / 'bench.db'}"))
        migrate.upgrade(engine)
        with Session(engine) as s:
            inst = make_instansi(s)
            jabs = [make_jabatan(s, inst) for _ in range(20)]
            target = make_jabatan(s, inst, jenis="jpt_pratama", eselon="II.a")
            ids = []
            for i in range(args.pegawai):
                peg = make_pegawai(
                    s, inst, jabatan=jabs[i % 20], tanggal_lahir=date(1965 + i % 30, 1 + i % 12, 1)
                )
                add_kinerja(s, peg, {2024: "Baik", 2025: "Sangat Baik"})
                add_asesmen(s, peg, {"Integritas": 3, "Komunikasi": 2 + i % 3})
                ids.append(peg.id)
            s.commit()
            target_id = target.id
        as_of = date(2026, 11, 29)
        with Session(engine) as s:
            pos = load_position_facts(s, target_id)
            facts = load_employee_facts(s, ids)
        assert pos is not None

        def load() -> None:
            with Session(engine) as s:
                load_employee_facts(s, ids)

        rows = [
            ("load_employee_facts", _median(load, args.repeat)),
            (
                "eligibility (JPT pratama)",
                _median(
                    lambda: [eligibility(f, pos, as_of=as_of) for f in facts.values()], args.repeat
                ),
            ),
            (
                "jpm",
                _median(lambda: [jpm(f, pos, as_of=as_of) for f in facts.values()], args.repeat),
            ),
            (
                "ninebox",
                _median(lambda: [ninebox(f, as_of=as_of) for f in facts.values()], args.repeat),
            ),
        ]
        engine.dispose()
    table = Table(title=f"Aturan merit: {args.pegawai} pegawai (median {args.repeat} ulangan)")
    table.add_column("langkah")
    table.add_column("total (ms)", justify="right")
    table.add_column("per pegawai (µs)", justify="right")
    for name, sec in rows:
        table.add_row(name, f"{sec * 1000:.1f}", f"{sec / args.pegawai * 1e6:.0f}")
    Console().print(table)


if __name__ == "__main__":
    main()
