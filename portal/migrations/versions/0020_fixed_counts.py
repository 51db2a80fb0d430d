"""How many of each day's reports were closed as fixed (daily_report_counts.fixed), so the leaderboards'
monthly trend reads the summary instead of a year of reports

The new column starts at zero, so the refresh marker is removed: the next refresh finds none and
rebuilds the whole summary, counting `fixed` with everything else.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('daily_report_counts') as batch:
        batch.add_column(sa.Column('fixed', sa.Integer(), nullable=False, server_default='0'))
    op.execute('DELETE FROM summary_refreshes')


def downgrade() -> None:
    with op.batch_alter_table('daily_report_counts') as batch:
        batch.drop_column('fixed')
