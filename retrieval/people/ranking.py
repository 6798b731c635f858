"""Candidate ranking: hard criteria in SQL, retrieval inside the eligible set, merit scoring.

Score (docs/search.md)::

    score = (w_rel·relevance + w_jpm·JPM/100 + w_box·(box−1)/8 + w_kin·performance
             + w_bid·bidang) / (sum of the weights used)

relevance = min-max normalised fused score within the scored pool (0–1); performance =
mean of the last two predicates on a 0–1 scale. A missing component counts 0 and is named in
``missing``. Dividing by the weights used keeps the score in 0–1, and 1.000 only when every
component is at its maximum.
Eligibility is a gate, not a term: only people who pass every criterion are ranked. Field fit
(``knowledge.rules.field_fit``) gates merit: a position's list is ordered by field tier first,
so someone from an unrelated field never outranks a qualified person from the right field. For
a free-text need without a position the JPM and field terms are left out.
"""

from __future__ import annotations

import numpy as np
from sqlmodel import Session, col, select

from db.models import Jabatan, Pegawai, RiwayatPendidikan, UnitKerja
from knowledge.rules import PositionFacts
from knowledge.work_vocabulary import NeedReading, read_need
from retrieval.people.context import SearchContext
from retrieval.people.errors import OutOfScope
from retrieval.people.explain import evidence
from retrieval.people.hard_criteria import HardCriteria, active_ids, failing, hard_criteria
from retrieval.people.merit import (
    CriterionLine,
    MeritAssessment,
    flags_of,
    position_facts,
)
from retrieval.people.position_vectors import position_query
from retrieval.people.positions import PositionChoice
from retrieval.people.recheck import recheck, recheck_versions
from retrieval.people.results import Candidate, Excluded, Incomplete, SearchResult
from retrieval.people.retrieve import Hit, retrieve
from retrieval.people.shard import Shard


