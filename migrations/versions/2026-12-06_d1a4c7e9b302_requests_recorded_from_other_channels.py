"""requests recorded from other channels: how a request came in, and a postal address or phone
number to answer it by when there is no email address

Revision ID: d1a4c7e9b302
Revises: c5e2b7a9d1f3
Create Date: 2026-12-06 00:20:00.000000

A moderator records a request that came by post, email, phone or in person; its clock starts on
the day it arrived. Every request made before this came through the web form.
"""
from alembic import op
import sqlalchemy as sa


revision = 'd1a4c7e9b302'
down_revision = 'c5e2b7a9d1f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('postal_address', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column(
                'channel',
                sa.Enum('web', 'post', 'email', 'phone', 'in_person', name='channel', native_enum=False, length=20),
                server_default='web',
                nullable=False,
            )
        )


def downgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.drop_column('channel')
        batch_op.drop_column('phone')
        batch_op.drop_column('postal_address')
