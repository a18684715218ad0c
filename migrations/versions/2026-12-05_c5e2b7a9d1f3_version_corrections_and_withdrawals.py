"""version corrections and withdrawals: when a version was corrected the day it took effect, and
when and why a version was withdrawn from the public history

Revision ID: c5e2b7a9d1f3
Revises: c5d8e2f14a90
Create Date: 2026-12-05 09:00:00.000000

A moderator may correct the version of an answer that took effect today in place (the note says
what was corrected), and an admin may withdraw a past or announced version: its words are erased
and its address says when and why.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c5e2b7a9d1f3'
down_revision = 'c5d8e2f14a90'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('corrected', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('correction_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('version', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_reason')
        batch_op.drop_column('withdrawn')
        batch_op.drop_column('correction_note')
        batch_op.drop_column('corrected')
