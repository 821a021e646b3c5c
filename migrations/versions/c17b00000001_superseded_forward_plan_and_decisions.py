"""a later forward plan entry or decision record supersedes an earlier one

Revision ID: c17b00000001
Revises: c21a00000001
Create Date: 2026-12-03 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c17b00000001'
down_revision = 'c21a00000002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('forward_plan_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('superseded_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_forward_plan_entries_superseded_by_id'), ['superseded_by_id'], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_forward_plan_entries_superseded_by_id_forward_plan_entries'),
            'forward_plan_entries', ['superseded_by_id'], ['id'],
        )
    with op.batch_alter_table('decision_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('superseded_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_decision_records_superseded_by_id'), ['superseded_by_id'], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_decision_records_superseded_by_id_decision_records'),
            'decision_records', ['superseded_by_id'], ['id'],
        )


def downgrade():
    with op.batch_alter_table('decision_records', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_decision_records_superseded_by_id_decision_records'), type_='foreignkey'
        )
        batch_op.drop_index(batch_op.f('ix_decision_records_superseded_by_id'))
        batch_op.drop_column('superseded_by_id')
    with op.batch_alter_table('forward_plan_entries', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_forward_plan_entries_superseded_by_id_forward_plan_entries'),
            type_='foreignkey',
        )
        batch_op.drop_index(batch_op.f('ix_forward_plan_entries_superseded_by_id'))
        batch_op.drop_column('superseded_by_id')
