"""Open311 API keys (hashes only), reports.media_url, daily report counts for the dashboard

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 03:05:33.717642
"""

import sqlalchemy as sa
from alembic import op

import portal.models

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('summary_refreshes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('through', portal.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', portal.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', portal.models.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_keys_owner_id'), ['owner_id'], unique=False)

    op.create_table('daily_report_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=20), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('value', sa.String(length=80), nullable=False),
    sa.Column('opened', sa.Integer(), nullable=False),
    sa.Column('closed', sa.Integer(), nullable=False),
    sa.Column('with_target', sa.Integer(), nullable=False),
    sa.Column('on_time', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dimension', 'day', 'value')
    )
    with op.batch_alter_table('daily_report_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_daily_report_counts_day'), ['day'], unique=False)

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('media_url', sa.String(length=500), nullable=True))
        batch_op.create_index('ix_reports_updated_at', ['updated_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_updated_at')
        batch_op.drop_column('media_url')

    with op.batch_alter_table('daily_report_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_daily_report_counts_day'))

    op.drop_table('daily_report_counts')
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_keys_owner_id'))

    op.drop_table('api_keys')
    op.drop_table('summary_refreshes')
