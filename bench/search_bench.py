"""Candidate-search benchmark (`make bench` → python -m bench → main()).

python -m bench.search_bench                      # 10,000 and 100,000 employees + 1M ANN
python -m bench.search_bench --pegawai 10000 --no-ann

What is real and what is synthetic (stated again in the printed table):
- employees, positions and histories: the synthetic Jambi generator, imported for real;
- profile documents: rendered, stemmed and BM25-indexed for real;
- document vectors: deterministic pseudo-random unit vectors per profile ("synthetic-384"),
  because encoding 100,000 profiles with the bundled model takes ~30 min on this machine; the
  encoding throughput of the real model is measured separately on a sample of real profiles;
- queries are encoded with the real bundled model inside every timed search (end to end);
- the 1,000,000-vector ANN test uses clustered synthetic vectors (Gaussian mixture), since
  uniformly random vectors have no neighbourhood structure and no embedding looks like them.
Medians of repeated runs: build once, time the queries many times.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from bench.ann_index import bench_ann
from bench.measure import Row, load_average, pct, peak_rss_mb, timed
from bench.real_build import bench_real_build
from db.engine import refresh_statistics
from db.models import Instansi, Jabatan, Pegawai
from retrieval.encoders.base import Encoder, word_counts
from retrieval.encoders.factory import build_encoder
from retrieval.people.profile_bm25 import ProfileBM25
from retrieval.people.profile_data import load_profiles
from retrieval.people.profile_text import encode_documents, profile_docs
from retrieval.people.service import SearchService
from retrieval.people.store import IndexStore
from retrieval.settings import EncoderSettings, SearchSettings

WORK = Path("var/bench/search")
AS_OF = date(2026, 11, 29)
NEEDS = (
    "butuh orang yang paham pengadaan barang jasa dan audit",
    "perawat gawat darurat berpengalaman",
    "penyusunan anggaran dan laporan keuangan daerah",
    "analis kebijakan publik dan evaluasi program",
    "guru penggerak kurikulum merdeka",
)
console = Console()


class BenchEncoder:
    """Pseudo-random unit vectors for documents (fast), the real model for queries."""

    def __init__(self, real: Encoder):
        self.real = real

    @property
    def name(self) -> str:
        return "synthetic-384"

    @property
    def dim(self) -> int:
        return 384

    @property
    def max_tokens(self) -> int:
        return 256

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        return word_counts(texts)

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        out = np.empty((len(texts), 384), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little")
            out[i] = np.random.default_rng(seed).standard_normal(384)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def encode_query(self, text_: str) -> np.ndarray:
        return self.real.encode([text_])[0]


def _prepare(n: int) -> Engine:
    from retrieval.eval.search_quality import prepare_data

    t = time.perf_counter()
    engine = prepare_data(WORK, pegawai=n, seed=3)
    refresh_statistics(engine)  # data cached by an older run may predate the import's ANALYZE
    console.print(f"data {n}: {time.perf_counter() - t:.0f} s (generate + import, cached)")
    return engine


def bench_size(n: int, real: Encoder, repeat: int, sample_size: int) -> list[Row]:
    engine = _prepare(n)
    rows: list[Row] = [Row("machine load average (1/5/15 min) at start", load_average(), "")]
    settings = SearchSettings(index_dir=WORK / f"index-{n}")
    enc = BenchEncoder(real)
    store = IndexStore(settings.index_dir, enc, settings)  # type: ignore[arg-type]
    with Session(engine) as s:
        active = s.exec(select(Pegawai.id).where(col(Pegawai.status) == "aktif")).all()
        scope = frozenset(int(i) for i in s.exec(select(Instansi.id)).all() if i)
        jabatan = [
            int(j)
            for j in s.exec(
                select(Jabatan.id)
                .where(col(Jabatan.jenis).in_(["administrator", "pengawas"]))
                .order_by(col(Jabatan.id))
            ).all()[:5]
            if j
        ]
    # Real-model encoding throughput on a sample of real profiles.
    with Session(engine) as s:
        sample = [d.text for d in profile_docs(load_profiles(s, list(active)[:sample_size]))]
    t = time.perf_counter()
    encode_documents(real, sample)
    rate = len(sample) / (time.perf_counter() - t)
    rows.append(
        Row(
            "encoding, bundled model",
            f"{rate:.1f} profil/s",
            f"measured on {len(sample)} real profiles; all {n:,}: "
            f"~{n / rate / 60:.0f} min (extrapolated)",
        )
    )
    t = time.perf_counter()
    store.build(engine)
    build_s = time.perf_counter() - t
    rows.append(
        Row(
            "index build (render + stem + BM25 + FAISS)",
            f"{build_s:.1f} s",
            f"{len(active)} profiles, synthetic vectors, 12 shards; with real encoding "
            f"~{(build_s + len(active) / rate) / 60:.0f} min (extrapolated)",
        )
    )
    svc = SearchService(engine, enc, settings, today=lambda: AS_OF)  # type: ignore[arg-type]
    svc.start()
    disk_mb = sum(p.stat().st_size for p in settings.index_dir.iterdir()) / 2**20
    t = time.perf_counter()
    svc.criteria_snapshot()
    snap_ms = (time.perf_counter() - t) * 1000
    rows.append(
        Row(
            "criteria snapshot load (once per index generation)",
            f"{snap_ms:.0f} ms",
            "status, PNS, education, golongan, birth date, class of every employee",
        )
    )

    def cold() -> None:  # just started, before the warm-up: no query vector, no facts
        svc.clear_query_cache()
        svc.merit_cache.clear()

    def new_query() -> None:  # after the warm-up: a position or need never searched
        svc.clear_query_cache()
        svc.merit_cache.clear_assessments()

    def warm() -> None:  # the same search again
        return None

    pos_ms: dict[str, list[float]] = {}
    need_ms: dict[str, list[float]] = {}
    pos_cpu: dict[str, list[float]] = {}
    need_cpu: dict[str, list[float]] = {}
    for label, before in (("cold", cold), ("new", new_query), ("warm", warm)):
        if label == "new":
            t = time.perf_counter()
            svc.merit_cache.clear()
            svc.start_warm_up()
            svc.wait_warm_up()
            rows.append(
                Row(
                    "warm-up after start (merit facts of everyone, background thread)",
                    f"{time.perf_counter() - t:.1f} s",
                    f"{svc.merit_cache.loads:,} loads so far; searches meanwhile load on demand",
                )
            )
        pos_ms[label], pos_cpu[label] = [], []
        for jid in jabatan:
            pos_ms[label] += timed(
                lambda jid=jid: svc.for_position(jid, scope=scope),
                repeat,
                before,
                pos_cpu[label],
            )
        need_ms[label], need_cpu[label] = [], []
        for need in NEEDS:
            need_ms[label] += timed(
                lambda need=need: svc.for_need(need, scope=scope), repeat, before, need_cpu[label]
            )
    for label, what in (
        ("cold", "just started, before the warm-up: query encoded, merit facts loaded"),
        ("new", "after the warm-up, never searched: rules evaluated, need encoded"),
        ("warm", "same search again: query vector and assessments cached"),
    ):
        for kind, ms, cpu in (("position", pos_ms, pos_cpu), ("need", need_ms, need_cpu)):
            rows.append(
                Row(
                    f"{kind} search p50 / p95, {label}",
                    f"{pct(ms[label], 50):.0f} / {pct(ms[label], 95):.0f} ms "
                    f"(CPU {pct(cpu[label], 50):.0f} / {pct(cpu[label], 95):.0f})",
                    f"{len(jabatan) if kind == 'position' else len(NEEDS)} × {repeat}; {what}",
                )
            )
    # Baselines on the same data: brute force over all vectors, and SQL LIKE.
    from sentence_transformers import util

    shards = svc.shards_for(scope)
    all_ids = np.concatenate([sh.ids for sh in shards.values()])
    with Session(engine) as s:
        docs = profile_docs(load_profiles(s, all_ids.tolist()))
    import torch

    corpus = torch.from_numpy(enc.encode([d.text for d in docs]))

    def brute(need: str) -> None:
        q = torch.from_numpy(enc.encode_query(need)).unsqueeze(0)
        util.semantic_search(q, corpus, top_k=10)

    brute_ms: list[float] = []
    brute_cpu: list[float] = []
    for need in NEEDS:
        brute_ms += timed(lambda need=need: brute(need), repeat, new_query, brute_cpu)

    def like(need: str) -> None:
        word = max(need.split(), key=len)
        with engine.connect() as conn:
            conn.execute(
                text(
                    "SELECT DISTINCT p.id FROM pegawai p JOIN diklat d ON d.pegawai_id = p.id "
                    "WHERE p.status = 'aktif' AND lower(d.nama) LIKE :w LIMIT 10"
                ),
                {"w": f"%{word.lower()}%"},
            ).all()

    like_ms: list[float] = []
    for need in NEEDS:
        like_ms += timed(lambda need=need: like(need), repeat)
    ours = pct(need_ms["new"], 50)
    rows.append(
        Row(
            "brute force semantic_search p50 (ratio to ours, need, new)",
            f"{pct(brute_ms, 50):.0f} ms ({pct(brute_ms, 50) / ours:.2f}×; "
            f"CPU {pct(brute_cpu, 50):.0f} ms)",
            "query encoding + exact cosine over all vectors; no BM25, no rules",
        )
    )
    rows.append(
        Row(
            "SQL LIKE p50 (ratio to ours, need, new)",
            f"{pct(like_ms, 50):.0f} ms ({pct(like_ms, 50) / ours:.2f}×)",
            "one keyword in training names; no ranking",
        )
    )
    rss = peak_rss_mb()  # after the warm-up: every employee's merit facts are in memory
    rows.append(Row("memory (max RSS of the process)", f"{rss:.0f} MB", f"index {disk_mb:.0f} MB"))
    rows += bench_update(engine, store, real, int(all_ids[len(all_ids) // 2]), repeat)
    rows.append(Row("machine load average (1/5/15 min) at end", load_average(), ""))
    return rows


def bench_update(
    engine: Engine, store: IndexStore, real: Encoder, pid: int, repeat: int
) -> list[Row]:
    """One employee: DB read + render + encode + FAISS remove/add, BM25 and persist apart."""
    with Session(engine) as s:
        inst = s.get(Pegawai, pid)
        assert inst is not None
        inst_id = inst.instansi_id
    shard = store.files(inst_id).load_writable(model=store.encoder.name, dim=store.encoder.dim)
    arr = np.asarray([pid], dtype=np.int64)

    def vector_update() -> None:
        # DB read + render, then the REAL model (the shard itself holds synthetic vectors).
        with Session(engine) as s:
            docs = profile_docs(load_profiles(s, [pid]))
        vectors = encode_documents(real, [d.text for d in docs])
        shard.index.remove_ids(arr)
        shard.index.add_with_ids(vectors, arr)

    vec_cpu: list[float] = []
    vec_ms = timed(vector_update, repeat, cpu=vec_cpu)
    bm25_ms = timed(lambda: ProfileBM25(shard.ids, shard.tokens), max(3, repeat // 5))
    full_ms = timed(lambda: store.update(engine, [pid]), max(3, repeat // 5))
    return [
        Row(
            "update one employee: DB + render + encode (real model) + FAISS remove/add p50",
            f"{pct(vec_ms, 50):.1f} ms (CPU {pct(vec_cpu, 50):.1f})",
            f"shard of {len(shard.ids)} vectors, in memory",
        ),
        Row(
            "  BM25 rebuild of that shard p50",
            f"{pct(bm25_ms, 50):.0f} ms",
            "bm25s cannot add documents",
        ),
        Row(
            "  whole update incl. atomic write of a new generation p50",
            f"{pct(full_ms, 50):.0f} ms",
            "load + update + BM25 + write + fsync + rename",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="search_bench")
    ap.add_argument("--pegawai", type=int, action="append")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--sample", type=int, default=1000, help="profiles encoded for real")
    ap.add_argument("--ann", type=int, default=1_000_000)
    ap.add_argument("--no-ann", action="store_true")
    ap.add_argument("--only-ann", action="store_true")
    ap.add_argument(
        "--real-build",
        type=int,
        action="append",
        default=[],
        help="also build an index of N employees with the real encoder (measured, slow)",
    )
    ap.add_argument("--encoder", default="bundled", help="encoder backend of --real-build")
    args = ap.parse_args(argv)
    sizes = [] if args.only_ann else (args.pegawai or [10_000, 100_000])
    real = build_encoder(EncoderSettings(backend="bundled")) if sizes else None
    table = Table(title="Pencarian kandidat (median dari pengulangan; lihat docs/benchmarks.md)")
    for c in ("Ukuran", "Ukuran/aksi", "Nilai", "Catatan"):
        table.add_column(c)
    for n in sizes:
        assert real is not None
        for r in bench_size(n, real, args.repeat, args.sample):
            table.add_row(f"{n:,}", r.what, r.value, r.note)
    for n in args.real_build:
        for r in bench_real_build(n, EncoderSettings(backend=args.encoder)):
            table.add_row(f"{n:,}", r.what, r.value, r.note)
    if not args.no_ann:
        for r in bench_ann(args.ann):
            table.add_row(f"{args.ann:,}", r.what, r.value, r.note)
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
