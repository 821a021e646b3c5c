"""Table change stamps: the keys of the public page cache and cached counts (issue 21).

Revision ID: c21b00000001
Revises: c18c00000001
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c21b00000001'
down_revision = 'c18c00000001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'table_changes',
        sa.Column('name', sa.String(length=63), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.Column('changed_us', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_table_changes')),
    )


def downgrade():
    op.drop_table('table_changes')
