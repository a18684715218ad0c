"""request form submission tokens

Revision ID: 4991022d6e26
Revises: f7a167df9595
Create Date: 2026-12-04 19:45:00.000000

A request records the hashed one-time token of the form it came in, so that the same form sent
twice is one request. Requests made before the upgrade have none.
"""
from alembic import op
import sqlalchemy as sa


revision = '4991022d6e26'
down_revision = 'f7a167df9595'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_access_request_submission'), ['submission'])


def downgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_access_request_submission'), type_='unique')
        batch_op.drop_column('submission')
