"""outbox claims and hand-over

Revision ID: f7a167df9595
Revises: 169e6a2b3267
Create Date: 2026-12-04 19:40:00.000000

A mail worker claims a message with a lease and records the moment the mail server asked for its
text, so that two workers never send one message and a message whose delivery is unknown is set
aside rather than sent again. Messages in the outbox at the upgrade are unclaimed and not handed
over: the workers send them as before.
"""
from alembic import op
import sqlalchemy as sa


revision = 'f7a167df9595'
down_revision = '169e6a2b3267'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('handed_over', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('handed_over')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('claimed_by')
