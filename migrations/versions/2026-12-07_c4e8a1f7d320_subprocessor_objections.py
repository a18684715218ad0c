"""subprocessor objections: a customer's objection to a sub-processor announced in the register

Revision ID: c4e8a1f7d320
Revises: b7d2e9c4f1a6
Create Date: 2026-12-07 03:00:00.000000

A customer objects to an announced sub-processor from the register's page (UK and EU GDPR
Art. 28(2)). The row holds the company, a contact's name and email address and the reason, all
deleted with the row once the retention period after the answer has passed.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c4e8a1f7d320'
down_revision = 'b7d2e9c4f1a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'subprocessor_objection',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('provider', sa.String(length=200), nullable=False),
        sa.Column('effective', sa.Date(), nullable=False),
        sa.Column('company', sa.String(length=200), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('submission', sa.String(length=64), nullable=False),
        sa.Column('received', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answered', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_subprocessor_objection')),
        sa.UniqueConstraint('submission', name=op.f('uq_subprocessor_objection_submission')),
    )
    with op.batch_alter_table('subprocessor_objection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subprocessor_objection_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_subprocessor_objection_received'), ['received'], unique=False)
        batch_op.create_index(batch_op.f('ix_subprocessor_objection_answered'), ['answered'], unique=False)


def downgrade():
    with op.batch_alter_table('subprocessor_objection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_subprocessor_objection_answered'))
        batch_op.drop_index(batch_op.f('ix_subprocessor_objection_received'))
        batch_op.drop_index(batch_op.f('ix_subprocessor_objection_email'))
    op.drop_table('subprocessor_objection')
