"""report documents: why the last pack left a document out

Revision ID: c12a00000003
Revises: c12a00000000
Create Date: 2026-11-24 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c12a00000003'
down_revision = 'c12a00000000'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pack_problem', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('report_documents', schema=None) as batch_op:
        batch_op.drop_column('pack_problem')
