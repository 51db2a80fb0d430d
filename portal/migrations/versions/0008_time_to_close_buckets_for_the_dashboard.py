"""Time-to-close buckets for the dashboard

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 05:23:40.985753
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('close_time_counts',
    sa.Column('dimension', sa.String(length=20), nullable=False),
    sa.Column('span', sa.String(length=5), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('value', sa.String(length=80), nullable=False),
    sa.Column('bucket', sa.Integer(), nullable=False),
    sa.Column('closed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('dimension', 'span', 'first_day', 'value', 'bucket'),
    sqlite_with_rowid=False
    )


def downgrade() -> None:
    op.drop_table('close_time_counts')
