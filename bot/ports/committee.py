"""Which group chats are talent committees, and who may act in them.

:func:`committee_group_allows` is the one check a group gate calls before any committee
action in a group: the chat must be a registered committee's group *as it is now* (a group
that moved to a supergroup is followed, its old id no longer counts), and the sender must be a
bound, unrevoked account that is a current member of that committee and acts for its agency.
Every other case is refused with a reason the caller may log (never shown to the group).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlmodel import col, select

from bot.ports.list_facts import conflict_flags
from db.audit import AuditLog
from db.audit.committee import (
    close_sidang,
    conflicts_of,
    current_chat,
    get_sidang,
    members_now,
    open_sidang,
    votes_of,
)
from db.audit.kinds import Actor
from db.audit.shortlist import candidate_rows, get_shortlist_row
from db.engine import Session
from db.models import (
    BotUser,
    BotUserInstansi,
    Committee,
    CommitteeChat,
    ShortlistReveal,
    Sidang,
    SidangClose,
)
from knowledge.rules.committee import Outcome, Recommendation, Vote, committee_order


class GroupRefusal(StrEnum):
    unregistered = "unregistered"  # no committee has this chat as its group now
    unbound = "unbound"  # the sender is not a bound, active account
    not_member = "not_member"  # bound, but not a current member of this committee
    other_agency = "other_agency"  # a member record, but the account no longer acts for it


@dataclass(frozen=True)
class GroupDecision:
    committee_id: int | None
    account_id: int | None
    refusal: GroupRefusal | None = None

    def __bool__(self) -> bool:
        return self.refusal is None


def committee_of_chat(session: Session, chat_id: int) -> int | None:
    """The committee whose group is ``chat_id`` now (after any move), or ``None``."""
    candidates = {
        int(i)
        for i in session.exec(select(Committee.id).where(Committee.chat_id == chat_id)).all()
        if i is not None
    }
    candidates |= {
        int(i)
        for i in session.exec(
            select(CommitteeChat.committee_id).where(CommitteeChat.new_chat_id == chat_id)
        ).all()
    }
    for cid in sorted(candidates, reverse=True):
        if current_chat(session, cid) == chat_id:
            return cid
    return None


def committee_group_allows(
    session: Session, *, chat_id: int, telegram_id: int, now: datetime | None = None
) -> GroupDecision:
    """May the sender ``telegram_id`` act as a committee member in group ``chat_id``?"""
    cid = committee_of_chat(session, chat_id)
    if cid is None:
        return GroupDecision(None, None, GroupRefusal.unregistered)
    user = session.exec(select(BotUser).where(BotUser.telegram_id == telegram_id)).first()
    today = (now or datetime.now(UTC)).date()
    if (
        user is None
        or user.id is None
        or user.revoked_at is not None
        or (user.masa_jabatan_akhir is not None and user.masa_jabatan_akhir < today)
    ):
        return GroupDecision(cid, None, GroupRefusal.unbound)
    if user.id not in members_now(session, cid):
        return GroupDecision(cid, user.id, GroupRefusal.not_member)
    committee = session.get(Committee, cid)
    agencies = set(
        session.exec(
            select(BotUserInstansi.instansi_id).where(col(BotUserInstansi.user_id) == user.id)
        ).all()
    )
    if committee is None or committee.instansi_id not in agencies:
        return GroupDecision(cid, user.id, GroupRefusal.other_agency)
    return GroupDecision(cid, user.id)


def known_conflicts(
    session: Session, members: Sequence[int], candidate_ids: Sequence[int]
) -> list[tuple[int, int, str]]:
    """(account, rank, note) for every member the records tie to a candidate of the list:
    the member themselves, family, the same unit, the line of command
    (``knowledge/rules/conflicts.py``, each member judged as the asker)."""
    out: list[tuple[int, int, str]] = []
    for account in members:
        user = session.get(BotUser, account)
        if user is None or user.pegawai_id is None:
            continue
        for rank, pid in enumerate(candidate_ids, start=1):
            flags = conflict_flags(session, user.pegawai_id, [pid]).get(pid, [])
            if flags:
                out.append((account, rank, "; ".join(flags)[:200]))
    return out


def open_committee_sidang(
    session: Session,
    audit: AuditLog,
    *,
    actor: Actor,
    committee_id: int,
    shortlist_ref: str,
    quorum: int,
    closes_at: datetime,
) -> str:
    """Open a sidang for the committee's current members, with the conflicts the records
    already know recorded before anyone sees a name."""
    members = sorted(members_now(session, committee_id))
    shortlist = get_shortlist_row(session, shortlist_ref)
    assert shortlist.id is not None
    ids = [c.pegawai_id for c in candidate_rows(session, shortlist.id)]
    known = known_conflicts(session, members, ids)
    session.commit()  # the audit writer takes the write lock
    return open_sidang(
        audit,
        actor=actor,
        committee_id=committee_id,
        shortlist_ref=shortlist.ref,
        quorum=quorum,
        closes_at=closes_at,
        members=members,
        known_conflicts=known,
    )


def sidang_outcome(session: Session, sidang_ref: str) -> Outcome:
    """The order the rule gives the sidang's recommendations now."""
    sidang = get_sidang(session, sidang_ref)
    assert sidang.id is not None
    ranks = [c.rank for c in candidate_rows(session, sidang.shortlist_id)]
    votes = [
        Vote(v.account_id, v.rank, Recommendation(v.recommendation))
        for v in votes_of(session, sidang.id)
    ]
    barred = {(c.account_id, c.rank) for c in conflicts_of(session, sidang.id)}
    members = set(members_now(session, sidang.committee_id)) & set(sidang.members)
    return committee_order(ranks, votes, members=members, conflicts=barred, quorum=sidang.quorum)


