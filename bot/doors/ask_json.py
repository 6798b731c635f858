"""The core's replies as one JSON object: the shape of ``talenta ask --json``.

The object is one of the models of :mod:`bot.doors.ask_output` (whose generated schema is
``docs/ask-output.schema.json``; the field list is ``docs/ask-door.md``). ``intent`` comes from
the command table: the entry whose reply kind the core produced (or, for a refusal, the entry
the question asked for); ``text`` is what the person would read (the reply without HTML tags);
the rest comes from the structured payload the core attached where it built the reply
(:mod:`bot.chat.reply_data`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.chat.access import Identity, Role
from bot.chat.replies import Refusal, Reply
from bot.chat.reply_data import OwnProfileData, PersonData, PoolData, SearchData, Shown
from bot.doors import ask_output as out
from bot.doors.ask_profile import access_events, merit_facts
from bot.doors.console import to_text
from bot.ports.services import CandidatePage, NotRanked, Opportunities, RegulationAnswer
from bot.router.clarify import LABELS
from bot.router.commands import COMMANDS, CommandTable
from bot.router.intents import Intent
from db.engine import Engine, Session
from db.queries.org import instansi_codes
from knowledge.corpus import Corpus
from knowledge.rules import MeritSettings
from retrieval.people.merit import CriterionLine

log = logging.getLogger("talenta.answer_json")

# Reply kinds of the router itself (not of a command) and the intent the door gives them.
ROUTER_KINDS = {
    "clarify": "tidak_jelas",
    "ask_more": "tidak_jelas",
    "unknown_command": "tidak_jelas",
    "too_long": "tidak_jelas",
    "unavailable": "tidak_tersedia",
    "failed": "tidak_tersedia",
}

EXIT_OK, EXIT_ERROR, EXIT_REFUSED = 0, 1, 3
HISTORY_LIMIT = 10


# Free-text readings no command stands for, and the intent the door gives them.
ROUTED_ELSEWHERE = {
    Intent.rule_check: "cek_aturan",
    Intent.access_history: "lainnya",
    Intent.out_of_scope: "lainnya",
}


def asked_intent(question: str, role: Role, commands: CommandTable = COMMANDS) -> str:
    """What the question asks for (used to name a refusal, which has no answer kind)."""
    text = question.strip()
    if text.startswith("/"):
        head, _, args = text[1:].partition(" ")
        return commands.intent_of(head.split("@")[0].lower(), args) or "tidak_jelas"
    from bot.router.training import default_router

    routed = default_router().route(text, role)
    if routed.ask:
        return "tidak_jelas"
    found = commands.routed_intents().get(routed.intent)
    return found or ROUTED_ELSEWHERE.get(routed.intent, "tidak_jelas")


@dataclass(frozen=True)
class JsonContext:
    """What the door knows besides the replies: who asked, when, how to cite, and the
    command table the core runs (for the intent names)."""

    engine: Engine
    corpus: Corpus
    merit: MeritSettings
    identity: Identity
    tanggal: date
    operator_view: bool = False
    include_ineligible: bool = False
    commands: CommandTable = COMMANDS

    def cite(self, ids: Iterable[str]) -> list[out.CitationJson]:
        """Provision ids → citations, deduplicated, in order.

        An id the corpus does not hold falls back to its regulation as a whole (never an
        invented article); an unknown regulation is left out and logged.
        """
        found: list[out.CitationJson] = []
        seen: set[str] = set()
        for pid in ids:
            use = pid if self.corpus.has(pid) else pid.split(":", 1)[0]
            if use in seen:
                continue
            seen.add(use)
            if not self.corpus.has(use):
                log.warning("citation not in corpus", extra={"provision_id": pid})
                continue
            found.append(out.CitationJson.model_validate(self.corpus.citation(use).model_dump()))
        return found


@dataclass(frozen=True)
class Answer:
    obj: dict[str, Any]
    exit_code: int
    pegawai_ids: tuple[int, ...]  # every employee the object names (for the audit entry)


def build(replies: Sequence[Reply], question: str, ctx: JsonContext) -> Answer:
    """One object for what the core replied to one question (the last reply is the answer)."""
    last = replies[-1]
    text = "\n\n".join(_with_options(r) for r in replies)
    data = last.data
    tanggal = ctx.tanggal.isoformat()
    if isinstance(data, Refusal):
        refusal = out.RefusedAnswer(
            intent=asked_intent(question, ctx.identity.role, ctx.commands),
            refused=True,
            reason=out.RefusalReason(data.reason),
            text=text,
            citations=[],
            tanggal=tanggal,
        )
        return Answer(_dump(refusal), EXIT_REFUSED, ())
    answer, ids = _answer(last, data, question, text, ctx)
    code = EXIT_ERROR if last.kind in ("error", "failed") else EXIT_OK
    return Answer(_dump(answer), code, tuple(dict.fromkeys(ids)))


# Replies that ask which reading, post or unit was meant: here no button can be pressed, so
# their labels are written under the question for the asker to ask again with one of them.
ASKING_KINDS = frozenset({"clarify", "choose_position", "choose_unit"})


def _with_options(reply: Reply) -> str:
    text = to_text(reply.html).strip()
    if reply.kind not in ASKING_KINDS or not reply.buttons:
        return text
    # "Bukan semuanya" (none of these) is an answer to press, not a thing to ask again.
    none_of_these = LABELS[Intent.out_of_scope]
    labels = [b.label for row in reply.buttons for b in row if b.label != none_of_these]
    return text + "\n" + "\n".join(f"{n}. {label}" for n, label in enumerate(labels, start=1))


def _answer(
    last: Reply, data: object, question: str, text: str, ctx: JsonContext
) -> tuple[out.Out, list[int]]:
    """The answer model for the reply's payload, and the employees it names."""
    tanggal = ctx.tanggal.isoformat()
    if isinstance(data, SearchData):
        answer = _search(data, text, ctx)
        # Everyone the answer is about, named or coded: the audit entry's subjects.
        scope = ctx.identity.instansi_ids
        left = [*data.page.not_ranked, *(data.page.ineligible if ctx.include_ineligible else ())]
        ids = [s.candidate.pegawai_id for s in data.shown]
        ids += [n.pegawai_id for n in left if n.instansi_id in scope]
        return answer, ids
    if isinstance(data, PersonData):
        person = out.PersonAnswer(
            intent="profil_pegawai",
            text=text,
            citations=[],
            tanggal=tanggal,
            person=_person(data, ctx),
        )
        return person, [data.profile.pegawai_id]
    if isinstance(data, OwnProfileData):
        profile, cites = _own_profile(data, ctx)
        own = out.OwnProfileAnswer(
            intent="profil_saya",
            text=text,
            citations=ctx.cite(cites),
            tanggal=tanggal,
            profile=profile,
        )
        return own, [data.profile.pegawai_id]
    if isinstance(data, Opportunities):
        items = [
            out.OpportunityJson(
                position=out.OpportunityPositionJson(id=o.jabatan_id, title=o.jabatan),
                unit=o.unit,
                gaps=list(o.gaps),
                citations=ctx.cite(o.citations),
            )
            for o in data.items
        ]
        opportunities = out.OpportunitiesAnswer(
            intent="peluang", text=text, citations=[], tanggal=tanggal, opportunities=items
        )
        return opportunities, [data.pegawai_id]
    if isinstance(data, PoolData):
        pool = out.TalentPoolAnswer(
            intent="talentpool",
            text=text,
            citations=[],
            tanggal=tanggal,
            talentpool=_pool(data, ctx),
        )
        return pool, [e.pegawai_id for e in data.entries]
    citations: list[out.CitationJson] = []
    if isinstance(data, RegulationAnswer):
        intent = _regulation_intent(data)
        citations = ctx.cite(c.id for c in data.citations)
    elif last.kind == "candidates":
        # A reopened list (/daftar SL-…) or several people matching a name: text only.
        asked = asked_intent(question, ctx.identity.role, ctx.commands)
        intent = asked if asked == "daftar_kandidat" else "profil_pegawai"
    else:
        kinds = {**ctx.commands.reply_intents(), **ROUTER_KINDS}
        intent = kinds.get(last.kind, "lainnya")
    plain = out.PlainAnswer(intent=intent, text=text, citations=citations, tanggal=tanggal)
    return plain, []


