"""What every ``/komite`` sub-command shares: the committee of a group, its open sidang, the
members' private chats, the candidate codes a group may see, and short notes.

Nothing here shows personal data: candidates are codes K1…Kn with blind rows (the same rule
as a blind-first list, ``knowledge/rules/blind.py``), members are account numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.chat.access import Role
from bot.chat.render import Renderer
from bot.chat.replies import Reply
from bot.chat.turn import Turn
from bot.ports.committee import (
    GroupDecision,
    GroupRefusal,
    all_open_sidangs,
    bound_telegram_ids,
    committee_group_allows,
    latest_open_sidang,
)
from bot.ports.pool_facts import blind_view
from bot.ports.services import Services
from db.audit import AuditLog
from db.audit.committee import closing, conflicts_of, current_chat, members_now
from db.audit.shortlist import candidate_rows
from db.engine import Session
from db.models import Committee, Sidang

log = logging.getLogger("talenta.committee")

MEMBER_ROLES = frozenset({Role.komite, Role.ppk})  # who may sit on a committee
OPENER_ROLES = frozenset({Role.ppk, Role.hr})  # who opens and closes a sidang

REFUSAL_TEXT: dict[GroupRefusal, str] = {
    GroupRefusal.unregistered: "Grup ini belum terdaftar sebagai grup komite talenta.",
    GroupRefusal.unbound: (
        "Akun Telegram Anda belum terhubung dengan Talenta. Hubungkan lewat chat pribadi "
        "dengan bot."
    ),
    GroupRefusal.not_member: "Anda bukan anggota komite ini.",
    GroupRefusal.other_agency: "Akun Anda tidak lagi bertindak untuk instansi komite ini.",
}
PRIVATE_ONLY = (
    "Rekomendasi dan konflik disampaikan lewat chat pribadi dengan bot, agar grup tidak "
    "melihat siapa memberi apa. Pesan ini tidak dicatat."
)
NO_OPEN_SIDANG = "Tidak ada sidang komite yang sedang terbuka."


def note(turn: Turn, message: str, *, chat_id: int | None = None) -> Reply:
    """A short plain answer (a refusal, a confirmation), to this chat or to ``chat_id``."""
    return with_chat(turn.reply("committee_note", message=message), chat_id)


def with_chat(reply: Reply, chat_id: int | None) -> Reply:
    return reply if chat_id is None else replace(reply, chat_id=chat_id)


def render(
    renderer: Renderer, kind: str, *, chat_id: int, personal: bool = False, **context: Any
) -> Reply:
    """A reply built outside a request (the closing clock): no buttons, to ``chat_id``."""
    return Reply(
        kind=kind,
        html=renderer.render(kind, **context),
        personal_data=personal,
        chat_id=chat_id,
    )


def audit_of(services: Services) -> AuditLog | None:
    acc = services.accountability
    return acc.audit if acc is not None else None


def group_member(turn: Turn) -> GroupDecision:
    """The group gate of a committee action: registered group (as it is now), current member
    acting for the committee's agency."""
    assert turn.inbound.chat_id is not None and turn.inbound.telegram_id is not None
    decision = committee_group_allows(
        turn.session, chat_id=turn.inbound.chat_id, telegram_id=turn.inbound.telegram_id
    )
    if not decision:
        log.info(
            "committee action refused",
            extra={"actor": turn.identity.actor, "reason": str(decision.refusal)},
        )
    return decision


def refusal(turn: Turn, decision: GroupDecision) -> Reply:
    assert decision.refusal is not None
    return note(turn, REFUSAL_TEXT[decision.refusal])


def acts_for(turn: Turn, committee_id: int) -> Committee | None:
    """The committee, when the asker is an active account acting for its agency."""
    committee = turn.session.get(Committee, committee_id)
    ident = turn.identity
    if committee is None or not ident.is_bound or committee.instansi_id not in ident.instansi_ids:
        return None
    return committee


def open_sidang_of(session: Session, committee_id: int) -> Sidang | None:
    """The committee's sidang still open (the latest, if ever more than one)."""
    return latest_open_sidang(session, committee_id)


def open_sidangs(session: Session) -> list[Sidang]:
    return all_open_sidangs(session)


def is_closed(session: Session, sidang: Sidang) -> bool:
    assert sidang.id is not None
    return closing(session, sidang.id) is not None


def voting_members(session: Session, sidang: Sidang) -> list[int]:
    """Members of the sidang who are still members of the committee."""
    return sorted(set(sidang.members) & set(members_now(session, sidang.committee_id)))


def telegram_ids(session: Session, accounts: Collection[int]) -> dict[int, int]:
    """Account id -> Telegram id (a private chat's id) of bound, unrevoked accounts."""
    return bound_telegram_ids(session, sorted(accounts))


def group_chat(session: Session, sidang: Sidang) -> int:
    return current_chat(session, sidang.committee_id)


def candidate_codes(session: Session, sidang: Sidang) -> list[dict[str, Any]]:
    """K1…Kn with their blind rows, against every active employee of the committee's agency:
    every combination shown is shared by at least ``blind.k_min`` people."""
    committee = session.get(Committee, sidang.committee_id)
    assert committee is not None
    rows = sorted(candidate_rows(session, sidang.shortlist_id), key=lambda c: c.rank)
    view = blind_view(session, [committee.instansi_id], [c.pegawai_id for c in rows])
    return [{"rank": c.rank, "blind": b.as_dict()} for c, b in zip(rows, view.rows, strict=True)]


def barred_ranks(session: Session, sidang: Sidang, account_id: int) -> dict[int, str]:
    """Rank -> note of the candidates the member may not judge (known or declared conflict)."""
    assert sidang.id is not None
    return {c.rank: c.note for c in conflicts_of(session, sidang.id) if c.account_id == account_id}


def aware(ts: datetime) -> datetime:
    """SQLite gives back naive datetimes; the application writes UTC."""
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)


def ranks_of(session: Session, sidang: Sidang) -> Sequence[int]:
    return sorted(c.rank for c in candidate_rows(session, sidang.shortlist_id))