def close_with_order(
    session: Session, audit: AuditLog, *, actor: Actor, sidang_ref: str
) -> Outcome:
    """Close the sidang once, recording its outcome ("kuorum" / "tanpa_kuorum") and, with
    quorum, the order (ties as one place); without quorum only the counts."""
    out = sidang_outcome(session, sidang_ref)
    result: dict[str, object] = {
        "pemberi_rekomendasi": len(out.voters),
        "kuorum": out.quorum,
        "hitungan": {
            f"K{t.rank}": [t.layak, t.pertimbangkan, t.tidak, len(t.barred)] for t in out.tallies
        },
        "tidak_dihitung": list(out.ignored_members),
    }
    if out.quorum_met:
        result["urutan"] = [[f"K{r}" for r in place] for place in out.places]
        result["tanpa_rekomendasi"] = [f"K{r}" for r in out.unrecommended]
    session.commit()
    close_sidang(
        audit,
        actor=actor,
        sidang_ref=sidang_ref,
        outcome="kuorum" if out.quorum_met else "tanpa_kuorum",
        result=result,
    )
    return out


def progress_line(session: Session, sidang_ref: str) -> str:
    """What the group may see while the sidang runs: how many members have given a valid
    recommendation, never who gave what."""
    sidang = get_sidang(session, sidang_ref)
    out = sidang_outcome(session, sidang_ref)
    members = set(members_now(session, sidang.committee_id)) & set(sidang.members)
    return (
        f"Sidang {sidang.ref}: {len(out.voters)} dari {len(members)} anggota sudah memberi "
        f"rekomendasi (kuorum {sidang.quorum})."
    )


# -- narrow queries the committee flows need (the flows do not write SQL) -------------------


def latest_open_sidang(session: Session, committee_id: int) -> Sidang | None:
    """The committee's sidang still open (the latest, if ever more than one)."""
    closed = select(SidangClose.sidang_id)
    return session.exec(
        select(Sidang)
        .where(Sidang.committee_id == committee_id, col(Sidang.id).not_in(closed))
        .order_by(col(Sidang.id).desc())
    ).first()


def all_open_sidangs(session: Session) -> list[Sidang]:
    """Every sidang not yet closed, of every committee (the closing clock's work list)."""
    closed = select(SidangClose.sidang_id)
    return list(session.exec(select(Sidang).where(col(Sidang.id).not_in(closed))).all())


def bound_telegram_ids(session: Session, accounts: Sequence[int]) -> dict[int, int]:
    """Account id -> Telegram id (a private chat's id) of bound, unrevoked accounts."""
    if not accounts:
        return {}
    users = session.exec(
        select(BotUser).where(
            col(BotUser.id).in_(sorted(accounts)), col(BotUser.revoked_at).is_(None)
        )
    ).all()
    return {int(u.id): int(u.telegram_id) for u in users if u.id is not None and u.telegram_id}


def account_agencies(session: Session, account_id: int) -> set[int]:
    """The agencies an account acts for."""
    return set(
        session.exec(
            select(BotUserInstansi.instansi_id).where(col(BotUserInstansi.user_id) == account_id)
        ).all()
    )


def reveal_times(session: Session, shortlist_id: int, account_id: int) -> list[datetime]:
    """When ``account_id`` pressed "Tampilkan identitas" on the shortlist (recorded reveals)."""
    rows = session.exec(
        select(ShortlistReveal).where(
            ShortlistReveal.shortlist_id == shortlist_id,
            ShortlistReveal.actor_id == str(account_id),
        )
    ).all()
    return [r.at for r in rows]


def eligible_accounts(session: Session, instansi_id: int, roles: Sequence[str]) -> dict[int, str]:
    """Active accounts acting for ``instansi_id`` whose role is one of ``roles``: account id ->
    role (the people a committee of that agency may take as members)."""
    rows = session.exec(
        select(BotUser.id, BotUser.role)
        .join(BotUserInstansi, col(BotUserInstansi.user_id) == col(BotUser.id))
        .where(
            BotUserInstansi.instansi_id == instansi_id,
            col(BotUser.role).in_(sorted(roles)),
            col(BotUser.revoked_at).is_(None),
        )
    ).all()
    return {int(uid): str(role) for uid, role in rows if uid is not None}
