"""two-step sign-in: the last code's step and the set-up waiting for its code

Revision ID: 169e6a2b3267
Revises: fd187bee8ce8
Create Date: 2026-12-04 19:03:24.340555

A code is accepted once: the account remembers the time step of the last one. A secret being set
up waits for its first code on the account, no longer in the session cookie, which its holder
can read; a set-up begun before the upgrade is simply started again.
"""
from alembic import op
import sqlalchemy as sa


revision = '169e6a2b3267'
down_revision = 'fd187bee8ce8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('moderator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('totp_pending_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_pending_since', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('moderator', schema=None) as batch_op:
        batch_op.drop_column('totp_pending_since')
        batch_op.drop_column('totp_pending_secret')
        batch_op.drop_column('totp_last_step')
