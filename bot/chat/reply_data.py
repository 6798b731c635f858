"""Structured payloads the core attaches to its replies (``Reply.data``), where it builds them.

The chat doors ignore them; the machine-readable door (``talenta ask --json``,
:mod:`bot.doors.ask_json`) turns them into JSON. Each payload holds what the person was shown,
masked exactly as the role sees it (NIP masking, blind-first identities), plus the ids the
JSON needs. The core builds them with the same values it renders, so text and data agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.chat.access import Identity, shown_nip
from bot.ports.services import Candidate, CandidatePage, PoolEntry, Profile, TalentPool


@dataclass(frozen=True)
class Shown:
    """One ranked candidate and the name/NIP the asker saw (``None``: hidden, blind-first).

    On a blind list ``blind`` holds what its row showed instead (golongan, jenis, kotak at the
    list's level, ``None`` for a hidden one) and ``tie`` the rank it is shown level with."""

    rank: int
    candidate: Candidate
    nama: str | None
    nip: str | None
    blind: Mapping[str, str | None] | None = None
    tie: int | None = None


@dataclass(frozen=True)
class SearchData:
    page: CandidatePage
    shown: tuple[Shown, ...] = ()
    ref: str | None = None  # the recorded list ("SL-…"), when lists are recorded
    blind: bool = False
    conflict_note: str | None = None  # the one line a blind list shows for its rows' flags


@dataclass(frozen=True)
class PersonData:
    profile: Profile
    nip: str  # as shown (masked unless HR/admin or the person)


@dataclass(frozen=True)
class OwnProfileData:
    profile: Profile
    history: tuple[str, ...] | None  # access history lines; None: not kept / not allowed


@dataclass(frozen=True)
class PoolData:
    pool: TalentPool
    entries: tuple[PoolEntry, ...]  # as shown (NIP masked); empty when only counts are shown
    show_names: bool


def search_data(
    identity: Identity,
    page: CandidatePage,
    items: Sequence[Candidate] = (),
    start: int = 0,
    *,
    ref: str | None = None,
    blind: bool = False,
    rows: Sequence[Mapping[str, Any]] = (),
    conflict_note: str | None = None,
) -> SearchData:
    """The search page and the ranked rows as shown (``ref``, ``blind`` and the recorded
    ``rows`` of a recorded list: identities hidden on a blind-first list, each row's blind
    facts and tie as the list showed them)."""
    by_rank = {int(r["rank"]): r for r in rows}
    shown = []
    for i, c in enumerate(items):
        rank = start + i + 1
        row = by_rank.get(rank, {})
        facts = row.get("blind") if blind else None
        tie = row.get("tie")
        shown.append(
            Shown(
                rank=rank,
                candidate=c,
                nama=None if blind else c.person.nama,
                nip=None if blind else shown_nip(identity, c.pegawai_id, c.person.nip),
                blind=facts if isinstance(facts, Mapping) else ({} if blind else None),
                tie=int(tie) if tie else None,
            )
        )
    return SearchData(page, tuple(shown), ref=ref, blind=blind, conflict_note=conflict_note)


def person(identity: Identity, p: Profile) -> PersonData:
    return PersonData(p, shown_nip(identity, p.pegawai_id, p.nip))


def own_profile(p: Profile, history: list[str] | None) -> OwnProfileData:
    return OwnProfileData(p, tuple(history) if history is not None else None)


def pool(p: TalentPool, entries: Sequence[PoolEntry], *, show_names: bool) -> PoolData:
    return PoolData(p, tuple(entries), show_names)
