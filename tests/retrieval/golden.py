"""Golden ids: what people and regulation search return for a fixed set of queries.

The ids were recorded (``python -m tests.retrieval.golden``) before people and regulation search
were moved onto one set of index pieces (FAISS wrapper, BM25 set-up, fusion); the golden tests
in ``people/`` and ``regulations/`` check that today's code still returns exactly those ids.
Re-record only for a change that is meant to alter rankings, and say why in the commit.

People: a generated Jambi dataset (fixed size, seed and date), positions of every kind and
needs (hand-written and generated), with the hashing encoder over every agency and the bundled
model over one agency for a handful. Regulations: the real corpus, the bundled model, every
question of ``regulations/eval_questions.yaml``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from db.models import Jabatan, Pegawai
from knowledge.corpus import load_corpus
from knowledge.rules.thresholds import thresholds
from retrieval.encoders.base import Encoder
from retrieval.encoders.factory import build_encoder
from retrieval.encoders.hashing import HashingEncoder
from retrieval.eval.search_quality import (
    AS_OF,
    DEFAULT_NEEDS,
    Need,
    generated_needs,
    prepare_data,
    rankings,
)
from retrieval.people.service import SearchService
from retrieval.regulations.answerer import RegulationAnswerer
from retrieval.regulations.normalise import normalise
from retrieval.regulations.search import Mode
from retrieval.regulations.settings import RegulationSearchSettings
from retrieval.settings import EncoderSettings, SearchSettings

HERE = Path(__file__).resolve().parent
PEOPLE_FILE = HERE / "golden_people.json"
REGULATIONS_FILE = HERE / "golden_regulations.json"
QUESTIONS = HERE / "regulations" / "eval_questions.yaml"
ROOT = HERE.parents[1]

PEGAWAI = 400
SEED = 21
TOP = 10
POSITION_KINDS = ("jpt_pratama", "administrator", "pengawas", "fungsional")
POSITIONS_PER_KIND = 3
GENERATED_NEEDS = 7
# The bundled model indexes one agency only (encoding every profile would cost minutes).
BUNDLED_POSITIONS = 4
BUNDLED_NEEDS = 3


@contextmanager
def people_data(workdir: Path) -> Iterator[Engine]:
    engine = prepare_data(workdir, pegawai=PEGAWAI, seed=SEED)
    try:
        yield engine
    finally:
        engine.dispose()


def _service(
    engine: Engine, encoder: Encoder, index_dir: Path, *, only: int | None = None
) -> SearchService:
    """A started service; with ``only``, just that agency's shard is built (others refused)."""
    settings = SearchSettings(
        index_dir=index_dir, warm_up=False, on_stale="rebuild" if only is None else "refuse"
    )
    svc = SearchService(engine, encoder, settings, today=lambda: AS_OF)
    svc.store.build(engine, None if only is None else [only])
    svc.start()
    return svc


