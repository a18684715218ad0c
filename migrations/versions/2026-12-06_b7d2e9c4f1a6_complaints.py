"""complaints: the request a complaint concerns and the outcome the complainant wants

Revision ID: b7d2e9c4f1a6
Revises: a8d3e5f1c27b
Create Date: 2026-12-06 05:30:00.000000

A complaint about how we handle someone's personal data (Data Protection Act 2018 s. 164A,
inserted by the Data (Use and Access) Act 2025) is stored as a request of the new type
'complaint': the type column is a plain string with no constraint on its values, so the new
value needs no change of it. What happened goes in the request's details; these two columns hold
the rest of the complaint form. Both are personal fields, erased with the others.
"""
from alembic import op
import sqlalchemy as sa


revision = 'b7d2e9c4f1a6'
down_revision = 'a8d3e5f1c27b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('concerns', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('desired_outcome', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.drop_column('desired_outcome')
        batch_op.drop_column('concerns')
