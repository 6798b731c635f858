"""Talent committee tables: the committee (a registered Telegram group), its membership
events, a sidang on a recorded shortlist, its closing, the members' recommendations and the
conflicts of interest.

Every row is written once and never updated: a member removed is a new membership row, a
changed recommendation a new vote row (the latest counts), a sidang closed a ``sidang_close``
row. Each row stores the audit entry that covers it (``entry_seq``) and its ``row_hash``, the
same way shortlist rows are covered (``db/audit/rows.py``), so ``audit verify`` names a row
changed, added or deleted behind the chain's back. Votes and conflicts refer to candidates by
their rank on the shortlist (the code K1…Kn), never by name.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Text
from sqlmodel import Field, SQLModel


def _utc(*, nullable: bool) -> Any:
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=nullable))


class Committee(SQLModel, table=True):
    """A Telegram group registered as an agency's talent committee."""

    __tablename__ = "committee"

    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(index=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    title: str = Field(max_length=200)
    created_at: datetime = _utc(nullable=False)
    created_by: str = Field(max_length=64)  # account id of the agency admin
    entry_seq: int = Field(index=True)
    row_hash: str | None = Field(default=None, max_length=64)


class CommitteeChat(SQLModel, table=True):
    """A move of the committee's group to a new chat id (Telegram's migrate_to_chat_id)."""

    __tablename__ = "committee_chat"

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    old_chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    new_chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    at: datetime = _utc(nullable=False)
    entry_seq: int = Field(index=True)
    row_hash: str | None = Field(default=None, max_length=64)


class CommitteeMember(SQLModel, table=True):
    """A membership event: ``action`` "add" or "remove" of a bound account."""

    __tablename__ = "committee_member"

    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    account_id: int = Field(index=True)
    role: str = Field(max_length=32)  # komite | ppk
    action: str = Field(max_length=8)  # add | remove
    at: datetime = _utc(nullable=False)
    by: str = Field(max_length=64)
    entry_seq: int = Field(index=True)
    row_hash: str | None = Field(default=None, max_length=64)


class Sidang(SQLModel, table=True):
    """A committee session on one recorded shortlist, with its quorum and closing time."""

    __tablename__ = "sidang"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=24, unique=True, index=True)  # SK-2026-000001
    committee_id: int = Field(foreign_key="committee.id", index=True)
    shortlist_id: int = Field(foreign_key="shortlist.id", index=True)
    opened_at: datetime = _utc(nullable=False)
    opened_by: str = Field(max_length=64)
    quorum: int
    closes_at: datetime = _utc(nullable=False)
    members: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    entry_seq: int = Field(index=True)
    row_hash: str | None = Field(default=None, max_length=64)


class SidangClose(SQLModel, table=True):
    """The closing of a sidang: how (quorum met or not), the order it produced, the votes."""

    __tablename__ = "sidang_close"

    id: int | None = Field(default=None, primary_key=True)
    sidang_id: int = Field(foreign_key="sidang.id", unique=True, index=True)
    at: datetime = _utc(nullable=False)
    by: str = Field(max_length=64)  # account id, or "system" at the closing time
    outcome: str = Field(max_length=16)  # kuorum | tanpa_kuorum
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    entry_seq: int = Field(index=True)
    row_hash: str | None = Field(default=None, max_length=64)


class SidangVote(SQLModel, table=True):
    """One member's recommendation on one candidate (by rank); the latest row counts."""

    __tablename__ = "sidang_vote"

    id: int | None = Field(default=None, primary_key=True)
    sidang_id: int = Field(foreign_key="sidang.id", index=True)
    account_id: int = Field(index=True)
    rank: int
    recommendation: str = Field(max_length=16)  # layak | pertimbangkan | tidak
    reason: str = Field(sa_column=Column(Text, nullable=False))
    at: datetime = _utc(nullable=False)
    entry_seq: int = Field(index=True)
    row_hash: str | None = Field(default=None, max_length=64)


class SidangConflict(SQLModel, table=True):
    """A member barred from one candidate: known to the records, or declared by the member."""

    __tablename__ = "sidang_conflict"

    id: int | None = Field(default=None, primary_key=True)
    sidang_id: int = Field(foreign_key="sidang.id", index=True)
    account_id: int = Field(index=True)
    rank: int
    source: str = Field(max_length=16)  # tercatat | dinyatakan
    note: str = Field(max_length=200)
    at: datetime = _utc(nullable=False)
    entry_seq: int = Field(index=True)
    row_hash: str | None = Field(default=None, max_length=64)
