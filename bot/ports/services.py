"""What the conversation core needs from the rest of Talenta, as small Protocols.

The core is written against these; the composition root (``bot/config/wiring.py``) plugs in the real
implementations from ``retrieval/`` and ``knowledge/``. A service that is not installed is
``None`` and the assistant says so plainly instead of pretending.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from bot.media.cache import PictureCaches
from db.audit import AuditLog, AuditSettings
from knowledge.rules import EmployeeFacts
from knowledge.rules.settings import CommitteeSettings
from retrieval.people.merit import CriterionLine
from retrieval.people.results import Candidate as Ranked


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
class Listed:
    """Who a ranked id is, read after authorisation: the identity a list row shows."""

    pegawai_id: int
    instansi_id: int
    nama: str
    nip: str
    jabatan: str
    golongan: str | None
    unit: str


@dataclass(frozen=True)
class Candidate:
    """One ranked candidate: who (``person``, read from the records) joined to the ranking's
    own result (``ranking``: score and its parts, JPM, nine-box, eligibility lines with their
    citations, flags, evidence), which stays the search's object and is never copied."""

    person: Listed
    ranking: Ranked
    reasons: tuple[str, ...] = ()  # short lines under the name: "JPM …", "kotak 8 (resmi)" …

    @property
    def pegawai_id(self) -> int:
        return self.person.pegawai_id

    @property
    def instansi_id(self) -> int:
        return self.person.instansi_id

    @property
    def score(self) -> float:
        return self.ranking.score


@dataclass(frozen=True)
class NotRanked:
    """Someone left out of the ranked list: too incomplete to judge, or not eligible."""

    pegawai_id: int
    instansi_id: int
    missing: tuple[str, ...] = ()  # incomplete: what is missing
    failing: tuple[CriterionLine, ...] = ()  # ineligible: the criteria they fail


@dataclass(frozen=True)
class PositionChoice:
    jabatan_id: int
    label: str  # "Kepala Bidang Anggaran — BPKAD"


@dataclass(frozen=True)
class UnitChoice:
    name: str  # "Dinas Kesehatan": the unit to narrow an ambiguous post text to
    count: int  # how many of the close posts sit in it
    jabatan_id: int | None = None  # its one post, when it has only one
    path: str = ""  # the units picked so far and this one: what a search narrows by
    agency: bool = False  # the unit is an agency (the asker sees several)


@dataclass(frozen=True)
class CandidatePage:
    query: str
    items: tuple[Candidate, ...]
    total: int
    as_of: date | None = None
    position: str | None = None  # the position the text was resolved to, if any
    # Where that post is (its unit, the unit above, the OPD, the agency when the asker sees
    # several): two posts of the same name are told apart in the list's heading.
    position_unit: str | None = None
    excluded: int = 0  # people in scope who fail a hard criterion of that position
    choices: tuple[PositionChoice, ...] = ()  # the text matched several positions
    # More positions matched than fit in one question, in several units: ask the unit first.
    units: tuple[UnitChoice, ...] = ()
    unit_path: str | None = None  # the units picked so far (``search(unit=...)``)
    unit_reply_unmatched: bool = False  # a typed reply named none of the units offered
    position_id: int | None = None
    jpm_scheme: str | None = None  # the JPM threshold scheme of the position's agency
    hard_criteria: tuple[CriterionLine, ...] = ()  # the position's legal requirements
    pool_ids: frozenset[int] = frozenset()  # the eligible pool (fairness note; never shown)
    not_ranked: tuple[NotRanked, ...] = ()  # too incomplete to judge
    ineligible: tuple[NotRanked, ...] = ()  # only when asked for (include_ineligible)
    post_not_found: bool = False  # a post was asked for and none of the agency fits the words
    # A need in everyday words: the official terms it was read as ("dibaca sebagai").
    reading: tuple[str, ...] = ()


class MeritFactsReader(Protocol):
    def merit_facts(self, pegawai_ids: Sequence[int]) -> Mapping[int, EmployeeFacts]:
        """Merit facts of the active people among ``pegawai_ids`` (the nine-box estimate of
        an agency's picture reads every member's)."""
        ...


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
        unit: str | None = None,
        unit_reply: str | None = None,
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

    def retirement(self, pegawai_id: int) -> str | None:
        """The retirement-age line of an employee's own profile (it reveals the birth date:
        never for anyone else's view); ``None`` when it cannot be told."""
        ...

    def locate(self, pegawai_id: int) -> int | None:
        """The instansi id of an employee (for authorisation before anything is read)."""
        ...

    def find(self, text: str, *, scope: frozenset[int] | None) -> list[tuple[int, int]]:
        """Employees of the agencies in ``scope`` named or NIP'd in ``text`` (a NIP typed with
        spaces or dots too) as (pegawai_id, instansi_id); the scope applies before any limit.
        ``scope=None``: every agency, only to record a refused attempt (never shown)."""
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


def _no_version(scope: Sequence[int]) -> str:
    return ""


@dataclass(frozen=True)
class Accountability:
    """What the core needs to record lists: the audit writer and the facts behind a ranking."""

    audit: AuditLog
    settings: AuditSettings
    config_hash: str  # config_hash() of the ranking / merit settings in force
    model: str = ""  # encoder model name
    # "instansi:generation,…" of the search indexes behind a list of that scope.
    index_version: Callable[[Sequence[int]], str] = field(default=_no_version)


@dataclass
class Services:
    """Everything the core drives. ``None`` = not installed here (said so to the user)."""

    profiles: ProfileReader
    talentpool: TalentPoolReader
    regulations: RegulationAnswerer | None = None
    search: CandidateSearch | None = None
    opportunities: OpportunityAdvisor | None = None
    # Merit facts from the search index's stored copy (no database read per person on an
    # agency's first nine-box picture). None: read from the records.
    merit_facts: MeritFactsReader | None = None
    # Records candidate lists (blind-first, reference, choice), reads and refusals in the
    # audit chain. None: nothing is recorded.
    accountability: Accountability | None = None
    # Rendered pictures and nine-box estimates of this application (never module globals).
    caches: PictureCaches = field(default_factory=PictureCaches)
    # A sidang komite's default quorum and closing time (``committee:``, local policy).
    committee: CommitteeSettings = field(default_factory=CommitteeSettings)
