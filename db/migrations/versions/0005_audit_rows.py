"""audit rows covered by the chain: row hashes, entry manifests, entry pointers

Every row of ``audit_subject``, ``shortlist`` (the list and, separately, its choice),
``shortlist_candidate`` and ``shortlist_reveal`` gets a ``row_hash`` that the entry covering it
lists in ``audit_entry.rows``; the entry's HMAC covers ``rows_hash``. Candidates get the seq of
their list's entry (backfilled from the list).

Existing rows keep ``row_hash`` NULL and existing entries ``rows_hash`` NULL: their HMACs were
computed without a manifest and cannot be re-signed without rewriting the chain (which would
break every anchor). ``talenta audit verify`` checks those rows against what their entries
recorded instead: subjects against ``subjects_hash``; lists, candidates, choices and reveals
against the entry's payload while it is kept, and by kind (each reveal and choice entry has
its row) after it is purged.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _hash() -> sa.Column[str]:
    return sa.Column("row_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)


def upgrade() -> None:
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rows", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("rows_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
    with op.batch_alter_table("audit_subject", schema=None) as batch_op:
        batch_op.add_column(_hash())
    with op.batch_alter_table("shortlist", schema=None) as batch_op:
        batch_op.add_column(_hash())
        batch_op.add_column(
            sa.Column("choice_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
        )
        batch_op.create_index(
            batch_op.f("ix_shortlist_choice_entry_seq"), ["choice_entry_seq"], unique=False
        )
    with op.batch_alter_table("shortlist_candidate", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_seq", sa.Integer(), nullable=True))
        batch_op.add_column(_hash())
        batch_op.create_index(
            batch_op.f("ix_shortlist_candidate_entry_seq"), ["entry_seq"], unique=False
        )
    with op.batch_alter_table("shortlist_reveal", schema=None) as batch_op:
        batch_op.add_column(_hash())
        batch_op.create_index(batch_op.f("ix_shortlist_reveal_entry_seq"), ["entry_seq"], unique=False)
    # A candidate belongs to its list's entry.
    op.execute(
        "UPDATE shortlist_candidate SET entry_seq = "
        "(SELECT shortlist.entry_seq FROM shortlist "
        "WHERE shortlist.id = shortlist_candidate.shortlist_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("shortlist_reveal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shortlist_reveal_entry_seq"))
        batch_op.drop_column("row_hash")
    with op.batch_alter_table("shortlist_candidate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shortlist_candidate_entry_seq"))
        batch_op.drop_column("row_hash")
        batch_op.drop_column("entry_seq")
    with op.batch_alter_table("shortlist", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shortlist_choice_entry_seq"))
        batch_op.drop_column("choice_hash")
        batch_op.drop_column("row_hash")
    with op.batch_alter_table("audit_subject", schema=None) as batch_op:
        batch_op.drop_column("row_hash")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_column("rows_hash")
        batch_op.drop_column("rows")
