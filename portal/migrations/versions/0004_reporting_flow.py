"""reporting flow

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 02:47:55.507450
"""

import sqlalchemy as sa
from alembic import op

import portal.models

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('staff_departments',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('department', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('user_id', 'department')
    )
    op.create_table('report_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('thumbnail_key', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=30), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('report_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_photos_report_id'), ['report_id'], unique=False)

    op.create_table('triage_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('from_type_id', sa.Integer(), nullable=False),
    sa.Column('to_type_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['from_type_id'], ['service_types.id'], ),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.ForeignKeyConstraint(['to_type_id'], ['service_types.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('triage_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_triage_corrections_report_id'), ['report_id'], unique=False)

    op.create_table('report_reactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('closure_event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('emoji', sa.String(length=16), nullable=False),
    sa.Column('fixed', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['closure_event_id'], ['report_events.id'], ),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('closure_event_id')
    )
    with op.batch_alter_table('report_reactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_reactions_report_id'), ['report_id'], unique=False)

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('acknowledged_at', portal.models.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), server_default='', nullable=False))
        batch_op.add_column(sa.Column('submitter_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('client_token', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_reports_submitter_key'), ['submitter_key'], unique=False)
        batch_op.create_index('ix_reports_latitude', ['latitude'], unique=False)
        batch_op.create_unique_constraint('uq_reports_client_token', ['client_token'])
        batch_op.create_foreign_key('fk_reports_merged_into', 'reports', ['merged_into_id'], ['id'])
        batch_op.create_foreign_key('fk_reports_assignee', 'users', ['assignee_id'], ['id'])

    # A resident's "me too" counts once per report.
    with op.batch_alter_table('report_supports', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_report_supports_report_user', ['report_id', 'user_id'])


def downgrade() -> None:
    with op.batch_alter_table('report_supports', schema=None) as batch_op:
        batch_op.drop_constraint('uq_report_supports_report_user', type_='unique')

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_constraint('fk_reports_assignee', type_='foreignkey')
        batch_op.drop_constraint('fk_reports_merged_into', type_='foreignkey')
        batch_op.drop_constraint('uq_reports_client_token', type_='unique')
        batch_op.drop_index('ix_reports_latitude')
        batch_op.drop_index(batch_op.f('ix_reports_submitter_key'))
        batch_op.drop_column('client_token')
        batch_op.drop_column('submitter_key')
        batch_op.drop_column('contact_email')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('assignee_id')
        batch_op.drop_column('acknowledged_at')
        batch_op.drop_column('version')

    with op.batch_alter_table('report_reactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_reactions_report_id'))

    op.drop_table('report_reactions')
    with op.batch_alter_table('triage_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_triage_corrections_report_id'))

    op.drop_table('triage_corrections')
    with op.batch_alter_table('report_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_photos_report_id'))

    op.drop_table('report_photos')
    op.drop_table('staff_departments')
