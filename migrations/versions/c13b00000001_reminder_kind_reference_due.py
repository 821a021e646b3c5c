"""reminders carry their kind, reference and due date for the daily email

Revision ID: c13b00000001
Revises: c12a00000003
Create Date: 2026-11-24 09:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "c13b00000001"
down_revision = "c12a00000003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default="reminder")
        )
        batch_op.add_column(sa.Column("reference", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_column("due_on")
        batch_op.drop_column("reference")
        batch_op.drop_column("kind")
