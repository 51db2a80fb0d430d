"""The feed's newest closures from an index (status, closed_at); the summary refresh's margin fingerprint and last totals check

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 16:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index('ix_reports_status_closed', ['status', 'closed_at'], unique=False)
    with op.batch_alter_table('summary_refreshes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('window_reports', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('window_ids', sa.BigInteger(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('summary_refreshes', schema=None) as batch_op:
        batch_op.drop_column('checked_at')
        batch_op.drop_column('window_ids')
        batch_op.drop_column('window_reports')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_status_closed')
