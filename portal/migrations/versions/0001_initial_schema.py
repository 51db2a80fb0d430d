"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 02:17:53.127794
"""

import sqlalchemy as sa
from alembic import op

import portal.models

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('service_types',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('department', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('subject', 'reason', 'name')
    )
    with op.batch_alter_table('service_types', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_types_department'), ['department'], unique=False)
        batch_op.create_index(batch_op.f('ix_service_types_name'), ['name'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=100), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=16), nullable=False),
    sa.Column('external_case_id', sa.String(length=40), nullable=True),
    sa.Column('service_type_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('closure_reason', sa.Text(), nullable=False),
    sa.Column('opened_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('target_at', portal.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', portal.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('h3_r8', sa.BigInteger(), nullable=True),
    sa.Column('h3_r9', sa.BigInteger(), nullable=True),
    sa.Column('neighborhood', sa.String(length=80), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['service_type_id'], ['service_types.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('external_case_id'),
    sa.UniqueConstraint('public_id')
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index('ix_reports_neighborhood_opened', ['neighborhood', 'opened_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_opened_at'), ['opened_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_reports_source'), ['source'], unique=False)
        batch_op.create_index('ix_reports_status_opened', ['status', 'opened_at'], unique=False)
        batch_op.create_index('ix_reports_type_opened', ['service_type_id', 'opened_at'], unique=False)

    op.create_table('report_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('report_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_events_report_id'), ['report_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('report_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_events_report_id'))

    op.drop_table('report_events')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_type_opened')
        batch_op.drop_index('ix_reports_status_opened')
        batch_op.drop_index(batch_op.f('ix_reports_source'))
        batch_op.drop_index(batch_op.f('ix_reports_opened_at'))
        batch_op.drop_index('ix_reports_neighborhood_opened')

    op.drop_table('reports')
    op.drop_table('users')
    with op.batch_alter_table('service_types', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_types_name'))
        batch_op.drop_index(batch_op.f('ix_service_types_department'))

    op.drop_table('service_types')
