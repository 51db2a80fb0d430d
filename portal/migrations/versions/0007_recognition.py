"""Recognition: points ledger, leaderboard totals, badges

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 05:20:32.013910
"""

import sqlalchemy as sa
from alembic import op

import portal.models

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('badge_awards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('awarded_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'code')
    )
    with op.batch_alter_table('badge_awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_badge_awards_user_id'), ['user_id'], unique=False)

    op.create_table('points_totals',
    sa.Column('scope', sa.String(length=12), nullable=False),
    sa.Column('scope_value', sa.String(length=80), nullable=False),
    sa.Column('period', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('scope', 'scope_value', 'period', 'user_id'),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('points_totals', schema=None) as batch_op:
        batch_op.create_index('ix_points_totals_board', ['scope', 'scope_value', 'period', 'points', 'user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_totals_user_id'), ['user_id'], unique=False)

    op.create_table('points_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('subject_key', sa.String(length=60), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('neighborhood', sa.String(length=80), nullable=True),
    sa.Column('department', sa.String(length=60), nullable=True),
    sa.Column('created_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('earned_at', portal.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], ),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.ForeignKeyConstraint(['reverses_id'], ['points_entries.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reverses_id'),
    sa.UniqueConstraint('user_id', 'rule', 'subject_key', name='uq_points_entries_award')
    )
    with op.batch_alter_table('points_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_points_entries_report_id'), ['report_id'], unique=False)
        batch_op.create_index('ix_points_entries_user_created', ['user_id', 'created_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('points_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_points_entries_user_created')
        batch_op.drop_index(batch_op.f('ix_points_entries_report_id'))

    op.drop_table('points_entries')
    with op.batch_alter_table('points_totals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_points_totals_user_id'))
        batch_op.drop_index('ix_points_totals_board')

    op.drop_table('points_totals')
    with op.batch_alter_table('badge_awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_badge_awards_user_id'))

    op.drop_table('badge_awards')
