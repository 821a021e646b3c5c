"""indexes serving a plan's page and the recommendations tracker at county scale

Revision ID: c21a00000002
Revises: c21a00000001
Create Date: 2026-12-03 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c21a00000002'
down_revision = 'c21a00000001'
branch_labels = None
depends_on = None

NOT_NULL = sa.text('recommendation_id IS NOT NULL')


def upgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(
            'ix_actions_plan_priority_position', ['plan_id', 'priority_id', 'position'], unique=False
        )
        batch_op.create_index('ix_actions_plan_updated', ['plan_id', 'last_update_at'], unique=False)
        batch_op.drop_index('ix_actions_recommendation_id')
        batch_op.create_index(
            'ix_actions_recommendation_id',
            ['recommendation_id'],
            unique=False,
            sqlite_where=NOT_NULL,
            postgresql_where=NOT_NULL,
        )


def downgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index('ix_actions_recommendation_id')
        batch_op.create_index('ix_actions_recommendation_id', ['recommendation_id'], unique=False)
        batch_op.drop_index('ix_actions_plan_updated')
        batch_op.drop_index('ix_actions_plan_priority_position')