def _dump(model: out.Out) -> dict[str, Any]:
    obj = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return {k: _jsonable(v) for k, v in obj.items()}


def _regulation_intent(a: RegulationAnswer) -> str:
    if a.intent in out.REGULATION_INTENTS:
        return a.intent
    return "regulasi" if a.found else "tidak_ditemukan"


def _codes(engine: Engine) -> dict[int, str]:
    with Session(engine) as s:
        return instansi_codes(session=s)


def _criterion(c: CriterionLine, ctx: JsonContext) -> out.CriterionJson:
    return out.CriterionJson(
        criterion=c.kriteria,
        requirement=c.syarat,
        value=c.nilai,
        passed=c.ok,
        citations=ctx.cite(c.citations),
    )


def _verdict(criteria: Sequence[CriterionLine]) -> bool | None:
    if any(c.ok is False for c in criteria):
        return False
    return None if any(c.ok is None for c in criteria) else True


def _candidate(
    s: Shown, page_scheme: str | None, codes: dict[int, str], ctx: JsonContext
) -> out.CandidateJson:
    p, r = s.candidate.person, s.candidate.ranking
    comp = r.components
    unmask = ctx.operator_view
    return out.CandidateJson(
        rank=s.rank,
        pegawai_id=p.pegawai_id,
        nip=p.nip if unmask else s.nip,
        nama=p.nama if unmask else s.nama,
        instansi=codes.get(p.instansi_id),
        jabatan=p.jabatan,
        golongan=p.golongan,
        unit=p.unit,
        score=r.score,
        components=out.ComponentsJson(
            relevance=comp.get("relevance"),
            jpm=out.JpmScoreJson(
                value=r.jpm, label=r.jpm_label, scheme=page_scheme, score=comp.get("jpm")
            ),
            ninebox=out.NineboxScoreJson(
                box=r.kotak, official=r.kotak_resmi, score=comp.get("ninebox")
            ),
            kinerja=out.KinerjaScoreJson(value=r.kinerja, score=comp.get("kinerja")),
        ),
        eligibility=out.EligibilityJson(
            eligible=_verdict(r.eligibility),
            criteria=[_criterion(x, ctx) for x in r.eligibility],
        ),
        flags=list(r.flags),
        reasons=list(s.candidate.reasons),
        citations=ctx.cite(r.citations),
    )


