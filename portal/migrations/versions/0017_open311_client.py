"""Reports sent to an upstream Open311 system (open311_sends)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 16:40:00
"""

import sqlalchemy as sa
from alembic import op

import portal.models

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

Utc = portal.models.UtcDateTime


def upgrade() -> None:
    op.create_table('open311_sends',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('client_request_id', sa.String(length=64), nullable=False),
    sa.Column('route', sa.String(length=80), nullable=False),
    sa.Column('service_code', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', Utc(timezone=True), nullable=False),
    sa.Column('claimed_at', Utc(timezone=True), nullable=True),
    sa.Column('upstream_id', sa.String(length=80), nullable=True),
    sa.Column('upstream_token', sa.String(length=80), nullable=True),
    sa.Column('upstream_status', sa.String(length=20), nullable=False),
    sa.Column('upstream_notes', sa.Text(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('last_error_at', Utc(timezone=True), nullable=True),
    sa.Column('created_at', Utc(timezone=True), nullable=False),
    sa.Column('sent_at', Utc(timezone=True), nullable=True),
    sa.Column('polled_at', Utc(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_request_id'),
    sa.UniqueConstraint('report_id')
    )
    op.create_index('ix_open311_sends_due', 'open311_sends', ['status', 'next_attempt_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_open311_sends_due', table_name='open311_sends')
    op.drop_table('open311_sends')
