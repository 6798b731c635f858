"""Cost of the intent router: fitting it at start-up, and routing one message.

Fits the router as the assistant does (train + dev messages), then routes every dev message
one at a time, ``--repeat`` rounds, and reports wall-clock and CPU percentiles per message.
The goal is at most 10 ms p95 added per message. Run: ``python -m bench.routing_bench``.
"""

from __future__ import annotations

import argparse
import time

from rich.console import Console
from rich.table import Table

from bench.measure import load_average, pct
from bot.router.dataset import DEV_FILE, load_examples
from bot.router.training import final_examples, load_thresholds, train

GOAL_P95_MS = 10.0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5, help="rounds over the dev messages")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    examples = final_examples()
    loaded = time.perf_counter()
    router = train(examples, load_thresholds())
    fitted = time.perf_counter()
    messages = [(e.text, e.role) for e in load_examples(DEV_FILE)]
    router.route(*messages[0])  # warm-up
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(args.repeat):
        for text, role in messages:
            c = time.process_time()
            t = time.perf_counter()
            router.route(text, role)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    table = Table(title=f"Router intent ({len(examples)} pesan latih, load {load_average()})")
    for col in ("Ukuran", "Nilai", "Catatan"):
        table.add_column(col)
    table.add_row("muat data", f"{(loaded - t0) * 1000:.0f} ms", "YAML train + dev")
    table.add_row("latih (saat start)", f"{(fitted - loaded) * 1000:.0f} ms", "TF-IDF + SVM")
    for q in (50, 95, 99):
        table.add_row(f"per pesan p{q}", f"{pct(wall, q):.2f} ms", f"CPU {pct(cpu, q):.2f} ms")
    p95 = pct(wall, 95)
    verdict = "tercapai" if p95 <= GOAL_P95_MS else "TIDAK tercapai"
    table.add_row("target p95", f"≤ {GOAL_P95_MS:.0f} ms", verdict)
    table.add_row("pesan diukur", str(len(wall)), f"{len(messages)} pesan dev × {args.repeat}")
    Console().print(table)


if __name__ == "__main__":
    main()
