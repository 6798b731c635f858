"""What the conversation core needs from the rest of Talenta, as small Protocols.

The core is written against these; the composition root (``bot/config/wiring.py``) plugs in the real
implementations from ``retrieval/`` and ``knowledge/``. A service that is not installed is
``None`` and the assistant says so plainly instead of pretending.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.flows.shortlists.lifecycle import Accountability


@dataclass(frozen=True)
class CitedProvision:
    id: str  # canonical provision id, e.g. "pp-11-2017:pasal-107:huruf-c"
    label: str  # "PP 11/2017 Pasal 107 huruf c"
    summary: str = ""
    verification: str = "verified"


@dataclass(frozen=True)
class RegulationAnswer:
    intent: str
    text: str
    citations: tuple[CitedProvision, ...] = ()
    as_of: date | None = None
    found: bool = True


class RegulationAnswerer(Protocol):
    def answer(self, question: str) -> RegulationAnswer: ...


@dataclass(frozen=True)
class Criterion:
    """One eligibility criterion for one person: requirement, their value, verdict, law."""

    kriteria: str  # machine code, e.g. "usia", "pangkat"
    syarat: str  # the requirement in Indonesian
    nilai: str  # the person's value
    ok: bool | None  # None: the records cannot tell (HR verifies)
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    pegawai_id: int
    instansi_id: int
    nama: str
    nip: str
    jabatan: str
    golongan: str | None
    unit: str
    score: float
    reasons: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    # What the score is made of (each 0–1: relevance, jpm, ninebox, kinerja) and the facts
    # behind it, for the machine-readable door and the shortlist record.
    components: tuple[tuple[str, float], ...] = ()
    jpm: float | None = None  # percent against the position's standard
    jpm_label: str | None = None
    kotak: int | None = None
    kotak_resmi: bool = False
    kinerja: float | None = None
    eligibility: tuple[Criterion, ...] = ()
    flags: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotRanked:
    """Someone left out of the ranked list: too incomplete to judge, or not eligible."""

    pegawai_id: int
    instansi_id: int
    missing: tuple[str, ...] = ()  # incomplete: what is missing
    failing: tuple[Criterion, ...] = ()  # ineligible: the criteria they fail


@dataclass(frozen=True)
class PositionOption:
    jabatan_id: int
    label: str  # "Kepala Bidang Anggaran — BPKAD"


@dataclass(frozen=True)
class CandidatePage:
    query: str
    items: tuple[Candidate, ...]
    total: int
    as_of: date | None = None
    position: str | None = None  # the position the text was resolved to, if any
    excluded: int = 0  # people in scope who fail a hard criterion of that position
    choices: tuple[PositionOption, ...] = ()  # the text matched several positions
    position_id: int | None = None
    jpm_scheme: str | None = None  # the JPM threshold scheme of the position's agency
    hard_criteria: tuple[Criterion, ...] = ()  # the position's legal requirements
    pool_ids: frozenset[int] = frozenset()  # the eligible pool (fairness note; never shown)
    not_ranked: tuple[NotRanked, ...] = ()  # too incomplete to judge
    ineligible: tuple[NotRanked, ...] = ()  # only when asked for (include_ineligible)
    post_not_found: bool = False  # a post was asked for and none of the agency fits the words


class CandidateSearch(Protocol):
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
    ) -> CandidatePage: ...


@dataclass(frozen=True)
class Profile:
    pegawai_id: int
    instansi_id: int
    nama: str
    nip: str
    jabatan: str
    golongan: str | None
    unit: str
    instansi: str
    facts: tuple[tuple[str, str], ...] = ()  # (label, value) lines, already in Indonesian
    as_of: date | None = None


class ProfileReader(Protocol):
    def profile(self, pegawai_id: int) -> Profile | None: ...

    def locate(self, pegawai_id: int) -> int | None:
        """The instansi id of an employee (for authorisation before anything is read)."""
        ...

    def find(self, text: str) -> list[tuple[int, int]]:
        """Employees named or NIP'd in ``text`` as (pegawai_id, instansi_id), across agencies."""
        ...


@dataclass(frozen=True)
class Opportunity:
    jabatan: str
    unit: str
    gaps: tuple[str, ...]
    citations: tuple[str, ...] = ()
    jabatan_id: int | None = None  # the target position (for its competency chart)


@dataclass(frozen=True)
class Opportunities:
    pegawai_id: int
    items: tuple[Opportunity, ...]
    as_of: date | None = None


class OpportunityAdvisor(Protocol):
    def opportunities(self, pegawai_id: int, *, limit: int) -> Opportunities: ...


@dataclass(frozen=True)
class PoolEntry:
    pegawai_id: int
    instansi_id: int
    nama: str
    nip: str
    jabatan: str
    kotak: int
    tahun: int


@dataclass(frozen=True)
class TalentPool:
    scope: frozenset[int]
    unit: str | None
    entries: tuple[PoolEntry, ...]
    box_counts: dict[int, int] = field(default_factory=dict)
    as_of: date | None = None


class TalentPoolReader(Protocol):
    def pool(self, *, scope: frozenset[int], unit: str | None, limit: int) -> TalentPool: ...


@dataclass
class Services:
    """Everything the core drives. ``None`` = not installed here (said so to the user)."""

    profiles: ProfileReader
    talentpool: TalentPoolReader
    regulations: RegulationAnswerer | None = None
    search: CandidateSearch | None = None
    opportunities: OpportunityAdvisor | None = None
    # Issue 7: record candidate lists (blind-first, reference, choice). None: not recorded.
    accountability: Accountability | None = None