class Ranker:
    """Ranks candidates with what :class:`SearchContext` gives it (never the whole service)."""

    def __init__(self, context: SearchContext):
        self.ctx = context
        # Position lists ordered by field tier before score (evaluation turns it off to
        # measure what the gate changes).
        self.field_gate = True

    def _weights(self) -> tuple[float, float, float, float, float]:
        w = self.ctx.settings.weights
        return w.relevance, w.jpm, w.ninebox, w.kinerja, w.bidang

    def _retrieve(
        self,
        shards: dict[int, Shard],
        vector: np.ndarray,
        text: str,
        *,
        k: int,
        allowed: np.ndarray | None,
    ) -> list[Hit]:
        """:func:`retrieve` with the service's fusion settings (α of its encoder)."""
        st = self.ctx.settings
        return retrieve(
            shards,
            vector,
            text,
            k=k,
            allowed=allowed,
            rrf_k=st.rrf_k,
            weights=(st.fusion_dense_weight, st.fusion_lexical_weight),
            nprobe=st.ivf_nprobe,
            fusion=st.fusion,
            alpha=st.alpha_for(self.ctx.encoder_name),
        )

    def for_position(
        self,
        jabatan_id: int,
        *,
        scope: frozenset[int],
        need: str | None,
        include_ineligible: bool,
        limit: int,
        include_higher: bool = False,
    ) -> SearchResult:
        ctx = self.ctx
        today = ctx.today()
        with Session(ctx.engine) as session:
            jab = session.get(Jabatan, jabatan_id)
            if jab is None or jab.instansi_id not in scope:
                raise OutOfScope("Jabatan itu tidak ada di instansi yang boleh Anda lihat.")
            unit = session.get(UnitKerja, jab.unit_id)
            crit = hard_criteria(jab, tanggal=today, settings=ctx.merit)
            facts = position_facts(session, jabatan_id)
            incumbents = np.fromiter(
                session.execute(
                    select(Pegawai.id).where(col(Pegawai.jabatan_id) == jab.id)
                ).scalars(),
                dtype=np.int64,
            )
            query = need or position_query(session, jab)
        shards = ctx.shards.for_scope(scope)
        # The hard criteria as numpy masks over the snapshot of this index generation
        # (criteria_snapshot.py; the SQL twin in criteria.py is the reference).
        snapshot = ctx.shards.criteria_snapshot()
        # Sorted unique id arrays everywhere: assume_unique skips numpy's hashing (~13 ms).
        incumbents = np.unique(incumbents)
        allowed = np.setdiff1d(snapshot.eligible(crit, scope), incumbents, assume_unique=True)
        # No demotion: people already in a higher structural class (a Sekda for a Kabid) are
        # not proposed unless asked for (``include_higher``).
        demoted = np.zeros(0, dtype=np.int64)
        if not include_higher:
            demoted = np.intersect1d(
                allowed, snapshot.higher_class(jab.jenis, scope), assume_unique=True
            )
            allowed = np.setdiff1d(allowed, demoted, assume_unique=True)
        lacking = set(
            np.setdiff1d(
                np.setdiff1d(snapshot.incomplete(crit, scope), incumbents, assume_unique=True),
                allowed,
                assume_unique=True,
            ).tolist()
        )
        qv = ctx.vectors.encode_query(query)
        hits = self._retrieve(shards, qv, query, k=ctx.settings.candidate_pool, allowed=allowed)
        choice = PositionChoice(
            jabatan_id, jab.instansi_id, jab.nama, unit.nama if unit else "", "", 100.0
        )
        pool = frozenset(allowed.tolist())
        result = SearchResult(
            query=query,
            position=choice,
            eligible_count=len(allowed),
            pool_ids=pool,
        )
        result.hard_criteria = [
            CriterionLine(code, text, "terpenuhi", True, cites)
            for code, text, cites in crit.describe()
        ]
        self._rank(result, hits, facts, scope, limit)
        # Those the merit rules found failing were in the SQL-eligible set; they leave the pool.
        result.pool_ids = pool - {e.pegawai_id for e in result.excluded}
        result.incomplete = self._incomplete_hard(lacking, scope, crit) + result.incomplete
        if include_ineligible:
            others = np.setdiff1d(
                np.asarray(self._active(scope), dtype=np.int64),
                np.concatenate([allowed, np.fromiter(lacking, dtype=np.int64), incumbents]),
            )
            far = self._retrieve(shards, qv, query, k=limit, allowed=others)
            result.excluded = (
                self._explain_ineligible(far, crit, scope, set(demoted.tolist()), jab.jenis)
                + result.excluded
            )
        return result

    def need_hits(
        self, text: str, *, scope: frozenset[int], expand: bool = True
    ) -> tuple[list[Hit], NeedReading | None, str]:
        """Retrieval for a need in the asker's words, searched together with the official
        nomenclature the vocabulary of government work reads it as (``expand``;
        docs/search.md): (hits, the reading, the text searched)."""
        ctx = self.ctx
        shards = ctx.shards.for_scope(scope)
        reading = read_need(text) if expand else None
        searched = f"{text} {' '.join(reading.terms)}" if reading and reading.terms else text
        hits = self._retrieve(
            shards,
            ctx.vectors.encode_query(searched),
            searched,
            k=ctx.settings.candidate_pool,
            allowed=None,
        )
        return hits, reading, searched

    def for_need(
        self, text: str, *, scope: frozenset[int], limit: int, expand: bool = True
    ) -> SearchResult:
        hits, reading, searched = self.need_hits(text, scope=scope, expand=expand)
        result = SearchResult(
            query=text,
            reading=reading.readings if reading else [],
            searched=searched if searched != text else None,
        )
        self._rank(result, hits, None, scope, limit)
        return result

    def _active(self, scope: frozenset[int]) -> list[int]:
        with Session(self.ctx.engine) as session:
            return active_ids(session, scope)

    def _rank(
        self,
        result: SearchResult,
        hits: list[Hit],
        jab: PositionFacts | None,
        scope: frozenset[int],
        limit: int,
    ) -> None:
        ctx = self.ctx
        current = recheck_versions(ctx.engine, [h.pegawai_id for h in hits], scope)
        alive = {pid: inst for pid, (inst, _v) in current.items()}
        hits = [h for h in hits if h.pegawai_id in alive]
        if not hits:
            return
        today = ctx.today()
        with Session(ctx.engine) as session:
            merit = ctx.merit_cache.assess(
                session,
                {h.pegawai_id: current[h.pegawai_id][1] for h in hits},
                position=jab,
                position_key=None if jab is None else repr(jab),
                today=today,
                settings=ctx.merit,
            )
        # Min-max over the pool: RRF scores are nearly flat at the top (1/61 vs 1/62), so
        # dividing by the best would call every candidate equally relevant.
        top, low = max(h.fused for h in hits), min(h.fused for h in hits)
        spread = top - low
        w_rel, w_jpm, w_box, w_kin, w_bid = self._weights()
        if jab is None:
            w_jpm = w_bid = 0.0
        total = (w_rel + w_jpm + w_box + w_kin + w_bid) or 1.0
        ranked: list[Candidate] = []
        for h in hits:
            m = merit.get(h.pegawai_id)
            if m is None:
                continue
            if m.failing:
                result.excluded.append(Excluded(h.pegawai_id, alive[h.pegawai_id], m.failing))
                continue
            if len(m.missing) >= 2:
                result.incomplete.append(Incomplete(h.pegawai_id, alive[h.pegawai_id], m.missing))
                continue
            comp = {
                "relevance": (h.fused - low) / spread if spread > 0 else 1.0,
                "jpm": (m.jpm or 0.0) / 100.0,
                "ninebox": ((m.kotak - 1) / 8.0) if m.kotak else 0.0,
                "kinerja": m.kinerja or 0.0,
            }
            if jab is not None:
                comp["bidang"] = m.bidang or 0.0
            score = (
                w_rel * comp["relevance"]
                + w_jpm * comp["jpm"]
                + w_box * comp["ninebox"]
                + w_kin * comp["kinerja"]
                + w_bid * comp.get("bidang", 0.0)
            ) / total
            ranked.append(_candidate(h, alive[h.pegawai_id], score, comp, m, result))
        gate = self.field_gate
        ranked.sort(key=lambda c: (-(c.field_tier or 0) if gate else 0, -c.score, c.pegawai_id))
        result.candidates = ranked[:limit]
        with Session(ctx.engine) as session:
            facts = ctx.merit_cache.facts(
                session, {c.pegawai_id: current[c.pegawai_id][1] for c in result.candidates}
            )
        for c in result.candidates:
            emp = facts.get(c.pegawai_id)
            c.flags = flags_of(emp, today) if emp is not None else []
        self._attach_evidence(
            result.candidates,
            result.searched or result.query,
            {pid: v for pid, (_i, v) in current.items()},
        )

    def _attach_evidence(
        self, candidates: list[Candidate], query: str, versions: dict[int, int]
    ) -> None:
        if not candidates:
            return
        with Session(self.ctx.engine) as session:
            texts = self.ctx.merit_cache.profile_texts(
                session, {c.pegawai_id: versions[c.pegawai_id] for c in candidates}
            )
        for c in candidates:
            text = texts.get(c.pegawai_id)
            if text is not None:
                c.evidence = evidence(text, query)

    def _incomplete_hard(
        self, ids: set[int], scope: frozenset[int], crit: HardCriteria
    ) -> list[Incomplete]:
        alive = recheck(self.ctx.engine, ids, scope)
        if not alive:
            return []
        with Session(self.ctx.engine) as session:
            have_pend = set(
                session.execute(
                    select(RiwayatPendidikan.pegawai_id).where(
                        col(RiwayatPendidikan.pegawai_id).in_(sorted(alive))
                    )
                ).scalars()
            )
            gol = dict(
                session.execute(
                    select(Pegawai.id, Pegawai.golongan).where(col(Pegawai.id).in_(sorted(alive)))
                ).all()
            )
        out = []
        for pid in sorted(alive):
            missing = []
            if pid not in have_pend:
                missing.append("riwayat pendidikan")
            if gol.get(pid) is None:
                missing.append("golongan")
            out.append(Incomplete(pid, alive[pid], missing or ["data syarat jabatan"]))
        return out

    def _explain_ineligible(
        self,
        hits: list[Hit],
        crit: HardCriteria,
        scope: frozenset[int],
        demoted: set[int],
        jenis: str,
    ) -> list[Excluded]:
        alive = recheck(self.ctx.engine, [h.pegawai_id for h in hits], scope)
        if not alive:
            return []
        with Session(self.ctx.engine) as session:
            pegs = {
                p.id: p
                for p in session.execute(
                    select(Pegawai).where(col(Pegawai.id).in_(sorted(alive)))
                ).scalars()
            }
            jenjang: dict[int, list[str]] = {}
            for pid, j in session.execute(
                select(RiwayatPendidikan.pegawai_id, RiwayatPendidikan.jenjang).where(
                    col(RiwayatPendidikan.pegawai_id).in_(sorted(alive))
                )
            ):
                jenjang.setdefault(pid, []).append(j)
        out = []
        for h in hits:
            peg = pegs.get(h.pegawai_id)
            if peg is None:
                continue
            lines = [
                CriterionLine(f.kriteria, f.syarat, f.nilai, False, f.citations)
                for f in failing(crit, peg, jenjang.get(h.pegawai_id, []))
            ]
            if h.pegawai_id in demoted:
                lines.append(demotion_line(jenis))
            if lines:
                out.append(Excluded(h.pegawai_id, alive[h.pegawai_id], lines))
        return out


