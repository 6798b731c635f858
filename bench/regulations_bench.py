"""Latency of regulation answers in-process, after start-up (issue 4: target p95 < 50 ms).

Builds the assistant once (real corpus, bundled encoder), answers every evaluation question
once as a warm-up, then times ``RegulationAnswerer.ask`` over the questions repeated
``--repeat`` times. Run: ``python -m bench.regulations_bench --repeat 5``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from knowledge.corpus import load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.factory import build_encoder
from retrieval.eval.regulation_quality import load_eval_set
from retrieval.eval.regulation_report import DEFAULT_EVAL
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.settings import RegulationSearchSettings
from retrieval.settings import EncoderSettings


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--encoder", choices=("bundled", "hashing"), default="bundled")
    parser.add_argument("--questions", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--threads", type=int, default=EncoderSettings().torch_threads)
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    assistant = RegulationAnswerer.build(
        load_corpus(),
        build_encoder(EncoderSettings(backend=args.encoder, torch_threads=args.threads)),
        RegulationSearchSettings(cache=False),
        thresholds(),
    )
    startup = time.perf_counter() - t0
    eval_set = load_eval_set(args.questions)
    questions = [q.q for q in (*eval_set.answerable, *eval_set.unanswerable)]
    for q in questions:  # warm-up: stemmer cache, torch kernels
        assistant.ask(q)
    times: list[float] = []
    for _ in range(args.repeat):
        for q in questions:
            t = time.perf_counter()
            assistant.ask(q)
            times.append((time.perf_counter() - t) * 1000)

    table = Table(
        title=f"Jawaban regulasi ({args.encoder}, {args.threads} thread, "
        f"{len(questions)} pertanyaan)"
    )
    for col in ("Ukuran", "Nilai"):
        table.add_column(col)
    table.add_row("start-up (korpus + indeks)", f"{startup:.1f} s")
    table.add_row("jawaban diukur", str(len(times)))
    table.add_row("p50", f"{statistics.median(times):.1f} ms")
    table.add_row("p95", f"{_percentile(times, 0.95):.1f} ms")
    table.add_row("maks", f"{max(times):.1f} ms")
    Console().print(table)


if __name__ == "__main__":
    main()
