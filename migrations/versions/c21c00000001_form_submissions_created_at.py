"""An index on when a once-only form token was sent, so housekeeping touches only old ones.

Revision ID: c21c00000001
Revises: c21b00000001
Create Date: 2026-12-03
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = 'c21c00000001'
down_revision = 'c21b00000001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        op.f('ix_form_submissions_created_at'), 'form_submissions', ['created_at'], unique=False
    )


def downgrade():
    op.drop_index(op.f('ix_form_submissions_created_at'), table_name='form_submissions')
