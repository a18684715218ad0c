"""request conditions: what the clock waits for (identity, authority, a fee), and requests
made for someone else

Revision ID: a8d3e5f1c27b
Revises: f3c9d2a7b815
Create Date: 2026-12-06 04:50:00.000000

Where there is reasonable doubt about who made a request (UK and EU GDPR Art. 12(6)), where
someone acts for the person, or where a fee may be charged, the one-month clock runs from the
day the information, the authority or the fee is received. Each such condition is a row: asked
on one day, met on another. A request made for someone else records whose data it is and in
what capacity the requester acts. Requests made before this had no conditions.
"""
from alembic import op
import sqlalchemy as sa


revision = 'a8d3e5f1c27b'
down_revision = 'f3c9d2a7b815'
branch_labels = None
depends_on = None

CHANNELS = ('web', 'post', 'email', 'phone', 'in_person')


def upgrade():
    op.create_table(
        'request_condition',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum('identity', 'authority', 'fee', name='conditionkind', native_enum=False,
                    length=20),
            nullable=False,
        ),
        sa.Column('asked', sa.Date(), nullable=False),
        sa.Column('met', sa.Date(), nullable=True),
        sa.Column(
            'channel',
            sa.Enum(*CHANNELS, name='channel', native_enum=False, length=20),
            nullable=True,
        ),
        sa.Column('amount', sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(['request_id'], ['access_request.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('request_condition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_condition_request_id'), ['request_id'])
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acting_for', sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column(
                'capacity',
                sa.Enum('solicitor', 'parent', 'attorney', 'other', name='capacity',
                        native_enum=False, length=20),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.drop_column('capacity')
        batch_op.drop_column('acting_for')
    with op.batch_alter_table('request_condition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_condition_request_id'))
    op.drop_table('request_condition')
