"""Staff queue: indexes, last-looked marks, service-level targets

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 16:10:00

Adds `reports.reopened_at` (filled from the reports' "reopened" events), the `queue_marks` table and
the staff queue's partial indexes over reports that are not closed. Plain `add_column` and
`create_index`, not a batch rebuild: a million-row SQLite table is altered in place.
"""

import sqlalchemy as sa
from alembic import op

import portal.models

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

NOT_CLOSED = sa.text("status != 'closed'")
QUEUE_INDEXES = {
    'ix_reports_queue_opened': ['opened_at', 'id'],
    'ix_reports_queue_type': ['service_type_id', 'opened_at', 'id'],
    'ix_reports_queue_neighborhood': ['neighborhood', 'opened_at', 'id'],
    'ix_reports_queue_source': ['source', 'opened_at', 'id'],
    'ix_reports_queue_target': ['target_at', 'id'],
    'ix_reports_queue_reopened': ['reopened_at', 'id'],
}


def upgrade() -> None:
    op.add_column('reports', sa.Column('reopened_at', portal.models.UtcDateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE reports SET reopened_at = (SELECT max(e.at) FROM report_events e "
        "WHERE e.report_id = reports.id AND e.kind = 'reopened') "
        "WHERE id IN (SELECT report_id FROM report_events WHERE kind = 'reopened')"
    )
    op.create_table('queue_marks',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('user_id')
    )
    for name, columns in QUEUE_INDEXES.items():
        op.create_index(name, 'reports', columns, unique=False, sqlite_where=NOT_CLOSED,
                        postgresql_where=NOT_CLOSED)


def downgrade() -> None:
    for name in QUEUE_INDEXES:
        op.drop_index(name, table_name='reports')
    op.drop_table('queue_marks')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('reopened_at')