def _positions(engine: Engine, instansi: int | None, per_kind: int) -> list[int]:
    """Positions of each kind, spread over the id range (deterministic)."""
    out: list[int] = []
    with Session(engine) as s:
        for kind in POSITION_KINDS:
            q = select(Jabatan.id).where(col(Jabatan.jenis) == kind).order_by(col(Jabatan.id))
            if instansi is not None:
                q = q.where(col(Jabatan.instansi_id) == instansi)
            ids = [int(i) for i in s.execute(q).scalars()]
            if ids:
                step = max(1, len(ids) // per_kind)
                out += ids[::step][:per_kind]
    return out


def _needs(engine: Engine) -> list[str]:
    data = yaml.safe_load((ROOT / DEFAULT_NEEDS).read_text(encoding="utf-8"))
    hand = [n["need"] for n in data["handwritten"]]
    return hand + [n.text for n in generated_needs(engine, count=GENERATED_NEEDS, seed=SEED)]


def _smallest_agency(engine: Engine, minimum: int = 20) -> int:
    with Session(engine) as s:
        rows = s.execute(
            select(Pegawai.instansi_id, func.count())
            .where(col(Pegawai.status) == "aktif")
            .group_by(col(Pegawai.instansi_id))
        ).all()
    return min((int(n), int(i)) for i, n in rows if n >= minimum)[1]


def _position_entry(svc: SearchService, jabatan_id: int, scope: frozenset[int]) -> dict[str, Any]:
    r = svc.for_position(jabatan_id, scope=scope, include_ineligible=True, limit=TOP)
    return {
        "jabatan_id": jabatan_id,
        "candidates": [c.pegawai_id for c in r.candidates],
        "excluded": [e.pegawai_id for e in r.excluded],
        "incomplete": sorted(i.pegawai_id for i in r.incomplete),
        "eligible_count": r.eligible_count,
    }


def _need_entry(svc: SearchService, text: str, scope: frozenset[int]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "need": text,
        "candidates": [c.pegawai_id for c in svc.for_need(text, scope=scope, limit=TOP).candidates],
    }
    # The retrievers alone, as `talenta eval search` runs them, with a pool of TOP.
    settings = svc.settings.model_copy(update={"candidate_pool": TOP})
    alpha = settings.alpha_for(svc.encoder.name)
    shards, vector = svc.shards_for(scope), [svc.encode_query(text)]
    for mode in ("bm25", "dense", "fused"):
        ranked = rankings(shards, [Need(text)], vector, settings, mode=mode, alpha=alpha)
        entry[mode] = ranked[0]
    return entry


def people_ids(
    engine: Engine, workdir: Path, *, bundled: Encoder | None, hashing: bool = True
) -> dict[str, Any]:
    """Golden entries of the hashing encoder and, when given, of the bundled model."""
    out: dict[str, Any] = {}
    if hashing:
        svc = _service(engine, HashingEncoder(256), workdir / "index-hashing")
        scope = frozenset(svc.loaded_instansi())
        out["hashing"] = {
            "positions": [
                _position_entry(svc, j, scope) for j in _positions(engine, None, POSITIONS_PER_KIND)
            ],
            "needs": [_need_entry(svc, n, scope) for n in _needs(engine)],
        }
    if bundled is not None:
        inst = _smallest_agency(engine)
        svc = _service(engine, bundled, workdir / "index-bundled", only=inst)
        one = frozenset({inst})
        positions = _positions(engine, inst, 1)[:BUNDLED_POSITIONS]
        out["bundled"] = {
            "instansi_id": inst,
            "positions": [_position_entry(svc, j, one) for j in positions],
            "needs": [_need_entry(svc, n, one) for n in _needs(engine)[:BUNDLED_NEEDS]],
        }
    return out


def regulation_questions() -> list[str]:
    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    return [q["q"] for q in data["answerable"]] + [q["q"] for q in data["unanswerable"]]


def regulation_ids(encoder: Encoder) -> list[dict[str, Any]]:
    assistant = RegulationAnswerer.build(
        load_corpus(), encoder, RegulationSearchSettings(cache=False), thresholds()
    )
    out = []
    for q in regulation_questions():
        entry: dict[str, Any] = {"q": q}
        for mode in Mode:
            hits = assistant.searcher.search(normalise(q), mode=mode, top_k=TOP, threshold=False)
            entry[mode.value] = [h.provision_id for h in hits.hits]
        entry["answer"] = [h.provision_id for h in assistant.search(q).hits]
        out.append(entry)
    return out


def bundled_encoder() -> Encoder:
    return build_encoder(EncoderSettings(backend="bundled"))


def main() -> None:  # pragma: no cover - run by hand to record
    import tempfile

    encoder = bundled_encoder()
    with tempfile.TemporaryDirectory() as tmp, people_data(Path(tmp)) as engine:
        people = people_ids(engine, Path(tmp), bundled=encoder)
    PEOPLE_FILE.write_text(json.dumps(people, indent=1, ensure_ascii=False) + "\n", "utf-8")
    regulations = regulation_ids(encoder)
    REGULATIONS_FILE.write_text(
        json.dumps(regulations, indent=1, ensure_ascii=False) + "\n", "utf-8"
    )
    print(f"{PEOPLE_FILE.name}, {REGULATIONS_FILE.name} written", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    main()
