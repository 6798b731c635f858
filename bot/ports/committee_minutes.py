"""The facts of a closed sidang's minutes (berita acara), as one recipient may see them.

:func:`sidang_minutes` reads the sidang, its members, conflicts, recommendations and the
closing exactly as recorded (the order, counts and quorum outcome come from the closing row,
not recomputed, so a later membership change does not rewrite the minutes), and the PPK's
choice on the shortlist. Candidates are named only for a viewer with a recorded reveal of
them (their own "Tampilkan identitas" press on that list); every other candidate is its code
K<rank>, and a conflict's note is kept only where the candidate is named, since a note may
describe the candidate. :func:`minutes_recipients` says who receives the minutes: the sidang's
members who are still members, and the committee's PPK, each in their private chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from bot.ports.records import full_name
from db.audit import reopen_shortlist
from db.audit.canonical import as_utc
from db.audit.committee import (
    CommitteeError,
    closing,
    conflicts_of,
    get_sidang,
    members_now,
    votes_of,
)
from db.audit.shortlist import candidate_rows
from db.engine import Session
from db.models import BotUser, BotUserInstansi, Committee, Instansi, Jabatan, Pegawai, UnitKerja
from db.models.audit import Shortlist, ShortlistReveal
from knowledge.rules.committee import LABEL, Recommendation


class SidangStillOpen(CommitteeError):
    """Minutes exist only for a closed sidang."""


@dataclass(frozen=True)
class MinutesMember:
    account_id: int
    nama: str
    role: str  # komite | ppk
    recommended: bool  # gave at least one recommendation that counted
    removed: bool  # no longer a member at closing: their recommendations did not count


@dataclass(frozen=True)
class MinutesConflict:
    member: str
    code: str  # K<rank>
    source: str  # tercatat (known to the records) | dinyatakan (declared)
    note: str  # "" unless the candidate is named for this viewer


@dataclass(frozen=True)
class MinutesRecommendation:
    member: str
    label: str  # layak diusulkan | dipertimbangkan | tidak diusulkan
    reason: str
    counted: bool  # False: the member was removed before closing


@dataclass(frozen=True)
class MinutesCandidate:
    rank: int
    nama: str | None  # None: shown by code only
    counts: tuple[int, int, int, int]  # layak, dipertimbangkan, tidak, barred by conflict
    recommendations: tuple[MinutesRecommendation, ...]

    @property
    def code(self) -> str:
        return f"K{self.rank}"

    @property
    def shown(self) -> str:
        return f"{self.code} — {self.nama}" if self.nama else self.code


@dataclass(frozen=True)
class MinutesChoice:
    code: str | None  # None: someone not on the list
    nama: str | None  # None unless named for this viewer
    follows_order: bool  # the chosen candidate is (one of) the committee's first place
    reason: str | None  # the PPK's written reason, shown when the choice differs


@dataclass(frozen=True)
class SidangMinutes:
    sidang_ref: str
    shortlist_ref: str
    instansi: str
    jabatan: str
    unit: str
    opened_at: datetime  # UTC
    closed_at: datetime  # UTC
    quorum: int
    quorum_met: bool
    members: tuple[MinutesMember, ...]
    conflicts: tuple[MinutesConflict, ...]
    candidates: tuple[MinutesCandidate, ...]
    places: tuple[tuple[str, ...], ...]  # codes per place; more than one: a tie
    unrecommended: tuple[str, ...]
    choice: MinutesChoice | None  # None: the PPK has not recorded a choice yet
    named: frozenset[int]  # ranks named in this copy

    @property
    def ties(self) -> tuple[tuple[str, ...], ...]:
        return tuple(p for p in self.places if len(p) > 1)


@dataclass(frozen=True)
class Recipient:
    account_id: int
    telegram_id: int  # the private chat: a user's id, never a (negative) group id
    role: str


def _member_name(session: Session, account_id: int) -> str:
    user = session.get(BotUser, account_id)
    return user.nama if user is not None else f"akun #{account_id}"


def revealed_to(session: Session, shortlist_id: int, account_id: int | None) -> frozenset[int]:
    """Employee ids whose identity ``account_id`` has seen on the list: its recorded reveals
    (all for a whole-list reveal), or all when it made a list shown with names. None for
    ``None`` (a copy for HR or an inspector names no candidate)."""
    if account_id is None:
        return frozenset()
    shortlist = session.get(Shortlist, shortlist_id)
    if shortlist is not None and not shortlist.blind and shortlist.actor_id == str(account_id):
        return frozenset(c.pegawai_id for c in candidate_rows(session, shortlist_id))
    rows = session.exec(
        select(ShortlistReveal.pegawai_id).where(
            ShortlistReveal.shortlist_id == shortlist_id,
            ShortlistReveal.actor_id == str(account_id),
        )
    ).all()
    if any(p is None for p in rows):
        return frozenset(c.pegawai_id for c in candidate_rows(session, shortlist_id))
    return frozenset(p for p in rows if p is not None)


def _codes(value: object) -> tuple[str, ...]:
    return tuple(str(x) for x in value) if isinstance(value, list) else ()


def sidang_minutes(session: Session, sidang_ref: str, viewer_account: int | None) -> SidangMinutes:
    """The minutes of a closed sidang as ``viewer_account`` may see them (``None``: codes only)."""
    sidang = get_sidang(session, sidang_ref)
    assert sidang.id is not None
    closed = closing(session, sidang.id)
    if closed is None:
        raise SidangStillOpen(f"Sidang {sidang.ref} belum ditutup; berita acara belum ada.")
    shortlist = session.get(Shortlist, sidang.shortlist_id)
    assert shortlist is not None
    view = reopen_shortlist(session, shortlist.ref)
    by_rank = {c.rank: c.pegawai_id for c in view.candidates}
    revealed = revealed_to(session, sidang.shortlist_id, viewer_account)
    named = {r: pid for r, pid in by_rank.items() if pid in revealed}

    def name_of(rank: int) -> str | None:
        pid = named.get(rank)
        person = session.get(Pegawai, pid) if pid is not None else None
        return full_name(person) if person is not None else None

    result = closed.result
    ignored = {int(m) for m in result.get("tidak_dihitung", [])}
    counts = result.get("hitungan", {})
    votes = votes_of(session, sidang.id)
    barred = {(c.account_id, c.rank) for c in conflicts_of(session, sidang.id)}
    latest: dict[tuple[int, int], tuple[str, str]] = {}
    for v in votes:
        if (v.account_id, v.rank) not in barred:
            latest[(v.account_id, v.rank)] = (v.recommendation, v.reason)
    voters = {m for (m, _), _ in latest.items() if m not in ignored}
    roles = dict(members_now(session, sidang.committee_id))
    members = tuple(
        MinutesMember(
            account_id=a,
            nama=_member_name(session, a),
            role=roles.get(a, "komite"),
            recommended=a in voters,
            removed=a in ignored or a not in roles,
        )
        for a in sidang.members
    )
    names = {m.account_id: m.nama for m in members}
    conflicts = tuple(
        MinutesConflict(
            member=names.get(c.account_id) or _member_name(session, c.account_id),
            code=f"K{c.rank}",
            source=c.source,
            note=c.note if c.rank in named else "",
        )
        for c in conflicts_of(session, sidang.id)
    )
    candidates = []
    for rank in sorted(by_rank):
        recs = tuple(
            MinutesRecommendation(
                member=names.get(m) or _member_name(session, m),
                label=LABEL[Recommendation(rec)],
                reason=reason,
                counted=m not in ignored,
            )
            for (m, r), (rec, reason) in sorted(latest.items())
            if r == rank
        )
        raw = counts.get(f"K{rank}", [0, 0, 0, 0])
        candidates.append(
            MinutesCandidate(rank, name_of(rank), tuple(int(x) for x in raw[:4]), recs)  # type: ignore[arg-type]
        )
    places = tuple(_codes(p) for p in result.get("urutan", []))
    choice = None
    if view.chosen_pegawai_id is not None:
        chosen_rank = next((r for r, p in by_rank.items() if p == view.chosen_pegawai_id), None)
        code = f"K{chosen_rank}" if chosen_rank is not None else None
        follows = bool(places) and code is not None and code in places[0]
        choice = MinutesChoice(
            code=code,
            nama=name_of(chosen_rank) if chosen_rank is not None else None,
            follows_order=follows,
            reason=None if follows else view.choice_reason,
        )
    inst = session.get(Instansi, view.instansi_id) if view.instansi_id else None
    jab = session.get(Jabatan, view.jabatan_id) if view.jabatan_id else None
    unit = session.get(UnitKerja, jab.unit_id) if jab is not None and jab.unit_id else None
    return SidangMinutes(
        sidang_ref=sidang.ref,
        shortlist_ref=view.ref,
        instansi=inst.nama if inst else (view.actor_instansi or "Instansi"),
        jabatan=jab.nama if jab else "(jabatan tidak tercatat pada daftar)",
        unit=unit.nama if unit else "",
        opened_at=as_utc(sidang.opened_at),
        closed_at=as_utc(closed.at),
        quorum=sidang.quorum,
        quorum_met=closed.outcome == "kuorum",
        members=members,
        conflicts=conflicts,
        candidates=tuple(candidates),
        places=places,
        unrecommended=_codes(result.get("tanpa_rekomendasi", [])),
        choice=choice,
        named=frozenset(named),
    )


def minutes_recipients(session: Session, sidang_ref: str) -> list[Recipient]:
    """Who receives the minutes, each in a private chat: the sidang's members who are still
    members of the committee, and the committee's PPK; only bound, active accounts that act
    for the committee's agency."""
    sidang = get_sidang(session, sidang_ref)
    now = members_now(session, sidang.committee_id)
    committee = session.get(Committee, sidang.committee_id)
    wanted = {a: r for a, r in now.items() if a in sidang.members or r == "ppk"}
    out: list[Recipient] = []
    for user in session.exec(
        select(BotUser).where(col(BotUser.id).in_(sorted(wanted))).order_by(col(BotUser.id))
    ).all():
        if user.id is None or user.revoked_at is not None or committee is None:
            continue
        agencies = session.exec(
            select(BotUserInstansi.instansi_id).where(col(BotUserInstansi.user_id) == user.id)
        ).all()
        if committee.instansi_id not in agencies:
            continue
        if user.telegram_id is None or user.telegram_id <= 0:
            continue  # not bound to a person's private chat
        out.append(Recipient(user.id, int(user.telegram_id), wanted[user.id]))
    return out
