"""The JSON the ask door prints, as pydantic models; ``docs/ask-output.schema.json`` is
generated from them (:func:`output_schema`), never written by hand.

One model per kind of answer (a candidate search, one employee, the own profile, the
opportunities, the talent pool, a plain answer), the refusal, and the ``--jsonl`` line that
could not be asked. The intent names come from the command table (``bot/router/commands.py``),
so a new command's intent is in the schema as soon as its entry is. Regenerate the file with::

    python -m bot.doors.ask_output > docs/ask-output.schema.json
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, RootModel, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from bot.chat.access import RefusalReason
from bot.router.commands import COMMANDS, CommandTable
from knowledge.citations import Bagian, Kind, Verification
from knowledge.rules import SuksesiStatus

# Intents the ask door gives besides the commands' own (docs/ask-door.md).
REGULATION_INTENTS = ("regulasi", "cek_aturan", "tidak_ditemukan")
ROUTER_INTENTS = ("tidak_jelas", "tidak_tersedia", "lainnya")
# Intents whose answer carries its own fields (a model below), never a plain answer.
PAYLOAD_INTENTS = ("cari_kandidat", "profil_saya", "peluang", "talentpool")

Date = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Box = Annotated[int, Field(ge=1, le=9)]


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CitationJson(Out):
    """A provision an answer rests on: ``pasal`` is the bare article number, ``null`` for a
    regulation-level citation."""

    regulation: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
    kind: Kind
    title: str
    pasal: str | None
    ayat: str | None
    huruf: str | None
    angka: str | None
    bagian: Bagian | None
    status: str
    verification: Verification


class CriterionJson(Out):
    """One requirement checked for one person; ``pass`` null = the records cannot tell (HR
    verifies)."""

    criterion: str
    requirement: str
    value: str
    passed: bool | None = Field(
        validation_alias=AliasChoices("pass", "passed"), serialization_alias="pass"
    )
    citations: list[CitationJson]


class PositionRefJson(Out):
    id: int
    title: str


class UnitRefJson(Out):
    title: str
    count: int
    id: int | None  # the unit's one matching position, when it has only one


class PositionJson(Out):
    id: int | None
    title: str | None
    jpm_scheme: str | None
    choices: list[PositionRefJson]
    units: list[UnitRefJson]
    requirements: list[CriterionJson]


class JpmScoreJson(Out):
    value: float | None
    label: str | None
    scheme: str | None
    score: float | None


class NineboxScoreJson(Out):
    box: Box | None
    official: bool
    score: float | None


class KinerjaScoreJson(Out):
    value: float | None
    score: float | None


class ComponentsJson(Out):
    relevance: float | None
    jpm: JpmScoreJson
    ninebox: NineboxScoreJson
    kinerja: KinerjaScoreJson


class EligibilityJson(Out):
    eligible: bool | None
    criteria: list[CriterionJson]


class CandidateJson(Out):
    rank: Annotated[int, Field(ge=1)]
    pegawai_id: int
    nip: str | None = Field(description="Masked unless HR/admin; null on a blind-first list.")
    nama: str | None = Field(description="null on a blind-first list.")
    instansi: str | None
    jabatan: str
    golongan: str | None
    unit: str
    score: float
    components: ComponentsJson
    eligibility: EligibilityJson
    flags: list[str]
    reasons: list[str]
    citations: list[CitationJson]


class BlindCandidateJson(Out):
    """A row of a blind-first list, as the list shows it: its code, a tie, and only the merit
    facts the blind-row rule lets through (``null``: hidden at the list's level; ``"-"``: not
    on record). No id, name, NIP, post, unit, score or per-row flag: together they point at
    one person (knowledge/rules/blind.py)."""

    rank: Annotated[int, Field(ge=1)]
    code: Annotated[str, StringConstraints(pattern=r"^Kandidat #\d+$")]
    tie: Annotated[int, Field(ge=1)] | None = Field(
        description="The rank this row is shown level with (same score), else null."
    )
    golongan: str | None
    jenis: str | None
    kotak: str | None


class BlindLeftOutJson(Out):
    """Left out of a blind-first list: the agency and which requirements, never who."""

    instansi: str | None
    missing: list[str] | SkipJsonSchema[None] = None
    failing: list[str] | SkipJsonSchema[None] = Field(
        default=None, description="Names of the requirements not met (no values)."
    )


class LeftOutJson(Out):
    """Not ranked: ``missing`` (profile too incomplete) or ``failing`` (ineligible)."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["missing"]}, {"required": ["failing"]}]}
    )

    pegawai_id: int
    instansi: str | None
    missing: list[str] | SkipJsonSchema[None] = None
    failing: list[CriterionJson] | SkipJsonSchema[None] = None


class FactJson(Out):
    label: str
    value: str


class PersonJson(Out):
    pegawai_id: int
    nama: str
    nip: str
    instansi: str | None
    jabatan: str
    golongan: str | None
    unit: str
    facts: list[FactJson]


class OfficialBoxJson(Out):
    box: Box
    year: int
    source: str


class EstimatedBoxJson(Out):
    box: Box | None
    label: str | None
    missing: list[str]


class NineboxFactsJson(Out):
    official: OfficialBoxJson | None
    estimated: EstimatedBoxJson
    explanation: str
    citations: list[CitationJson]


class CompetencyGapJson(Out):
    competency: str
    standard: int
    level: int | None


