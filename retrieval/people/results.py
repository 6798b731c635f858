"""What a search returns. Only ids, never names or NIPs: the bot shows those after its own
authorisation check, and the ranking itself stays blind."""

from __future__ import annotations

from dataclasses import dataclass, field

from retrieval.people.merit import CriterionLine, Gap
from retrieval.people.positions import PositionChoice
from retrieval.people.post_units import UnitGroup


@dataclass
class Candidate:
    pegawai_id: int
    instansi_id: int
    score: float
    components: dict[str, float]  # relevance, jpm, ninebox, kinerja (each 0–1)
    evidence: list[str]  # lines of the profile text that match the need
    dense_rank: int | None = None
    lexical_rank: int | None = None
    jpm: float | None = None
    jpm_label: str | None = None
    gaps: list[Gap] = field(default_factory=list)
    kotak: int | None = None
    kotak_resmi: bool = False
    kotak_sumber: str | None = None
    kinerja: float | None = None
    eligibility: list[CriterionLine] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    citations: tuple[str, ...] = ()
    # Position searches: field fit tier (2 sebidang, 1 serumpun, 0 lain; the list is ordered by
    # it before the score) and the reason in words. None for a need without a position.
    field_tier: int | None = None
    field_reason: str = ""


@dataclass(frozen=True)
class Excluded:
    """An active person in scope who does not meet a criterion of the position."""

    pegawai_id: int
    instansi_id: int
    failing: list[CriterionLine]


@dataclass(frozen=True)
class Incomplete:
    """A person whose records are too incomplete to judge, with what is missing."""

    pegawai_id: int
    instansi_id: int
    missing: list[str]


@dataclass
class SearchResult:
    query: str
    position: PositionChoice | None = None
    choices: list[PositionChoice] = field(default_factory=list)  # ambiguous position text
    # More close posts than ``choices`` holds, in several units: ask the unit first.
    units: list[UnitGroup] = field(default_factory=list)
    unit_path: str | None = None  # the units picked so far (post_units path)
    unit_reply_unmatched: bool = False  # a typed reply named none of the units offered
    candidates: list[Candidate] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)  # only when asked for
    incomplete: list[Incomplete] = field(default_factory=list)
    hard_criteria: list[CriterionLine] = field(default_factory=list)
    eligible_count: int = 0
    # The eligible pool the list was drawn from (position searches only): its composition is
    # what a shortlist is compared with for the fairness note, never shown to the asker.
    pool_ids: frozenset[int] = frozenset()
    # The text asked for a post and no post of the agencies in scope fits it.
    post_not_found: bool = False
    # A need in everyday words: the official nomenclature it was read as ("dibaca sebagai"),
    # and the text actually searched (the need plus those official terms).
    reading: list[str] = field(default_factory=list)
    searched: str | None = None

    @property
    def ambiguous(self) -> bool:
        return bool(self.choices) and self.position is None


@dataclass(frozen=True)
class OpenPosition:
    """A position an ASN could aim for, with what they still lack."""

    jabatan_id: int
    instansi_id: int
    nama: str
    unit: str
    alasan_terbuka: str  # "lowong" or "pemangku pensiun <date>"
    eligible: bool
    kurang: list[str]
    jpm: float | None
    relevance: float
