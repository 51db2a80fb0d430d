"""street bump: jolt events, drive coverage, known features, spots, report supports

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 02:42:05.928030
"""

import sqlalchemy as sa
from alembic import op

import portal.models

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drive_coverage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("h3_r10", sa.BigInteger(), nullable=False),
        sa.Column("first_at", portal.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("readings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device_id", "h3_r10"),
    )
    with op.batch_alter_table("drive_coverage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drive_coverage_h3_r10"), ["h3_r10"], unique=False)

    op.create_table(
        "jolt_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("at", portal.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("magnitude", sa.Float(), nullable=False),
        sa.Column("speed", sa.Float(), nullable=False),
        sa.Column("gps_accuracy", sa.Float(), nullable=False),
        sa.Column("h3_r10", sa.BigInteger(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", portal.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device_id", "at"),
    )
    with op.batch_alter_table("jolt_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jolt_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_jolt_events_h3_r10"), ["h3_r10"], unique=False)

    op.create_table(
        "known_features",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "bump_spots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("devices", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("known_feature_id", sa.Integer(), nullable=True),
        sa.Column("first_detected_at", portal.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_detected_at", portal.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["known_feature_id"],
            ["known_features.id"],
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bump_spots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bump_spots_report_id"), ["report_id"], unique=False)

    op.create_table(
        "report_supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("spot_id", sa.Integer(), nullable=True),
        sa.Column("created_at", portal.models.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
        ),
        sa.ForeignKeyConstraint(
            ["spot_id"],
            ["bump_spots.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("report_id", "spot_id"),
    )
    with op.batch_alter_table("report_supports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_supports_report_id"), ["report_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_supports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_supports_report_id"))

    op.drop_table("report_supports")
    with op.batch_alter_table("bump_spots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bump_spots_report_id"))

    op.drop_table("bump_spots")
    op.drop_table("known_features")
    with op.batch_alter_table("jolt_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jolt_events_h3_r10"))
        batch_op.drop_index(batch_op.f("ix_jolt_events_at"))

    op.drop_table("jolt_events")
    with op.batch_alter_table("drive_coverage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drive_coverage_h3_r10"))

    op.drop_table("drive_coverage")
