"""change notices: subscriptions to the statement and the register, and their announcements

Revision ID: a9e3c5d1f704
Revises: c4e8a1f7d320
Create Date: 2026-12-07 06:00:00.000000

A reader subscribes with an email address alone to hear when the statement or the register of
sub-processors changes. A subscription keeps the address, the choice, and when and under which
wording consent was given, a random handle its links name it by, and when the form last emailed
it; one never confirmed is deleted after seven days, and unsubscribing deletes it. An
announcement records that a version, in one wording, needs telling, once; its cursor says how
far through the subscribers the mail workers have gone. An outbox message may carry the one-click
unsubscribe address of the subscription it is for, erased with its recipient once it is sent.
"""
from alembic import op
import sqlalchemy as sa


revision = 'a9e3c5d1f704'
down_revision = 'c4e8a1f7d320'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'subscription',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('statement', sa.Boolean(), nullable=False),
        sa.Column('register', sa.Boolean(), nullable=False),
        sa.Column('editorial', sa.Boolean(), nullable=False),
        sa.Column('wording', sa.String(length=20), nullable=False),
        sa.Column('consented', sa.DateTime(timezone=True), nullable=True),
        sa.Column('handle', sa.String(length=16), nullable=False),
        sa.Column('requested', sa.DateTime(timezone=True), nullable=False),
        sa.Column('confirmed', sa.DateTime(timezone=True), nullable=True),
        sa.Column('mailed', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_subscription')),
        sa.UniqueConstraint('email', name=op.f('uq_subscription_email')),
        sa.UniqueConstraint('handle', name=op.f('uq_subscription_handle')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscription_requested'), ['requested'], unique=False)
        batch_op.create_index(batch_op.f('ix_subscription_confirmed'), ['confirmed'], unique=False)
    op.create_table(
        'announcement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('source_sha256', sa.String(length=64), nullable=False),
        sa.Column('editorial', sa.Boolean(), nullable=False),
        sa.Column('created', sa.DateTime(timezone=True), nullable=False),
        sa.Column('cursor', sa.Integer(), nullable=False),
        sa.Column('finished', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['version_id'], ['version.id'],
            name=op.f('fk_announcement_version_id_version'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_announcement')),
        sa.UniqueConstraint(
            'version_id', 'source_sha256', name=op.f('uq_announcement_version_id')
        ),
    )
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_announcement_finished'), ['finished'], unique=False)
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unsubscribe', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe')
    with op.batch_alter_table('announcement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_announcement_finished'))
    op.drop_table('announcement')
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subscription_confirmed'))
        batch_op.drop_index(batch_op.f('ix_subscription_requested'))
    op.drop_table('subscription')
