"""form submissions (one-time tokens on create forms)

Revision ID: c12a00000004
Revises: c13b00000001
Create Date: 2026-11-24 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c12a00000004'
down_revision = 'c13b00000001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('form_submissions',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_form_submissions'))
    )


def downgrade():
    op.drop_table('form_submissions')
