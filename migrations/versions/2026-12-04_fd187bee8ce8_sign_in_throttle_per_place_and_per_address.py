"""sign-in throttle per place and per address

Revision ID: fd187bee8ce8
Revises: 3c1e5a9d7f20
Create Date: 2026-12-04 18:53:10.406539

Failed sign-ins were counted on the moderator, which let a stranger delay the account for
everyone; they are now counted per place and per address in sign_in_throttle, and the old counts
go (a delay running at the upgrade ends with it).
"""
from alembic import op
import sqlalchemy as sa


revision = 'fd187bee8ce8'
down_revision = '3c1e5a9d7f20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_throttle',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure', sa.DateTime(timezone=True), nullable=True),
    sa.Column('delayed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_success', sa.DateTime(timezone=True), nullable=True),
    sa.Column('forget_after', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sign_in_throttle'))
    )
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_throttle_forget_after'), ['forget_after'], unique=False)

    with op.batch_alter_table('moderator', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')


def downgrade():
    with op.batch_alter_table('moderator', schema=None) as batch_op:
        # Existing rows need a value; the model gives new ones theirs.
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_throttle_forget_after'))

    op.drop_table('sign_in_throttle')
