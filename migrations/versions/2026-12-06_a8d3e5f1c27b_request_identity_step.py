"""request identity step: when identity information was asked for and when it arrived

Revision ID: a8d3e5f1c27b
Revises: f3c9d2a7b815
Create Date: 2026-12-06 04:50:00.000000

Where there is reasonable doubt about who made a request (UK and EU GDPR Art. 12(6)), the
controller may ask for the information needed to confirm it; the one-month clock then runs from
the day that information is received. Requests made before this never asked, so both are empty.
"""
from alembic import op
import sqlalchemy as sa


revision = 'a8d3e5f1c27b'
down_revision = 'f3c9d2a7b815'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity_requested', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('identity_received', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.drop_column('identity_received')
        batch_op.drop_column('identity_requested')
