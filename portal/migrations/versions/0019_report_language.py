"""The language a report was filed in (reports.contact_language), so an anonymous reporter who left only an
email address hears back in the language they filed in, as an account holder does in their account's

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 20:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reports') as batch:
        batch.add_column(sa.Column('contact_language', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('reports') as batch:
        batch.drop_column('contact_language')
