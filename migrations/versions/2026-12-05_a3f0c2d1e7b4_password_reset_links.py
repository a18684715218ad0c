"""password reset links: the hash of the one outstanding link and when it stops working

Revision ID: a3f0c2d1e7b4
Revises: 4991022d6e26
Create Date: 2026-12-05 08:00:00.000000

An admin (or flask moderator reset-password) sends a moderator a single-use link to set a new
password. The account keeps only the SHA-256 of the link's token and its expiry; a link is
erased when used, replaced by the next, or when the password is changed otherwise.
"""
from alembic import op
import sqlalchemy as sa


revision = 'a3f0c2d1e7b4'
down_revision = '4991022d6e26'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('moderator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_reset_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('password_reset_expires', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_moderator_password_reset_hash'), ['password_reset_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('moderator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderator_password_reset_hash'))
        batch_op.drop_column('password_reset_expires')
        batch_op.drop_column('password_reset_hash')
