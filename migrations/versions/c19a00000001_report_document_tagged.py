"""report documents: whether the PDF is tagged for screen readers

Revision ID: c19a00000001
Revises: c13c00000001
Create Date: 2026-11-26 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c19a00000001'
down_revision = 'c14a00000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tagged', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('report_documents', schema=None) as batch_op:
        batch_op.drop_column('tagged')
