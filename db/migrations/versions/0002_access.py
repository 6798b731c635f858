"""Access: bot users and their agencies, invitations, callback payloads, rate-limit buckets.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 14:51:25.412242
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('callback_payload',
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('payload', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('token')
    )
    with op.batch_alter_table('callback_payload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callback_payload_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_callback_payload_owner'), ['owner'], unique=False)

    op.create_table('rate_bucket',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=96), nullable=False),
    sa.Column('window_start', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('bot_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('nama', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('pegawai_id', sa.Integer(), nullable=True),
    sa.Column('telegram_id', sa.BigInteger(), nullable=True),
    sa.Column('masa_jabatan_akhir', sa.Date(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('bound_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('revoked_reason', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.ForeignKeyConstraint(['pegawai_id'], ['pegawai.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('bot_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bot_user_pegawai_id'), ['pegawai_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bot_user_role'), ['role'], unique=False)
        batch_op.create_index(batch_op.f('ix_bot_user_telegram_id'), ['telegram_id'], unique=True)

    op.create_table('bot_user_instansi',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('instansi_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['instansi_id'], ['instansi.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['bot_user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'instansi_id')
    )
    with op.batch_alter_table('bot_user_instansi', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bot_user_instansi_instansi_id'), ['instansi_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bot_user_instansi_user_id'), ['user_id'], unique=False)

    op.create_table('undangan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('used_by_telegram_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['bot_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('undangan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_undangan_code_hash'), ['code_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_undangan_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('undangan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_undangan_user_id'))
        batch_op.drop_index(batch_op.f('ix_undangan_code_hash'))

    op.drop_table('undangan')
    with op.batch_alter_table('bot_user_instansi', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bot_user_instansi_user_id'))
        batch_op.drop_index(batch_op.f('ix_bot_user_instansi_instansi_id'))

    op.drop_table('bot_user_instansi')
    with op.batch_alter_table('bot_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bot_user_telegram_id'))
        batch_op.drop_index(batch_op.f('ix_bot_user_role'))
        batch_op.drop_index(batch_op.f('ix_bot_user_pegawai_id'))

    op.drop_table('bot_user')
    op.drop_table('rate_bucket')
    with op.batch_alter_table('callback_payload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callback_payload_owner'))
        batch_op.drop_index(batch_op.f('ix_callback_payload_expires_at'))

    op.drop_table('callback_payload')
