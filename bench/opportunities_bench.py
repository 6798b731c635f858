"""`/peluang` benchmark: open positions suggested to an ASN (`SearchService.positions_for`).

python -m bench.opportunities_bench                 # 10,000 employees
python -m bench.opportunities_bench --pegawai 10000 --asn 40

Data: the synthetic Jambi generator (seed 3, cached beside the search benchmark), imported for
real; texts encoded with the real bundled model. The index is built (or checked, when a run
left it) before timing: it stores the open positions' vectors with each shard generation and
the profiles' vectors in the shards (retrieval/people/stored_posts.py). Timed end to end per
ASN (open posts, field and level fit, merit rules, vectors, ranking):
- first ask: the service just started;
- p50/p95 over different ASNs afterwards, each asking for the first time.
``--no-index``: without shards, every open position's text and the profile are encoded on the
request (how ``/peluang`` worked before the vectors were stored).
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
    ap.add_argument("--no-index", action="store_true", help="encode on the request instead")
    args = ap.parse_args(argv)
    engine = _prepare(args.pegawai)
    encoder = build_encoder(EncoderSettings())
    # --no-index: a folder with no shards in it, so nothing stored can be read.
    folder = f"opportunities-{'noindex-' if args.no_index else ''}{args.pegawai}"
    settings = SearchSettings(index_dir=WORK / folder, warm_up=False)
    svc = SearchService(engine, encoder, settings, today=lambda: AS_OF)
    t = time.perf_counter()
    if not args.no_index:
        svc.start()  # builds the shards on the first run (encodes every profile), then checks
    start_s = time.perf_counter() - t
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
    mode = "tanpa indeks" if args.no_index else "vektor dari indeks"
    table = Table(title=f"/peluang, {args.pegawai:,} pegawai, {mode} (beban {load})")
    for c in ("Ukuran", "Nilai", "Catatan"):
        table.add_column(c)
    if not args.no_index:
        table.add_row("service start (index built or checked)", f"{start_s:.1f} s", "")
    table.add_row("first ask after start", f"{first_ms:.0f} ms", "")
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