class JpmFactsJson(Out):
    position: PositionRefJson | None
    value: float | None
    label: str | None
    scheme: str | SkipJsonSchema[None] = None  # absent without a position
    gaps: list[CompetencyGapJson]
    explanation: str | SkipJsonSchema[None] = None  # absent without a position
    citations: list[CitationJson]


class SuccessionFactsJson(Out):
    status: SuksesiStatus
    official_years: list[int]
    criteria: list[CriterionJson]
    explanation: str
    citations: list[CitationJson]


class AccessEventJson(Out):
    time: str
    kind: Literal["search", "profile_view", "reveal", "document"]
    role: str | None
    instansi: str | None
    rank: int | None


class OwnProfileJson(PersonJson):
    ninebox: NineboxFactsJson | None
    jpm: JpmFactsJson | None
    succession: SuccessionFactsJson | None
    access_history: list[AccessEventJson] | None = Field(
        description="Newest first: when, and by which role and agency (never who); null when "
        "not kept."
    )


class OpportunityPositionJson(Out):
    id: int | None
    title: str


class OpportunityJson(Out):
    position: OpportunityPositionJson
    unit: str
    gaps: list[str]
    citations: list[CitationJson]


class PoolEntryJson(Out):
    pegawai_id: int
    nama: str
    nip: str
    instansi: str | None
    jabatan: str
    box: Box
    year: int


class TalentPoolJson(Out):
    unit: str | None
    box_counts: dict[
        Annotated[str, StringConstraints(pattern=r"^[1-9]$")], Annotated[int, Field(ge=0)]
    ] = Field(json_schema_extra={"additionalProperties": False})
    show_names: bool
    entries: list[PoolEntryJson]


class Answered(Out):
    """What every answer carries: ``text`` is what the person reads (without HTML)."""

    line: Annotated[int, Field(ge=1)] | SkipJsonSchema[None] = None  # with --jsonl
    intent: str  # narrowed by each kind of answer
    text: str
    citations: list[CitationJson]
    tanggal: Date


class SearchAnswer(Answered):
    intent: Literal["cari_kandidat"]
    query: str
    position: PositionJson
    total: Annotated[int, Field(ge=0)]
    excluded: Annotated[int, Field(ge=0)]
    shortlist_ref: str | None
    blind: bool
    # A blind list: ``BlindCandidateJson`` / ``BlindLeftOutJson`` rows only.
    candidates: list[CandidateJson] | list[BlindCandidateJson]
    not_ranked: list[LeftOutJson] | list[BlindLeftOutJson]
    ineligible: list[LeftOutJson] | list[BlindLeftOutJson] | SkipJsonSchema[None] = None
    conflict_note: str | SkipJsonSchema[None] = Field(
        default=None,
        description="On a blind list whose rows carry conflict-of-interest flags: one sentence "
        "for the whole list (the flags per row wait for the reveal).",
    )


class PersonAnswer(Answered):
    intent: Literal["profil_pegawai"]
    person: PersonJson


class OwnProfileAnswer(Answered):
    intent: Literal["profil_saya"]
    profile: OwnProfileJson


class OpportunitiesAnswer(Answered):
    intent: Literal["peluang"]
    opportunities: list[OpportunityJson]


class TalentPoolAnswer(Answered):
    intent: Literal["talentpool"]
    talentpool: TalentPoolJson


class LineError(Out):
    """A ``--jsonl`` line that could not be asked."""

    line: Annotated[int, Field(ge=1)]
    error: str


class PlainAnswer(Answered):
    """An answer that is its text (and citations): help, a regulation, a comparison … Its
    ``intent`` is one of the plain intents of the command table (the schema lists them)."""


class RefusedAnswer(Out):
    """The authorisation function said no: ``reason`` is its reason code."""

    line: Annotated[int, Field(ge=1)] | SkipJsonSchema[None] = None  # with --jsonl
    intent: str  # what was asked (the schema lists every intent)
    refused: Literal[True]
    reason: RefusalReason
    text: str
    citations: list[CitationJson] = Field(max_length=0)
    tanggal: Date


class AskOutput(
    RootModel[
        SearchAnswer
        | PersonAnswer
        | OwnProfileAnswer
        | OpportunitiesAnswer
        | TalentPoolAnswer
        | PlainAnswer
        | RefusedAnswer
        | LineError
    ]
):
    """One line of ``talenta ask --json`` / ``--jsonl``: an answer, a refusal or a line error."""


def intent_names(table: CommandTable = COMMANDS) -> tuple[str, ...]:
    """Every intent the door can give, the command table's included."""
    return tuple(dict.fromkeys((*REGULATION_INTENTS, *table.intents(), *ROUTER_INTENTS)))


def output_schema(table: CommandTable = COMMANDS) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of what the door prints, with the intent names of
    ``table`` as the enums of the plain answer's and the refusal's ``intent``."""
    schema = AskOutput.model_json_schema(by_alias=True, mode="serialization")
    every = intent_names(table)
    defs = schema["$defs"]
    defs["PlainAnswer"]["properties"]["intent"]["enum"] = [
        i for i in every if i not in PAYLOAD_INTENTS
    ]
    defs["RefusedAnswer"]["properties"]["intent"]["enum"] = list(every)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://talenta.example/docs/ask-output.schema.json",
        "title": "talenta ask --json",
        "description": "One answer of the conversation core, as the role asked would be told "
        "it (docs/ask-door.md). With --jsonl each line also carries `line`; a line that could "
        "not be asked is {line, error}. Generated from bot/doors/ask_output.py.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_text(table: CommandTable = COMMANDS) -> str:
    return json.dumps(output_schema(table), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(schema_text())
