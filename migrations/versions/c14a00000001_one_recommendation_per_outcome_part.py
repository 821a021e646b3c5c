"""one recommendation per outcome part; submission correction reason

Revision ID: c14a00000001
Revises: c13c00000001
Create Date: 2026-11-24 09:00:00.000000

Existing duplicates (a second recommendation made from the same outcome part by a double
click) keep their reference, text and "source" words, but only the first stays linked to the
part: the later ones are detached (outcome_part_id set to NULL) and a note says why.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c14a00000001'
down_revision = 'c13c00000001'
branch_labels = None
depends_on = None


def upgrade():
    recs = sa.table(
        'recommendations',
        sa.column('id', sa.Integer),
        sa.column('outcome_part_id', sa.Integer),
        sa.column('notes', sa.Text),
    )
    first = (
        sa.select(sa.func.min(recs.c.id))
        .where(recs.c.outcome_part_id.is_not(None))
        .group_by(recs.c.outcome_part_id)
    )
    note = 'Detached from its minute part: a duplicate of an earlier recommendation from the same part.'
    op.execute(
        recs.update()
        .where(recs.c.outcome_part_id.is_not(None), recs.c.id.not_in(first))
        .values(
            outcome_part_id=None,
            notes=sa.case(
                (recs.c.notes.is_(None), note), else_=recs.c.notes + sa.literal('\n' + note)
            ),
        )
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendations_outcome_part_id'))
        batch_op.create_index(batch_op.f('ix_recommendations_outcome_part_id'), ['outcome_part_id'], unique=True)
    with op.batch_alter_table('recommendation_submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('correction_reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('recommendation_submissions', schema=None) as batch_op:
        batch_op.drop_column('correction_reason')
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendations_outcome_part_id'))
        batch_op.create_index(batch_op.f('ix_recommendations_outcome_part_id'), ['outcome_part_id'], unique=False)
