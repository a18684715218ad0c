"""refusal grounds: the legal ground a refusal rests on, kept when the personal fields go

Revision ID: e6b2f8a4c913
Revises: d1a4c7e9b302
Create Date: 2026-12-06 00:30:00.000000

A moderator refusing a request chooses its ground (manifestly unfounded or excessive; the person
cannot be identified; a Data Protection Act 2018 exemption; an Art. 17(3) ground) and writes the
reasons. The reasons are erased with the other personal fields; the ground stays. Refusals made
before this have none.
"""
from alembic import op
import sqlalchemy as sa


revision = 'e6b2f8a4c913'
down_revision = 'd1a4c7e9b302'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'refusal_ground',
                sa.Enum('unfounded', 'not_identified', 'dpa_exemption', 'erasure_exception', name='refusalground', native_enum=False, length=20),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.drop_column('refusal_ground')
