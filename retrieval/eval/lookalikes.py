"""People of another field in the top three of a post's list (``talenta eval lookalikes``).

On a generated dataset (fixed seed and size, :func:`retrieval.eval.search_quality.
prepare_data`), the structural posts whose field the fields vocabulary knows (not the open
ones) are searched twice, with the field gate off and on (``Ranker.field_gate``). For every
list, each of the first three slots held by someone whose field is unrelated to the post
(field tier ``lain``) counts as *another field*; it counts as *displacing* when someone of the
post's field or its rumpun is ranked below it (outranked by the unrelated field). The goal is
0 displacing slots: an unrelated field may fill the top three only when nobody of the right
field or rumpun is eligible.
No planting: the look-alikes are the generated population's own people of other fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from db.models import Jabatan
from knowledge.rules.field_fit import field_table
from retrieval.encoders.base import Encoder
from retrieval.eval.search_quality import AS_OF, prepare_data
from retrieval.people.ranking import Ranker
from retrieval.people.service import SearchService
from retrieval.settings import SearchSettings

STRUCTURAL = ("jpt_pratama", "administrator", "pengawas")
TOP = 3


@dataclass(frozen=True)
class GateCount:
    slots: int  # top-three slots filled (all posts)
    other_field: int  # of them held by someone of an unrelated field
    displacing: int  # … above someone of the right field or rumpun

    @property
    def other_share(self) -> float:
        return self.other_field / self.slots if self.slots else 0.0


@dataclass(frozen=True)
class LookalikeReport:
    posts: int
    pegawai: int
    before: GateCount  # gate off
    after: GateCount  # gate on


def posts_to_try(engine: Engine, *, agencies: int, per_agency: int) -> list[tuple[int, int]]:
    """(jabatan id, instansi id) of structural posts with a known, non-open field: the first
    ``agencies`` agencies by id, every post up to ``per_agency`` spread over the id order."""
    table = field_table()
    with Session(engine) as s:
        rows = s.exec(
            select(Jabatan.id, Jabatan.instansi_id, Jabatan.bidang)
            .where(col(Jabatan.jenis).in_(STRUCTURAL))
            .order_by(col(Jabatan.instansi_id), col(Jabatan.id))
        ).all()
    by_agency: dict[int, list[int]] = {}
    for jid, inst, bidang in rows:
        entry = table.get(bidang)
        if entry is not None and not entry.open and jid is not None:
            by_agency.setdefault(inst, []).append(jid)
    chosen: list[tuple[int, int]] = []
    for inst in sorted(by_agency)[:agencies]:
        ids = by_agency[inst]
        step = max(1, len(ids) // per_agency)
        chosen += [(jid, inst) for jid in ids[::step][:per_agency]]
    return chosen


def _count(ranker: Ranker, posts: list[tuple[int, int]], *, limit: int) -> GateCount:
    slots = other = displacing = 0
    for jid, inst in posts:
        ranked = ranker.for_position(
            jid, scope=frozenset({inst}), need=None, include_ineligible=False, limit=limit
        ).candidates
        for i, c in enumerate(ranked[:TOP]):
            slots += 1
            if c.field_tier == 0:
                other += 1
                displacing += any((b.field_tier or 0) >= 1 for b in ranked[i + 1 :])
    return GateCount(slots, other, displacing)


def evaluate_lookalikes(
    encoder: Encoder,
    settings: SearchSettings,
    *,
    workdir: Path,
    pegawai: int = 5000,
    seed: int = 7,
    agencies: int = 3,
    per_agency: int = 10,
) -> LookalikeReport:
    engine = prepare_data(workdir, pegawai=pegawai, seed=seed)
    try:
        posts = posts_to_try(engine, agencies=agencies, per_agency=per_agency)
        wanted = sorted({inst for _j, inst in posts})
        index_dir = workdir / f"lookalikes-{pegawai}-{seed}" / "index"
        st = settings.model_copy(update={"index_dir": index_dir, "warm_up": False})
        svc = SearchService(engine, encoder, st, today=lambda: AS_OF)
        svc.store.build(engine, wanted)
        svc.start()
        ranker = Ranker(svc.context)
        ranker.field_gate = False
        before = _count(ranker, posts, limit=st.candidate_pool)
        ranker.field_gate = True
        after = _count(ranker, posts, limit=st.candidate_pool)
        return LookalikeReport(len(posts), pegawai, before, after)
    finally:
        engine.dispose()
