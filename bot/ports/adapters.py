"""Adapters from the real services (retrieval/, knowledge/) to the core's Protocols.

The search returns ids only (it stays blind to names); names, NIPs and titles are read here,
after the core has authorised the asker for the scope, and re-checked per hit by the core.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.ports.records import full_name
from bot.ports.services import (
    Candidate,
    CandidatePage,
    CitedProvision,
    Criterion,
    NotRanked,
    Opportunities,
    Opportunity,
    PositionOption,
    RegulationAnswer,
)
from db.models import Instansi, Jabatan, Pegawai, UnitKerja
from knowledge.rules.jpm import scheme
from retrieval.people.merit import CriterionLine
from retrieval.people.positions import choice_labels
from retrieval.people.results import SearchResult
from retrieval.people.service import SearchService
from retrieval.regulations.answerer import RegulationAnswerer

MAX_RESULTS = 30  # the ranking scores its whole candidate pool anyway; pages slice this


class RegulationAdapter:
    def __init__(self, assistant: RegulationAnswerer) -> None:
        self._assistant = assistant

    def answer(self, question: str) -> RegulationAnswer:
        a = self._assistant.ask(question)
        cited = tuple(
            CitedProvision(
                id=p.citation.id,
                label=p.line,
                summary=p.summary,
                verification=str(p.citation.verification),
            )
            for p in a.provisions
        )
        return RegulationAnswer(
            intent=a.intent.value,
            text=a.text,
            citations=cited,
            as_of=a.current_to,
            found=a.intent.value != "tidak_ditemukan",
        )


class SearchAdapter:
    def __init__(self, engine: Engine, service: SearchService) -> None:
        self._engine = engine
        self._service = service

    def search(
        self,
        query: str,
        *,
        scope: frozenset[int],
        limit: int,
        offset: int,
        jabatan_id: int | None = None,
        include_ineligible: bool = False,
        by_post: bool | None = None,
    ) -> CandidatePage:
        want = MAX_RESULTS
        if jabatan_id is not None:
            result = self._service.for_position(
                jabatan_id, scope=scope, limit=want, include_ineligible=include_ineligible
            )
        else:
            result = self._service.search(
                query,
                scope=scope,
                limit=want,
                include_ineligible=include_ineligible,
                by_post=by_post,
            )
        if result.post_not_found:
            return CandidatePage(query, (), 0, self._service.today(), post_not_found=True)
        if result.ambiguous:
            choices = tuple(
                PositionOption(c.jabatan_id, label[:120])
                for c, label in zip(result.choices, choice_labels(result.choices), strict=True)
            )
            return CandidatePage(query, (), 0, self._service.today(), choices=choices[:6])
        page = result.candidates[offset : offset + limit]
        ids = [c.pegawai_id for c in page]
        with Session(self._engine) as s:
            rows = {
                p.id: (p, j, u)
                for p, j, u in s.exec(
                    select(Pegawai, Jabatan, UnitKerja)
                    .join(Jabatan, col(Jabatan.id) == col(Pegawai.jabatan_id), isouter=True)
                    .join(UnitKerja, col(UnitKerja.id) == col(Pegawai.unit_id))
                    .where(col(Pegawai.id).in_(ids))
                ).all()
            }
        items = []
        for c in page:
            if c.pegawai_id not in rows:
                continue
            p, j, u = rows[c.pegawai_id]
            reasons = []
            if c.jpm_label:
                reasons.append(f"JPM {c.jpm_label}")
            if c.kotak:
                reasons.append(f"kotak {c.kotak}{' (resmi)' if c.kotak_resmi else ' (perkiraan)'}")
            reasons.extend(_short(e) for e in c.evidence[:1])
            items.append(
                Candidate(
                    pegawai_id=c.pegawai_id,
                    instansi_id=c.instansi_id,
                    nama=full_name(p),
                    nip=p.nip,
                    jabatan=j.nama if j else "-",
                    golongan=p.golongan,
                    unit=u.nama,
                    score=c.score,
                    reasons=tuple(reasons),
                    citations=c.citations,
                    components=tuple(c.components.items()),
                    jpm=c.jpm,
                    jpm_label=c.jpm_label,
                    kotak=c.kotak,
                    kotak_resmi=c.kotak_resmi,
                    kinerja=c.kinerja,
                    eligibility=_criteria(c.eligibility),
                    flags=tuple(c.flags),
                    evidence=tuple(c.evidence),
                )
            )
        return CandidatePage(
            query,
            tuple(items),
            len(result.candidates),
            self._service.today(),  # the reference date of the ranking
            position=result.position.nama if result.position else None,
            excluded=len(result.excluded),
            position_id=result.position.jabatan_id if result.position else None,
            jpm_scheme=self._scheme(result),
            hard_criteria=_criteria(result.hard_criteria),
            pool_ids=result.pool_ids,
            not_ranked=tuple(
                NotRanked(i.pegawai_id, i.instansi_id, missing=tuple(i.missing))
                for i in result.incomplete
            ),
            ineligible=tuple(
                NotRanked(e.pegawai_id, e.instansi_id, failing=_criteria(e.failing))
                for e in result.excluded
            )
            if include_ineligible
            else (),
        )

    def _scheme(self, result: SearchResult) -> str | None:
        if result.position is None:
            return None
        with Session(self._engine) as s:
            inst = s.get(Instansi, result.position.instansi_id)
        if inst is None:
            return None
        return scheme(self._service.merit.skema_for(inst.kode)).name


class OpportunityAdapter:
    def __init__(self, engine: Engine, service: SearchService) -> None:
        self._engine = engine
        self._service = service

    def opportunities(self, pegawai_id: int, *, limit: int) -> Opportunities:
        with Session(self._engine) as s:
            p = s.get(Pegawai, pegawai_id)
            scope = frozenset({p.instansi_id}) if p else frozenset()
        options = self._service.positions_for(pegawai_id, scope=scope, limit=limit)
        return Opportunities(
            pegawai_id,
            tuple(
                Opportunity(o.nama, o.unit, tuple(o.kurang), jabatan_id=o.jabatan_id)
                for o in options
            ),
            self._service.today(),
        )


def _criteria(lines: list[CriterionLine]) -> tuple[Criterion, ...]:
    return tuple(
        Criterion(line.kriteria, line.syarat, line.nilai, line.ok, tuple(line.citations))
        for line in lines
    )


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"