def _left_out(n: NotRanked, codes: dict[int, str], ctx: JsonContext) -> out.LeftOutJson:
    if n.failing:
        return out.LeftOutJson(
            pegawai_id=n.pegawai_id,
            instansi=codes.get(n.instansi_id),
            failing=[_criterion(x, ctx) for x in n.failing],
        )
    return out.LeftOutJson(
        pegawai_id=n.pegawai_id, instansi=codes.get(n.instansi_id), missing=list(n.missing)
    )


def _position(page: CandidatePage, ctx: JsonContext) -> out.PositionJson:
    return out.PositionJson(
        id=page.position_id,
        title=page.position,
        jpm_scheme=page.jpm_scheme,
        choices=[out.PositionRefJson(id=c.jabatan_id, title=c.label) for c in page.choices],
        units=[out.UnitRefJson(title=u.name, count=u.count, id=u.jabatan_id) for u in page.units],
        requirements=[_criterion(x, ctx) for x in page.hard_criteria],
    )


def _blind_candidate(s: Shown) -> out.BlindCandidateJson:
    b = s.blind or {}
    return out.BlindCandidateJson(
        rank=s.rank,
        code=f"Kandidat #{s.rank}",
        tie=s.tie,
        golongan=b.get("golongan"),
        jenis=b.get("jenis"),
        kotak=b.get("kotak"),
    )


def _blind_left_out(n: NotRanked, codes: dict[int, str]) -> out.BlindLeftOutJson:
    if n.failing:
        return out.BlindLeftOutJson(
            instansi=codes.get(n.instansi_id), failing=[x.kriteria for x in n.failing]
        )
    return out.BlindLeftOutJson(instansi=codes.get(n.instansi_id), missing=list(n.missing))


def _search(d: SearchData, text: str, ctx: JsonContext) -> out.SearchAnswer:
    if d.blind and not ctx.operator_view:
        return _blind_search(d, text, ctx)
    page, codes = d.page, _codes(ctx.engine)
    scope = ctx.identity.instansi_ids
    position = _position(page, ctx)
    answer = out.SearchAnswer(
        intent="cari_kandidat",
        text=text,
        citations=ctx.cite(_search_citations(d)),
        tanggal=ctx.tanggal.isoformat(),
        query=page.query,
        position=position,
        total=page.total,
        excluded=page.excluded,
        shortlist_ref=d.ref,
        blind=d.blind and not ctx.operator_view,
        candidates=[_candidate(s, page.jpm_scheme, codes, ctx) for s in d.shown],
        # Defence in depth, as for the ranked list: nobody outside the asker's agencies.
        not_ranked=[_left_out(n, codes, ctx) for n in page.not_ranked if n.instansi_id in scope],
    )
    if ctx.include_ineligible:
        answer.ineligible = [
            _left_out(n, codes, ctx) for n in page.ineligible if n.instansi_id in scope
        ]
    return answer


