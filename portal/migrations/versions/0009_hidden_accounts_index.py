"""Partial index of hidden (deactivated or deleted) accounts for leaderboard standings

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 07:17:01.718263
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

HIDDEN_USERS = sa.text('(active = false OR deleted_at IS NOT NULL)')


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index('ix_users_hidden', ['id'], unique=False, sqlite_where=HIDDEN_USERS,
                              postgresql_where=HIDDEN_USERS)


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_hidden')
