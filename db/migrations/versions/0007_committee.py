"""committee: registered groups, membership, sidang, closing, votes, conflicts

Every row is written once and covered by the audit chain like shortlist rows
(``entry_seq`` + ``row_hash``, listed in the entry's ``rows`` manifest).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 06:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_S = sqlmodel.sql.sqltypes.AutoString


def _covered() -> list[sa.Column[object]]:
    return [
        sa.Column("entry_seq", sa.Integer(), nullable=False),
        sa.Column("row_hash", _S(length=64), nullable=True),
    ]


def _when(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _indexes(table: str, *cols: str) -> None:
    with op.batch_alter_table(table, schema=None) as b:
        for c in cols:
            b.create_index(
                b.f(f"ix_{table}_{c}"),
                [c],
                unique=c == "ref" or table == "sidang_close" and c == "sidang_id",
            )


def upgrade() -> None:
    op.create_table(
        "committee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instansi_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("title", _S(length=200), nullable=False),
        _when("created_at"),
        sa.Column("created_by", _S(length=64), nullable=False),
        *_covered(),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("committee", "instansi_id", "chat_id", "entry_seq")
    op.create_table(
        "committee_chat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("old_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("new_chat_id", sa.BigInteger(), nullable=False),
        _when("at"),
        *_covered(),
        sa.ForeignKeyConstraint(["committee_id"], ["committee.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("committee_chat", "committee_id", "new_chat_id", "entry_seq")
    op.create_table(
        "committee_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("role", _S(length=32), nullable=False),
        sa.Column("action", _S(length=8), nullable=False),
        _when("at"),
        sa.Column("by", _S(length=64), nullable=False),
        *_covered(),
        sa.ForeignKeyConstraint(["committee_id"], ["committee.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("committee_member", "committee_id", "account_id", "entry_seq")
    op.create_table(
        "sidang",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", _S(length=24), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("shortlist_id", sa.Integer(), nullable=False),
        _when("opened_at"),
        sa.Column("opened_by", _S(length=64), nullable=False),
        sa.Column("quorum", sa.Integer(), nullable=False),
        _when("closes_at"),
        sa.Column("members", sa.JSON(), nullable=False),
        *_covered(),
        sa.ForeignKeyConstraint(["committee_id"], ["committee.id"]),
        sa.ForeignKeyConstraint(["shortlist_id"], ["shortlist.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("sidang", "ref", "committee_id", "shortlist_id", "entry_seq")
    op.create_table(
        "sidang_close",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sidang_id", sa.Integer(), nullable=False),
        _when("at"),
        sa.Column("by", _S(length=64), nullable=False),
        sa.Column("outcome", _S(length=16), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        *_covered(),
        sa.ForeignKeyConstraint(["sidang_id"], ["sidang.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("sidang_close", "sidang_id", "entry_seq")
    op.create_table(
        "sidang_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sidang_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("recommendation", _S(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _when("at"),
        *_covered(),
        sa.ForeignKeyConstraint(["sidang_id"], ["sidang.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("sidang_vote", "sidang_id", "account_id", "entry_seq")
    op.create_table(
        "sidang_conflict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sidang_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("source", _S(length=16), nullable=False),
        sa.Column("note", _S(length=200), nullable=False),
        _when("at"),
        *_covered(),
        sa.ForeignKeyConstraint(["sidang_id"], ["sidang.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("sidang_conflict", "sidang_id", "account_id", "entry_seq")


def downgrade() -> None:
    for table in (
        "sidang_conflict",
        "sidang_vote",
        "sidang_close",
        "sidang",
        "committee_member",
        "committee_chat",
        "committee",
    ):
        op.drop_table(table)
