"""Outbox, one-click link tokens, message preferences, confirmed addresses, area follows

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 16:10:00
"""

import sqlalchemy as sa
from alembic import op

import portal.models

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

Utc = portal.models.UtcDateTime


def upgrade() -> None:
    op.create_table('outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('dedup_key', sa.String(length=200), nullable=False),
    sa.Column('recipient_email', sa.String(length=254), nullable=False),
    sa.Column('recipient_user_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=False),
    sa.Column('attachments', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', Utc(timezone=True), nullable=False),
    sa.Column('claimed_at', Utc(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', Utc(timezone=True), nullable=False),
    sa.Column('sent_at', Utc(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['recipient_user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedup_key')
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_outbox_recipient_created', ['recipient_email', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_recipient_user_id'), ['recipient_user_id'], unique=False)

    op.create_table('message_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('ref', sa.String(length=80), nullable=False),
    sa.Column('created_at', Utc(timezone=True), nullable=False),
    sa.Column('expires_at', Utc(timezone=True), nullable=False),
    sa.Column('used_at', Utc(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('message_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('message_preferences',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('muted', sa.String(length=300), nullable=False),
    sa.Column('digest', sa.Boolean(), nullable=False),
    sa.Column('updated_at', Utc(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('email')
    )
    with op.batch_alter_table('message_preferences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_message_preferences_user_id'), ['user_id'], unique=False)

    op.create_table('email_addresses',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', Utc(timezone=True), nullable=False),
    sa.Column('confirmed_at', Utc(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('email')
    )

    op.create_table('area_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('neighborhood', sa.String(length=80), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('radius_m', sa.Integer(), nullable=True),
    sa.Column('new_reports', sa.Boolean(), nullable=False),
    sa.Column('fixes', sa.Boolean(), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('feed_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', Utc(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('feed_token')
    )
    with op.batch_alter_table('area_follows', schema=None) as batch_op:
        batch_op.create_index('ix_area_follows_latitude', ['latitude'], unique=False)
        batch_op.create_index(batch_op.f('ix_area_follows_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_area_follows_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_area_follows_neighborhood'), ['neighborhood'], unique=False)


def downgrade() -> None:
    for table in ('area_follows', 'email_addresses', 'message_preferences', 'message_tokens', 'outbox'):
        op.drop_table(table)
