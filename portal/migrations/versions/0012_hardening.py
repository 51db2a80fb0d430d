"""Hardening: atomic filing limits, Street Bump contributors, device tokens

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 16:10:00
"""

import sqlalchemy as sa
from alembic import op

import portal.models

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hourly_counts',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('hour', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'hour')
    )
    op.create_table('device_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', portal.models.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )


def downgrade() -> None:
    op.drop_table('device_tokens')
    op.drop_table('hourly_counts')
