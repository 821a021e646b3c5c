"""outbox: List-Unsubscribe URL for public alerts (RFC 8058 one-click)

Revision ID: c18c00000001
Revises: c21a00000001
Create Date: 2026-12-03 01:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c18c00000001'
down_revision = 'c17b00000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('list_unsubscribe', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('list_unsubscribe')