def demotion_line(jenis: str) -> CriterionLine:
    label = jenis.replace("_", " ")
    return CriterionLine(
        "kelas_jabatan",
        f"tidak sedang menduduki jabatan yang lebih tinggi dari {label}",
        "sudah menduduki jabatan yang lebih tinggi (tidak diusulkan turun jabatan)",
        False,
        ("kebijakan-talenta",),
        "Kebijakan talenta, bukan syarat undang-undang: bisa diminta dengan include_higher.",
    )


def _candidate(
    h: Hit,
    instansi_id: int,
    score: float,
    comp: dict[str, float],
    m: MeritAssessment,
    result: SearchResult,
) -> Candidate:
    return Candidate(
        pegawai_id=h.pegawai_id,
        instansi_id=instansi_id,
        score=round(score, 4),
        components={k: round(v, 4) for k, v in comp.items()},
        evidence=[],
        dense_rank=h.dense_rank,
        lexical_rank=h.lexical_rank,
        jpm=m.jpm,
        jpm_label=m.jpm_label,
        gaps=list(m.gaps),
        kotak=m.kotak,
        kotak_resmi=m.kotak_resmi,
        kotak_sumber=m.kotak_sumber,
        kinerja=m.kinerja,
        eligibility=[*result.hard_criteria, *m.lines],
        flags=list(m.flags),
        missing=list(m.missing),
        citations=tuple(
            dict.fromkeys(
                [c for line in result.hard_criteria for c in line.citations] + list(m.citations)
            )
        ),
        field_tier=m.field_tier,
        field_reason=m.field_reason,
    )
