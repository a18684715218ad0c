"""two-step sign-in recovery codes: one row per unused code, only its keyed hash

Revision ID: c5d8e2f14a90
Revises: a7c41e93d2b5
Create Date: 2026-12-05 12:00:00.000000

A moderator who turns on two-step sign-in (or asks for a new set) gets ten one-time codes to
sign in without their phone. The table keeps an HMAC-SHA256 of each code, never the code; a code
is deleted when used, and a moderator's codes when a new set replaces them or two-step sign-in
is turned off.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c5d8e2f14a90'
down_revision = 'a7c41e93d2b5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'recovery_code',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('moderator_id', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('created', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['moderator_id'], ['moderator.id'], name=op.f('fk_recovery_code_moderator_id_moderator'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_code')),
        sa.UniqueConstraint('moderator_id', 'digest', name=op.f('uq_recovery_code_moderator_id')),
    )
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_code_moderator_id'), ['moderator_id'], unique=False)


def downgrade():
    with op.batch_alter_table('recovery_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_code_moderator_id'))
    op.drop_table('recovery_code')
