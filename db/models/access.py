"""Who may use the assistant, and the conversation state that must outlive one process.

Bindings, one-time invitation codes, callback payloads (Telegram gives 64 bytes; we store the
payload here and send only an opaque token), rate-limit buckets and the Telegram updates already
taken on live in the database so a restart or a second worker sees the same state.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


class BotUser(SQLModel, table=True):
    """A person allowed to use the bot, with a role; bound to one Telegram account at a time."""

    __tablename__ = "bot_user"

    id: int | None = Field(default=None, primary_key=True)
    role: str = Field(max_length=16, index=True)  # bot.chat.access.Role
    nama: str = Field(max_length=200)
    # ASN users are bound to their employee record; a PPK (governor, regent) may have no NIP.
    pegawai_id: int | None = Field(default=None, foreign_key="pegawai.id", index=True)
    telegram_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, unique=True, index=True, nullable=True)
    )
    masa_jabatan_akhir: date | None = None  # end of a PPK's term: access ends after this day
    created_at: datetime
    created_by: str = Field(default="cli", max_length=64)
    bound_at: datetime | None = None
    revoked_at: datetime | None = None
    revoked_reason: str | None = Field(default=None, max_length=200)


class BotUserInstansi(SQLModel, table=True):
    """The agencies a user acts for (an admin of PROV administers PROV only unless granted)."""

    __tablename__ = "bot_user_instansi"
    __table_args__ = (UniqueConstraint("user_id", "instansi_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="bot_user.id", index=True)
    instansi_id: int = Field(foreign_key="instansi.id", index=True)


class Undangan(SQLModel, table=True):
    """A one-time binding code. Only its SHA-256 is stored; the code itself is shown once."""

    __tablename__ = "undangan"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="bot_user.id", index=True)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    used_by_telegram_id: int | None = Field(default=None, sa_column=Column(BigInteger))


class CallbackPayload(SQLModel, table=True):
    """What an inline button means. The button carries only ``token``; the owner is checked."""

    __tablename__ = "callback_payload"

    token: str = Field(primary_key=True, max_length=32)
    owner: str = Field(max_length=64, index=True)  # "tg:<id>" or "console:<session>"
    action: str = Field(max_length=32)
    payload: str  # JSON
    created_at: datetime
    expires_at: datetime = Field(index=True)


class RateBucket(SQLModel, table=True):
    """A fixed-window counter (per user, per kind) shared by every worker."""

    __tablename__ = "rate_bucket"

    key: str = Field(primary_key=True, max_length=96)
    window_start: datetime
    count: int = 0


class TelegramUpdate(SQLModel, table=True):
    """A Telegram update a worker took on: Telegram delivers an update again after a webhook
    error or a restart, and every worker must answer it only once.

    ``done_at`` None: being answered since ``claimed_at`` (or its worker died; the claim then
    lapses). Rows are deleted after a retention longer than Telegram keeps updates (24 hours).
    """

    __tablename__ = "telegram_update"

    bot_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    claimed_at: datetime = Field(index=True)
    done_at: datetime | None = None
