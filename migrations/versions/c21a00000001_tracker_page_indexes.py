"""indexes serving the action tracker's pages in due order per filter

Revision ID: c21a00000001
Revises: c13c00000001
Create Date: 2026-12-01 09:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c21a00000001'
down_revision = 'c22a00000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index('ix_actions_plan_due', ['plan_id', 'due_on'], unique=False)
        batch_op.create_index('ix_actions_priority_due', ['priority_id', 'due_on'], unique=False)
        batch_op.create_index('ix_actions_rag_due', ['latest_rag', 'due_on'], unique=False)


def downgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index('ix_actions_rag_due')
        batch_op.drop_index('ix_actions_priority_due')
        batch_op.drop_index('ix_actions_plan_due')
