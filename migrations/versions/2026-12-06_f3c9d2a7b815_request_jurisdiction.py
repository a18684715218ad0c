"""request jurisdiction: whether the UK GDPR, the EU GDPR or both govern a request

Revision ID: f3c9d2a7b815
Revises: e6b2f8a4c913
Create Date: 2026-12-06 00:45:00.000000

Only the UK GDPR (Art. 12A(5)) stops the clock while the controller waits for a clarification;
where the EU GDPR applies, alone or beside it, the clock keeps running. Every request made before
this was handled under UK law.
"""
from alembic import op
import sqlalchemy as sa


revision = 'f3c9d2a7b815'
down_revision = 'e6b2f8a4c913'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'jurisdiction',
                sa.Enum('uk', 'eu', 'both', name='jurisdiction', native_enum=False, length=20),
                server_default='uk',
                nullable=False,
            )
        )


def downgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.drop_column('jurisdiction')
