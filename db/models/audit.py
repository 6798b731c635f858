"""Accountability tables: the hash-chained audit log, shortlist records and the HR case queue.

The chain itself lives in ``audit_entry``; every other table here is a convenience index or a
record whose integrity the chain vouches for. Each such row stores which entry covers it
(``entry_id``/``entry_seq``) and its ``row_hash``; that entry lists ``[table, id, row_hash]`` of
every row it covers in ``rows``, and the entry's HMAC covers ``rows_hash`` (the hash of that
list), so a row changed, added or deleted behind the chain's back shows. Rows written before
the columns existed have ``row_hash`` NULL and are checked against their entry's payload
instead (see ``docs/accountability.md``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Text
from sqlmodel import Field, SQLModel


def _utc_column(*, nullable: bool, index: bool = False) -> Any:
    return Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=nullable, index=index)
    )


class AuditEntry(SQLModel, table=True):
    """One link of the chain. Never updated, except ``payload``/``purged_at`` by retention."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    # Gapless 1, 2, 3 … under the append lock; unique as a backstop against a forked chain.
    seq: int = Field(unique=True, index=True)
    ts: datetime = _utc_column(nullable=False, index=True)
    kind: str = Field(max_length=32, index=True)  # db.audit.kinds.AuditKind
    actor_type: str = Field(max_length=16)  # telegram | console | cli | system
    actor_id: str = Field(max_length=64)  # bound account id, or the OS user for the CLI
    actor_role: str | None = Field(default=None, max_length=32)
    actor_instansi: str | None = Field(default=None, max_length=16)  # agency code
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    payload_hash: str = Field(max_length=64)
    subjects_hash: str = Field(max_length=64)
    prev_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64)
    purged_at: datetime | None = _utc_column(nullable=True)
    subjects_purged_at: datetime | None = _utc_column(nullable=True)
    # [[table, row id, row_hash], …] of the rows this entry covers (db.audit.rows), and its
    # hash, which the HMAC covers. NULL on entries written before rows were covered (v1).
    rows: list[Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    rows_hash: str | None = Field(default=None, max_length=64)


class AuditSubject(SQLModel, table=True):
    """Which employees an entry concerns, in order: makes "which searches returned me" a query.

    No foreign key to ``pegawai``: the record of processing must outlive an erased profile.
    """

    __tablename__ = "audit_subject"
    __table_args__ = (Index("ix_audit_subject_pegawai_entry", "pegawai_id", "entry_id"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="audit_entry.id", index=True)
    pegawai_id: int
    rank: int | None = None
    score: float | None = None
    row_hash: str | None = Field(default=None, max_length=64)


class Shortlist(SQLModel, table=True):
    """A candidate list exactly as a PPK saw it, reopenable by ``ref`` (e.g. SL-2026-000123)."""

    __tablename__ = "shortlist"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=24, unique=True, index=True)
    created_at: datetime = _utc_column(nullable=False, index=True)
    entry_seq: int = Field(index=True)  # the audit entry that recorded this list
    instansi_id: int | None = Field(default=None, index=True)  # agency the list was drawn for
    jabatan_id: int | None = Field(default=None, index=True)  # target position, when there is one
    actor_type: str = Field(max_length=16)
    actor_id: str = Field(max_length=64)
    actor_role: str | None = Field(default=None, max_length=32)
    actor_instansi: str | None = Field(default=None, max_length=16)
    blind: bool = True
    rendered: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    rendered_hash: str = Field(max_length=64)
    config_hash: str = Field(max_length=64)
    model: str = Field(max_length=200)
    index_version: str = Field(max_length=64)
    data_snapshot: str = Field(max_length=64)
    # Pool composition {"jenis_kelamin": {"L": n, …}, "usia": {"<30": n, …}}: fairness input.
    pool: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    chosen_pegawai_id: int | None = None
    chosen_at: datetime | None = _utc_column(nullable=True)
    chosen_by: str | None = Field(default=None, max_length=64)
    choice_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    choice_legal_ground: str | None = Field(default=None, max_length=200)
    choice_approval_ref: str | None = Field(default=None, max_length=200)
    choice_entry_seq: int | None = Field(default=None, index=True)  # the choice's own entry
    purged_at: datetime | None = _utc_column(nullable=True)
    row_hash: str | None = Field(default=None, max_length=64)  # covered by ``entry_seq``
    choice_hash: str | None = Field(default=None, max_length=64)  # by ``choice_entry_seq``


class ShortlistCandidate(SQLModel, table=True):
    """One row of a shortlist with the facts the choice rules and the fairness report need."""

    __tablename__ = "shortlist_candidate"
    __table_args__ = (Index("ix_shortlist_candidate_pegawai", "pegawai_id"),)

    id: int | None = Field(default=None, primary_key=True)
    shortlist_id: int = Field(foreign_key="shortlist.id", index=True)
    rank: int
    pegawai_id: int
    score: float | None = None
    eligible: bool = True
    in_succession_group: bool | None = None  # None: no group known for the position
    jenis_kelamin: str | None = Field(default=None, max_length=1)
    usia_band: str | None = Field(default=None, max_length=8)
    entry_seq: int | None = Field(default=None, index=True)  # the list's entry
    row_hash: str | None = Field(default=None, max_length=64)


class ShortlistReveal(SQLModel, table=True):
    """A "Tampilkan identitas" press on a blind-first list (``pegawai_id`` None: whole list)."""

    __tablename__ = "shortlist_reveal"

    id: int | None = Field(default=None, primary_key=True)
    shortlist_id: int = Field(foreign_key="shortlist.id", index=True)
    pegawai_id: int | None = None
    actor_id: str = Field(max_length=64)
    at: datetime = _utc_column(nullable=False)
    entry_seq: int = Field(index=True)  # the reveal's own entry
    row_hash: str | None = Field(default=None, max_length=64)


class HrCase(SQLModel, table=True):
    """An ASN's flag of a data error or contest of a nine-box placement, queued for HR."""

    __tablename__ = "hr_case"

    id: int | None = Field(default=None, primary_key=True)
    pegawai_id: int = Field(index=True)
    instansi_id: int | None = Field(default=None, index=True)
    kind: str = Field(max_length=16)  # db.audit.cases.CaseKind
    text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # None: purged
    status: str = Field(default="open", max_length=16, index=True)  # open | resolved
    created_at: datetime = _utc_column(nullable=False)
    resolved_at: datetime | None = _utc_column(nullable=True)
    resolved_by: str | None = Field(default=None, max_length=64)
    resolution: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    notified_at: datetime | None = _utc_column(nullable=True)
    purged_at: datetime | None = _utc_column(nullable=True)  # text and resolution removed
