"""Adapters from the real services (retrieval/, knowledge/) to the core's Protocols.

The search returns ids only (it stays blind to names); names, NIPs and titles are read here,
after the core has authorised the asker for the scope, and re-checked per hit by the core.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.ports.records import full_name
from bot.ports.services import (
    Candidate,
    CandidatePage,
    CitedProvision,
    Listed,
    NotRanked,
    Opportunities,
    Opportunity,
    PositionChoice,
    RegulationAnswer,
    UnitChoice,
)
from db.engine import Engine, Session
from db.models import Pegawai
from db.queries.org import instansi_codes
from db.queries.people import Placed, placed
from knowledge.rules import EmployeeFacts
from knowledge.rules.jpm import scheme
from retrieval.people.positions import PositionChoice as Post
from retrieval.people.positions import choice_labels
from retrieval.people.post_units import join
from retrieval.people.results import Candidate as Ranked
from retrieval.people.service import SearchService
from retrieval.regulations.answer import Intent
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
            found=a.intent is not Intent.tidak_ditemukan,
        )


class SearchAdapter:
    """The search's ranked ids joined once to who they are: one short read of the page's
    people (and of the position's agency code, for the JPM scheme's name)."""

    def __init__(self, engine: Engine, service: SearchService) -> None:
        self._engine = engine
        self._service = service

    def merit_facts(self, pegawai_ids: Sequence[int]) -> Mapping[int, EmployeeFacts]:
        return self._service.merit_facts(pegawai_ids)

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
        unit: str | None = None,
        unit_reply: str | None = None,
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
                unit=unit,
                unit_reply=unit_reply,
            )
        if result.unit_reply_unmatched:
            return CandidatePage(query, (), 0, unit_reply_unmatched=True)
        if result.post_not_found:
            return CandidatePage(query, (), 0, self._service.today(), post_not_found=True)
        if result.ambiguous:
            choices = tuple(
                PositionChoice(c.jabatan_id, label[:120])
                for c, label in zip(result.choices, choice_labels(result.choices), strict=True)
            )
            units = tuple(
                UnitChoice(
                    g.name,
                    len(g.choices),
                    g.choices[0].jabatan_id if len(g.choices) == 1 else None,
                    join(result.unit_path, g.step),
                    agency=g.level == 0,
                )
                for g in result.units
            )
            return CandidatePage(
                query,
                (),
                0,
                self._service.today(),
                choices=choices[:6],
                units=units,
                unit_path=result.unit_path,
            )
        page = result.candidates[offset : offset + limit]
        position = result.position
        with Session(self._engine) as s:
            people = placed(session=s, pegawai_ids=[c.pegawai_id for c in page])
            codes = instansi_codes(session=s, ids=[position.instansi_id]) if position else {}
        items = tuple(
            Candidate(_listed(people[c.pegawai_id]), c, _reasons(c))
            for c in page
            if c.pegawai_id in people
        )
        kode = codes.get(position.instansi_id) if position else None
        return CandidatePage(
            query,
            items,
            len(result.candidates),
            self._service.today(),  # the reference date of the ranking
            position=position.nama if position else None,
            position_unit=post_place(position, many_agencies=len(scope) > 1) if position else None,
            excluded=len(result.excluded),
            position_id=position.jabatan_id if position else None,
            jpm_scheme=scheme(self._service.merit.skema_for(kode)).name if kode else None,
            hard_criteria=tuple(result.hard_criteria),
            pool_ids=result.pool_ids,
            not_ranked=tuple(
                NotRanked(i.pegawai_id, i.instansi_id, missing=tuple(i.missing))
                for i in result.incomplete
            ),
            ineligible=tuple(
                NotRanked(e.pegawai_id, e.instansi_id, failing=tuple(e.failing))
                for e in result.excluded
            )
            if include_ineligible
            else (),
            reading=tuple(result.reading),
        )


def _listed(row: Placed) -> Listed:
    p = row.pegawai
    assert p.id is not None
    return Listed(
        p.id, p.instansi_id, full_name(p), p.nip, row.jabatan or "-", p.golongan, row.unit
    )


def _reasons(c: Ranked) -> tuple[str, ...]:
    reasons = []
    if c.field_tier is not None and c.field_reason:
        reasons.append(c.field_reason)
    if c.jpm_label:
        reasons.append(f"JPM {c.jpm_label}")
    if c.kotak:
        reasons.append(f"kotak {c.kotak}{' (resmi)' if c.kotak_resmi else ' (perkiraan)'}")
    reasons.extend(_short(e) for e in c.evidence[:1])
    return tuple(reasons)


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


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def post_place(post: Post, *, many_agencies: bool) -> str | None:
    """Where a post is, for a heading: its unit (unless the post's name says it), the unit
    above, the OPD, and the agency when the asker sees several. ``None`` when the name says
    it all ("Kepala Dinas Kesehatan" of the Dinas Kesehatan)."""
    name = post.nama.lower()
    parts = [post.unit] if post.unit and post.unit.lower() not in name else []
    parts += [p for p in (post.parent, post.induk) if p and p.lower() not in name]
    if many_agencies and post.instansi:
        parts.append(post.instansi.replace("Pemerintah ", ""))
    return " · ".join(dict.fromkeys(parts)) or None
