"""Which group chats are talent committees, and who may act in them.

:func:`committee_group_allows` is the one check a group gate calls before any committee
action in a group: the chat must be a registered committee's group *as it is now* (a group
that moved to a supergroup is followed, its old id no longer counts), and the sender must be a
bound, unrevoked account that is a current member of that committee and acts for its agency.
Every other case is refused with a reason the caller may log (never shown to the group).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlmodel import col, select

from db.audit.committee import current_chat, members_now
from db.engine import Session
from db.models import BotUser, BotUserInstansi, Committee, CommitteeChat


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
