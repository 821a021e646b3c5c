"""action due revisions and original due (slippage)

Revision ID: c13c00000001
Revises: c12a00000004
Create Date: 2026-11-24 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c13c00000001'
down_revision = 'c12a00000004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('action_due_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('old_due_on', sa.Date(), nullable=True),
    sa.Column('new_due_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('revised_by_id', sa.Integer(), nullable=False),
    sa.Column('revised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('left_overdue', sa.Boolean(), nullable=False),
    sa.Column('listed_meeting_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_due_revisions_action_id_actions')),
    sa.ForeignKeyConstraint(['listed_meeting_id'], ['meetings.id'], name=op.f('fk_action_due_revisions_listed_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['revised_by_id'], ['users.id'], name=op.f('fk_action_due_revisions_revised_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_due_revisions'))
    )
    with op.batch_alter_table('action_due_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_due_revisions_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_due_revisions_listed_meeting_id'), ['listed_meeting_id'], unique=False)

    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_due_on', sa.Date(), nullable=True))
    # Existing actions: the due they have now is the first one we know of.
    op.execute('UPDATE actions SET original_due_on = due_on')


def downgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_column('original_due_on')

    with op.batch_alter_table('action_due_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_due_revisions_listed_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_action_due_revisions_action_id'))

    op.drop_table('action_due_revisions')
