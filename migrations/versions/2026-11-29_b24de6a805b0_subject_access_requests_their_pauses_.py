"""subject-access requests, their pauses and log

Revision ID: b24de6a805b0
Revises: 68d315ffa7e6
Create Date: 2026-11-29 01:12:26.339044

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b24de6a805b0'
down_revision = '68d315ffa7e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('access_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=True),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('confirmation_nonce', sa.String(length=64), nullable=True),
    sa.Column('right', sa.Enum('access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'unsure', name='right', native_enum=False, length=20), nullable=False),
    sa.Column('status', sa.Enum('awaiting', 'open', 'in_progress', 'extended', 'completed', 'refused', 'withdrawn', name='requeststatus', native_enum=False, length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received', sa.Date(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('extended', sa.Boolean(), nullable=False),
    sa.Column('closed', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('answer_name', sa.String(length=200), nullable=True),
    sa.Column('answer_type', sa.String(length=100), nullable=True),
    sa.Column('answer_data', sa.LargeBinary(), nullable=True),
    sa.Column('answer_expires', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_request')),
    sa.UniqueConstraint('reference', name=op.f('uq_access_request_reference')),
    sa.UniqueConstraint('token', name=op.f('uq_access_request_token'))
    )
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_request_due'), ['due'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_request_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_request_status'), ['status'], unique=False)

    op.create_table('request_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['moderator_id'], ['moderator.id'], name=op.f('fk_request_event_moderator_id_moderator')),
    sa.ForeignKeyConstraint(['request_id'], ['access_request.id'], name=op.f('fk_request_event_request_id_access_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_event'))
    )
    with op.batch_alter_table('request_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_event_request_id'), ['request_id'], unique=False)

    op.create_table('request_pause',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('started', sa.Date(), nullable=False),
    sa.Column('ended', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['request_id'], ['access_request.id'], name=op.f('fk_request_pause_request_id_access_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_pause'))
    )
    with op.batch_alter_table('request_pause', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_pause_request_id'), ['request_id'], unique=False)



def downgrade():
    with op.batch_alter_table('request_pause', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_pause_request_id'))

    op.drop_table('request_pause')
    with op.batch_alter_table('request_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_event_request_id'))

    op.drop_table('request_event')
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_request_status'))
        batch_op.drop_index(batch_op.f('ix_access_request_email'))
        batch_op.drop_index(batch_op.f('ix_access_request_due'))

    op.drop_table('access_request')