def _blind_search(d: SearchData, text: str, ctx: JsonContext) -> out.SearchAnswer:
    """A blind-first list as the PPK sees it: coded rows with the blind facts only, and who
    was left out told by agency and requirement, never by id or name."""
    page, codes = d.page, _codes(ctx.engine)
    scope = ctx.identity.instansi_ids
    answer = out.SearchAnswer(
        intent="cari_kandidat",
        text=text,
        citations=ctx.cite(_search_citations(d)),
        tanggal=ctx.tanggal.isoformat(),
        query=page.query,
        position=_position(page, ctx),
        total=page.total,
        excluded=page.excluded,
        shortlist_ref=d.ref,
        blind=True,
        candidates=[_blind_candidate(s) for s in d.shown],
        not_ranked=[_blind_left_out(n, codes) for n in page.not_ranked if n.instansi_id in scope],
    )
    if ctx.include_ineligible:
        answer.ineligible = [
            _blind_left_out(n, codes) for n in page.ineligible if n.instansi_id in scope
        ]
    if d.conflict_note:
        answer.conflict_note = d.conflict_note
    return answer


def _search_citations(d: SearchData) -> list[str]:
    ids = [c for x in d.page.hard_criteria for c in x.citations]
    for s in d.shown:
        ids.extend(s.candidate.ranking.citations)
        ids.extend(c for x in s.candidate.ranking.eligibility for c in x.citations)
    return ids


def _person(d: PersonData, ctx: JsonContext) -> out.PersonJson:
    p = d.profile
    return out.PersonJson(
        pegawai_id=p.pegawai_id,
        nama=p.nama,
        nip=p.nip if ctx.operator_view else d.nip,
        instansi=_codes(ctx.engine).get(p.instansi_id),
        jabatan=p.jabatan,
        golongan=p.golongan,
        unit=p.unit,
        facts=[out.FactJson(label=label, value=value) for label, value in p.facts],
    )


def _own_profile(d: OwnProfileData, ctx: JsonContext) -> tuple[out.OwnProfileJson, list[str]]:
    p = d.profile
    facts: dict[str, Any] = {"ninebox": None, "jpm": None, "succession": None}
    cites: list[str] = []
    merit = merit_facts(ctx.engine, p.pegawai_id, as_of=ctx.tanggal, merit=ctx.merit)
    for key, cited in (merit or {}).items():
        value = dict(cited.value)
        if "criteria" in value:
            value["criteria"] = [
                {**line, "citations": ctx.cite(line["citations"])} for line in value["criteria"]
            ]
        facts[key] = {**value, "citations": ctx.cite(cited.citations)}
        cites.extend(cited.citations)
    history = (
        access_events(ctx.engine, p.pegawai_id, HISTORY_LIMIT) if d.history is not None else None
    )
    profile = out.OwnProfileJson.model_validate(
        {
            "pegawai_id": p.pegawai_id,
            "nama": p.nama,
            "nip": p.nip,
            "instansi": _codes(ctx.engine).get(p.instansi_id),
            "jabatan": p.jabatan,
            "golongan": p.golongan,
            "unit": p.unit,
            "facts": [{"label": label, "value": value} for label, value in p.facts],
            **facts,
            "access_history": history,
        }
    )
    return profile, cites


def _pool(d: PoolData, ctx: JsonContext) -> out.TalentPoolJson:
    codes = _codes(ctx.engine)
    # Shown entries have masked NIPs; the operator view reads the same people unmasked.
    entries = d.pool.entries[: len(d.entries)] if ctx.operator_view else d.entries
    return out.TalentPoolJson(
        unit=d.pool.unit,
        box_counts={str(k): v for k, v in sorted(d.pool.box_counts.items(), reverse=True)},
        show_names=d.show_names,
        entries=[
            out.PoolEntryJson(
                pegawai_id=e.pegawai_id,
                nama=e.nama,
                nip=e.nip,
                instansi=codes.get(e.instansi_id),
                jabatan=e.jabatan,
                box=e.kotak,
                year=e.tahun,
            )
            for e in entries
        ],
    )


def _jsonable(obj: Any) -> Any:
    """Floats rounded for stable output; everything else as is."""
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    return obj
