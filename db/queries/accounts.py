"""The assistant's users, their agencies and their one-time invitation codes."""

from __future__ import annotations

from sqlmodel import Session, col, select

from db.models import BotUser, BotUserInstansi, Undangan


def users(*, session: Session) -> list[BotUser]:
    return list(session.exec(select(BotUser).order_by(col(BotUser.id))).all())


def users_bound_to(*, session: Session, telegram_id: int) -> list[BotUser]:
    """The users bound to a Telegram account (one at most, unless a rebind is under way)."""
    return list(session.exec(select(BotUser).where(BotUser.telegram_id == telegram_id)).all())


def granted_instansi_ids(*, session: Session, user_id: int) -> frozenset[int]:
    return frozenset(
        session.exec(
            select(BotUserInstansi.instansi_id).where(BotUserInstansi.user_id == user_id)
        ).all()
    )


def invitation_by_hash(*, session: Session, code_hash: str) -> Undangan | None:
    return session.exec(select(Undangan).where(Undangan.code_hash == code_hash)).first()


def open_invitations(*, session: Session, user_id: int) -> list[Undangan]:
    """The user's codes not yet used."""
    return list(
        session.exec(
            select(Undangan).where(Undangan.user_id == user_id, col(Undangan.used_at).is_(None))
        ).all()
    )
