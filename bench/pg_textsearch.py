"""Would PostgreSQL's `indonesian` text-search configuration help lexical search? (measured)

Used by ``python -m bench.scale_bench`` on PostgreSQL. The profile documents of the imported
data (rendered exactly as the index build renders them) go into a scratch table with a
``tsvector`` per configuration; every labelled need of ``talenta eval search``
(``tests/retrieval/people/needs.yaml``) is ranked by ``ts_rank_cd`` over the OR of its
lexemes, and by our BM25 (Indonesian stemming, ``retrieval.index.bm25``) over the same
people. Reported: hit@3 and nDCG@10 per retriever, and the median query time.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from bench.measure import Row
from db.models import Pegawai
from retrieval.eval.search_quality import DEFAULT_NEEDS, hit_at, load_needs, ndcg_at
from retrieval.people.profile_data import load_profiles
from retrieval.people.profile_text import profile_docs
from retrieval.people.retrieve import retrieve
from retrieval.people.shard import Shard
from retrieval.settings import SearchSettings

CONFIGS = ("simple", "indonesian")


def _scores(ranked: list[list[int]], rel: list[frozenset[int]]) -> tuple[float, float]:
    hits = [hit_at(r, s) for r, s in zip(ranked, rel, strict=True)]
    nd = [ndcg_at(r, s) for r, s in zip(ranked, rel, strict=True)]
    return statistics.mean(hits), statistics.mean(nd)


def measure(engine: Engine, shards: dict[int, Shard], settings: SearchSettings) -> list[Row]:
    needs = load_needs(DEFAULT_NEEDS, engine)
    rel = [n.relevant_ids for n in needs]
    pool = settings.candidate_pool
    with Session(engine) as s:
        ids = list(s.exec(select(Pegawai.id).where(col(Pegawai.status) == "aktif")).all())
        docs = profile_docs(load_profiles(s, ids))
    rows: list[Row] = []
    with engine.begin() as conn:
        conn.execute(text("CREATE TEMP TABLE bench_profile (id bigint, body text)"))
        conn.execute(
            text("INSERT INTO bench_profile VALUES (:id, :body)"),
            [{"id": d.pegawai_id, "body": d.text} for d in docs],
        )
        for cfg in CONFIGS:
            conn.execute(text(f"ALTER TABLE bench_profile ADD COLUMN tsv_{cfg} tsvector"))
            conn.execute(text(f"UPDATE bench_profile SET tsv_{cfg} = to_tsvector('{cfg}', body)"))
            conn.execute(text(f"CREATE INDEX ON bench_profile USING gin (tsv_{cfg})"))
        conn.execute(text("ANALYZE bench_profile"))
        for cfg in CONFIGS:
            ranked: list[list[int]] = []
            took: list[float] = []
            for need in needs:
                t = time.perf_counter()
                got = conn.execute(
                    text(
                        f"WITH q AS (SELECT to_tsquery('{cfg}', replace("
                        f"plainto_tsquery('{cfg}', :q)::text, '&', '|')) AS q) "
                        f"SELECT id FROM bench_profile, q WHERE tsv_{cfg} @@ q.q "
                        f"ORDER BY ts_rank_cd(tsv_{cfg}, q.q) DESC, id LIMIT :k"
                    ),
                    {"q": need.text, "k": pool},
                ).all()
                took.append((time.perf_counter() - t) * 1000)
                ranked.append([int(r[0]) for r in got])
            hit, nd = _scores(ranked, rel)
            rows.append(
                Row(
                    f"lexical hit@3 / nDCG@10, PostgreSQL '{cfg}' (ts_rank_cd)",
                    f"{hit:.3f} / {nd:.3f}",
                    f"{len(needs)} labelled needs; query p50 {statistics.median(took):.1f} ms",
                )
            )
    ranked = []
    took = []
    zero = np.zeros(next(iter(shards.values())).meta.dim, dtype=np.float32)
    for need in needs:
        t = time.perf_counter()
        hits = retrieve(
            shards,
            zero,
            need.text,
            k=pool,
            allowed=None,
            rrf_k=settings.rrf_k,
            nprobe=settings.ivf_nprobe,
            mode="bm25",
            weights=(settings.fusion_dense_weight, settings.fusion_lexical_weight),
            fusion=settings.fusion,
            alpha=0.5,
        )
        took.append((time.perf_counter() - t) * 1000)
        ranked.append([h.pegawai_id for h in hits])
    hit, nd = _scores(ranked, rel)
    rows.append(
        Row(
            "lexical hit@3 / nDCG@10, our BM25 (Indonesian stemming)",
            f"{hit:.3f} / {nd:.3f}",
            f"the same needs and people; query p50 {statistics.median(took):.1f} ms",
        )
    )
    return rows
