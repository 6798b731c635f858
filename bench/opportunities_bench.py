"""`/peluang` benchmark: open positions suggested to an ASN (`SearchService.positions_for`).

python -m bench.opportunities_bench                 # 10,000 employees
python -m bench.opportunities_bench --pegawai 10000 --asn 40

Data: the synthetic Jambi generator (seed 3, cached beside the search benchmark), imported for
real; texts encoded with the real bundled model. Timed end to end per ASN (open posts, field
and level fit, merit rules, encoding of what is not cached yet, ranking):
- first ask: just started, no position text encoded yet;
- p50/p95 over different ASNs afterwards: position texts are encoded once per index
  generation and kept; each ASN's own profile is encoded on their first ask.
Goal: p95 <= 300 ms at 10,000 employees.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from rich.console import Console
from rich.table import Table
from sqlmodel import Session, col, select

from bench.measure import load_average, pct
from bench.search_bench import WORK, _prepare
from db.models import Pegawai
from retrieval.encoders.factory import build_encoder
from retrieval.people.service import SearchService
from retrieval.settings import EncoderSettings, SearchSettings

AS_OF = date(2026, 11, 29)
console = Console()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pegawai", type=int, default=10_000)
    ap.add_argument("--asn", type=int, default=40, help="different ASNs timed")
    args = ap.parse_args(argv)
    engine = _prepare(args.pegawai)
    encoder = build_encoder(EncoderSettings())
    settings = SearchSettings(index_dir=WORK / f"opportunities-{args.pegawai}", warm_up=False)
    svc = SearchService(engine, encoder, settings, today=lambda: AS_OF)
    with Session(engine) as s:
        people = [
            (int(p), int(i))
            for p, i in s.exec(
                select(Pegawai.id, Pegawai.instansi_id)
                .where(col(Pegawai.status) == "aktif", col(Pegawai.jabatan_id).is_not(None))
                .order_by(col(Pegawai.id))
            ).all()
            if p
        ]
    step = max(1, len(people) // (args.asn + 1))
    sample = people[::step][: args.asn + 1]
    load = load_average()

    def ask(pid: int, inst: int) -> tuple[float, int]:
        t = time.perf_counter()
        options = svc.positions_for(pid, scope=frozenset({inst}), limit=5)
        return (time.perf_counter() - t) * 1000, len(options)

    first_ms, _ = ask(*sample[0])
    times, counts = [], []
    for pid, inst in sample[1:]:
        ms, n = ask(pid, inst)
        times.append(ms)
        counts.append(n)
    table = Table(title=f"/peluang, {args.pegawai:,} pegawai (beban {load})")
    for c in ("Ukuran", "Nilai", "Catatan"):
        table.add_column(c)
    table.add_row("first ask (nothing encoded yet)", f"{first_ms:.0f} ms", "")
    table.add_row(
        f"p50 / p95 over {len(times)} other ASNs",
        f"{pct(times, 50):.0f} / {pct(times, 95):.0f} ms",
        "goal p95 <= 300 ms",
    )
    table.add_row(
        "suggestions per ASN (mean)", f"{sum(counts) / max(1, len(counts)):.1f}", "limit 5"
    )
    console.print(table)
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
