"""The core's replies as one JSON object: the shape of ``talenta ask --json`` (issue 8).

``intent`` comes from the kind of reply the core produced (:data:`KIND_INTENT`), ``text`` is
what the person would read (the reply without HTML tags), ``citations`` follow issue 4's
schema, and the rest comes from the structured payload the core attached where it built the
reply (:mod:`bot.chat.reply_data`). The schema is ``docs/ask-output.schema.json``; the field list
is ``docs/ask-door.md``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.chat.access import Identity, Role
from bot.chat.replies import Refusal, Reply
from bot.chat.reply_data import OwnProfileData, PersonData, PoolData, SearchData, Shown
from bot.doors.ask_profile import access_events, merit_facts
from bot.doors.console import to_text
from bot.ports.services import Criterion, NotRanked, Opportunities, RegulationAnswer
from bot.router.intents import Intent
from db.models import Instansi
from knowledge.corpus import Corpus
from knowledge.rules import MeritSettings

log = logging.getLogger("talenta.answer_json")

# The fixed list of intents (documented in docs/ask-door.md, enforced by the schema).
REGULATION_INTENTS = ("regulasi", "cek_aturan", "tidak_ditemukan")
INTENTS = (
    *REGULATION_INTENTS,
    "cari_kandidat",  # candidate search (also: several positions matched, or nobody)
    "profil_pegawai",  # one named employee (by name or NIP)
    "bandingkan",  # two or three candidates side by side
    "profil_saya",  # the asker's own talent profile (ASN)
    "peluang",  # positions the asker could aim for (ASN)
    "talentpool",  # the agency's talent pool (names, or counts only)
    "daftar_kandidat",  # a recorded candidate list reopened by its reference
    "bantuan",  # help
    "tidak_jelas",  # the question was not understood: the reply asks for more
    "tidak_tersedia",  # the service behind the answer is not installed here
    "lainnya",  # anything else the chat can say (rate limit, log-out …)
)

KIND_INTENT = {
    "candidates": "cari_kandidat",
    "choose_position": "cari_kandidat",
    "no_candidates": "cari_kandidat",
    "candidate_detail": "profil_pegawai",
    "compare": "bandingkan",
    "compare_empty": "bandingkan",
    "profile": "profil_saya",
    "opportunities": "peluang",
    "talentpool": "talentpool",
    "citations": "regulasi",
    "help": "bantuan",
    "welcome": "bantuan",
    "clarify": "tidak_jelas",
    "ask_more": "tidak_jelas",
    "unknown_command": "tidak_jelas",
    "too_long": "tidak_jelas",
    "unavailable": "tidak_tersedia",
}

ROUTED_INTENT = {
    Intent.search_post: "cari_kandidat",
    Intent.search_need: "cari_kandidat",
    Intent.person: "profil_pegawai",
    Intent.regulation: "regulasi",
    Intent.rule_check: "cek_aturan",
    Intent.profile: "profil_saya",
    Intent.opportunities: "peluang",
    Intent.talentpool: "talentpool",
    Intent.compare: "bandingkan",
    Intent.access_history: "lainnya",
    Intent.help: "bantuan",
    Intent.logout: "lainnya",
    Intent.out_of_scope: "lainnya",
}

COMMAND_INTENT = {
    "kandidat": "cari_kandidat",
    "profil": "profil_saya",
    "peluang": "peluang",
    "aturan": "regulasi",
    "talentpool": "talentpool",
    "bandingkan": "bandingkan",
    "daftar": "daftar_kandidat",
    "bantuan": "bantuan",
    "help": "bantuan",
    "start": "bantuan",
}

EXIT_OK, EXIT_ERROR, EXIT_REFUSED = 0, 1, 3
HISTORY_LIMIT = 10


def asked_intent(question: str, role: Role) -> str:
    """What the question asks for (used to name a refusal, which has no answer kind)."""
    text = question.strip()
    if text.startswith("/"):
        head, _, args = text[1:].partition(" ")
        name = head.split("@")[0].lower()
        if name == "profil" and args.strip():
            return "profil_pegawai"
        return COMMAND_INTENT.get(name, "tidak_jelas")
    from bot.router.training import default_router

    routed = default_router().route(text, role)
    return "tidak_jelas" if routed.ask else ROUTED_INTENT[routed.intent]


@dataclass(frozen=True)
class JsonContext:
    """What the door knows besides the replies: who asked, when, and how to cite."""

    engine: Engine
    corpus: Corpus
    merit: MeritSettings
    identity: Identity
    tanggal: date
    operator_view: bool = False
    include_ineligible: bool = False

    def cite(self, ids: Iterable[str]) -> list[dict[str, Any]]:
        """Provision ids → issue 4's citation objects, deduplicated, in order.

        An id the corpus does not hold falls back to its regulation as a whole (never an
        invented article); an unknown regulation is left out and logged.
        """
        out: list[dict[str, Any]] = []
        seen: set[str] = set()
        for pid in ids:
            use = pid if self.corpus.has(pid) else pid.split(":", 1)[0]
            if use in seen:
                continue
            seen.add(use)
            if not self.corpus.has(use):
                log.warning("citation not in corpus", extra={"provision_id": pid})
                continue
            out.append(self.corpus.citation(use).model_dump(mode="json"))
        return out


@dataclass(frozen=True)
class Answer:
    obj: dict[str, Any]
    exit_code: int
    pegawai_ids: tuple[int, ...]  # every employee the object names (for the audit entry)


def build(replies: Sequence[Reply], question: str, ctx: JsonContext) -> Answer:
    """One object for what the core replied to one question (the last reply is the answer)."""
    last = replies[-1]
    text = "\n\n".join(to_text(r.html).strip() for r in replies)
    data = last.data
    base: dict[str, Any] = {"intent": "lainnya", "text": text, "citations": []}
    if isinstance(data, Refusal):
        obj = {
            "intent": asked_intent(question, ctx.identity.role),
            "refused": True,
            "reason": data.reason,
            "text": text,
            "citations": [],
            "tanggal": ctx.tanggal.isoformat(),
        }
        return Answer(obj, EXIT_REFUSED, ())
    base["intent"] = KIND_INTENT.get(last.kind, "lainnya")
    ids: list[int] = []
    if isinstance(data, RegulationAnswer):
        base["intent"] = _regulation_intent(data)
        base["citations"] = ctx.cite(c.id for c in data.citations)
    elif isinstance(data, SearchData):
        base["intent"] = "cari_kandidat"
        base.update(_search(data, ctx))
        base["citations"] = ctx.cite(_search_citations(data))
        ids = [s.candidate.pegawai_id for s in data.shown]
        ids += [n["pegawai_id"] for n in (*base["not_ranked"], *base.get("ineligible", []))]
    elif isinstance(data, PersonData):
        base["person"] = _person(data, ctx)
        ids = [data.profile.pegawai_id]
    elif isinstance(data, OwnProfileData):
        profile, cites = _own_profile(data, ctx)
        base["profile"], base["citations"] = profile, ctx.cite(cites)
        ids = [data.profile.pegawai_id]
    elif isinstance(data, Opportunities):
        base["opportunities"] = [
            {
                "position": {"id": o.jabatan_id, "title": o.jabatan},
                "unit": o.unit,
                "gaps": list(o.gaps),
                "citations": ctx.cite(o.citations),
            }
            for o in data.items
        ]
        ids = [data.pegawai_id]
    elif isinstance(data, PoolData):
        base["talentpool"] = _pool(data, ctx)
        ids = [e.pegawai_id for e in data.entries]
    elif last.kind == "candidates":
        # A reopened list (/daftar SL-…) or several people matching a name: text only.
        asked = asked_intent(question, ctx.identity.role)
        base["intent"] = asked if asked == "daftar_kandidat" else "profil_pegawai"
    base["tanggal"] = ctx.tanggal.isoformat()
    code = EXIT_ERROR if last.kind == "error" else EXIT_OK
    return Answer(_jsonable(base), code, tuple(dict.fromkeys(ids)))


def _regulation_intent(a: RegulationAnswer) -> str:
    if a.intent in REGULATION_INTENTS:
        return a.intent
    return "regulasi" if a.found else "tidak_ditemukan"


def _codes(engine: Engine) -> dict[int, str]:
    with Session(engine) as s:
        return {int(i.id): i.kode for i in s.exec(select(Instansi)) if i.id is not None}


def _criterion(c: Criterion, ctx: JsonContext) -> dict[str, Any]:
    return {
        "criterion": c.kriteria,
        "requirement": c.syarat,
        "value": c.nilai,
        "pass": c.ok,
        "citations": ctx.cite(c.citations),
    }


def _verdict(criteria: Sequence[Criterion]) -> bool | None:
    if any(c.ok is False for c in criteria):
        return False
    return None if any(c.ok is None for c in criteria) else True


def _candidate(s: Shown, page_scheme: str | None, codes: dict[int, str], ctx: JsonContext) -> Any:
    c = s.candidate
    comp = dict(c.components)
    unmask = ctx.operator_view
    return {
        "rank": s.rank,
        "pegawai_id": c.pegawai_id,
        "nip": c.nip if unmask else s.nip,
        "nama": c.nama if unmask else s.nama,
        "instansi": codes.get(c.instansi_id),
        "jabatan": c.jabatan,
        "golongan": c.golongan,
        "unit": c.unit,
        "score": c.score,
        "components": {
            "relevance": comp.get("relevance"),
            "jpm": {
                "value": c.jpm,
                "label": c.jpm_label,
                "scheme": page_scheme,
                "score": comp.get("jpm"),
            },
            "ninebox": {
                "box": c.kotak,
                "official": c.kotak_resmi,
                "score": comp.get("ninebox"),
            },
            "kinerja": {"value": c.kinerja, "score": comp.get("kinerja")},
        },
        "eligibility": {
            "eligible": _verdict(c.eligibility),
            "criteria": [_criterion(x, ctx) for x in c.eligibility],
        },
        "flags": list(c.flags),
        "reasons": list(c.reasons),
        "citations": ctx.cite(c.citations),
    }


def _left_out(n: NotRanked, codes: dict[int, str], ctx: JsonContext) -> dict[str, Any]:
    out: dict[str, Any] = {"pegawai_id": n.pegawai_id, "instansi": codes.get(n.instansi_id)}
    if n.failing:
        out["failing"] = [_criterion(x, ctx) for x in n.failing]
    else:
        out["missing"] = list(n.missing)
    return out


def _search(d: SearchData, ctx: JsonContext) -> dict[str, Any]:
    page, codes = d.page, _codes(ctx.engine)
    scope = ctx.identity.instansi_ids
    position = {
        "id": page.position_id,
        "title": page.position,
        "jpm_scheme": page.jpm_scheme,
        "choices": [{"id": c.jabatan_id, "title": c.label} for c in page.choices],
        "requirements": [_criterion(x, ctx) for x in page.hard_criteria],
    }
    out: dict[str, Any] = {
        "query": page.query,
        "position": position,
        "total": page.total,
        "excluded": page.excluded,
        "shortlist_ref": d.ref,
        "blind": d.blind and not ctx.operator_view,
        "candidates": [_candidate(s, page.jpm_scheme, codes, ctx) for s in d.shown],
        # Defence in depth, as for the ranked list: nobody outside the asker's agencies.
        "not_ranked": [_left_out(n, codes, ctx) for n in page.not_ranked if n.instansi_id in scope],
    }
    if ctx.include_ineligible:
        out["ineligible"] = [
            _left_out(n, codes, ctx) for n in page.ineligible if n.instansi_id in scope
        ]
    return out


def _search_citations(d: SearchData) -> list[str]:
    ids = [c for x in d.page.hard_criteria for c in x.citations]
    for s in d.shown:
        ids.extend(s.candidate.citations)
        ids.extend(c for x in s.candidate.eligibility for c in x.citations)
    return ids


def _person(d: PersonData, ctx: JsonContext) -> dict[str, Any]:
    p = d.profile
    return {
        "pegawai_id": p.pegawai_id,
        "nama": p.nama,
        "nip": p.nip if ctx.operator_view else d.nip,
        "instansi": _codes(ctx.engine).get(p.instansi_id),
        "jabatan": p.jabatan,
        "golongan": p.golongan,
        "unit": p.unit,
        "facts": [{"label": label, "value": value} for label, value in p.facts],
    }


def _own_profile(d: OwnProfileData, ctx: JsonContext) -> tuple[dict[str, Any], list[str]]:
    p = d.profile
    out: dict[str, Any] = {
        "pegawai_id": p.pegawai_id,
        "nama": p.nama,
        "nip": p.nip,
        "instansi": _codes(ctx.engine).get(p.instansi_id),
        "jabatan": p.jabatan,
        "golongan": p.golongan,
        "unit": p.unit,
        "facts": [{"label": label, "value": value} for label, value in p.facts],
        "ninebox": None,
        "jpm": None,
        "succession": None,
    }
    cites: list[str] = []
    facts = merit_facts(ctx.engine, p.pegawai_id, as_of=ctx.tanggal, merit=ctx.merit)
    for key, cited in (facts or {}).items():
        value = dict(cited.value)
        if "criteria" in value:
            value["criteria"] = [
                {**line, "citations": ctx.cite(line["citations"])} for line in value["criteria"]
            ]
        out[key] = {**value, "citations": ctx.cite(cited.citations)}
        cites.extend(cited.citations)
    out["access_history"] = (
        access_events(ctx.engine, p.pegawai_id, HISTORY_LIMIT) if d.history is not None else None
    )
    return out, cites


def _pool(d: PoolData, ctx: JsonContext) -> dict[str, Any]:
    codes = _codes(ctx.engine)
    # Shown entries have masked NIPs; the operator view reads the same people unmasked.
    entries = d.pool.entries[: len(d.entries)] if ctx.operator_view else d.entries
    return {
        "unit": d.pool.unit,
        "box_counts": {str(k): v for k, v in sorted(d.pool.box_counts.items(), reverse=True)},
        "show_names": d.show_names,
        "entries": [
            {
                "pegawai_id": e.pegawai_id,
                "nama": e.nama,
                "nip": e.nip,
                "instansi": codes.get(e.instansi_id),
                "jabatan": e.jabatan,
                "box": e.kotak,
                "year": e.tahun,
            }
            for e in entries
        ],
    }


def _jsonable(obj: Any) -> Any:
    """Floats rounded for stable output; everything else as is."""
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    return obj
