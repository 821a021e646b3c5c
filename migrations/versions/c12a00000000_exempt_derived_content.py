"""exempt-derived recommendations and actions

Revision ID: c12a00000000
Revises: aff07c193751
Create Date: 2026-12-02 21:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c12a00000000'
down_revision = 'aff07c193751'
branch_labels = None
depends_on = None

TABLES = ('actions', 'recommendations')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('exempt_paragraph', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('restricted', sa.Boolean(), server_default=sa.false(), nullable=False))
            batch_op.add_column(sa.Column('released_at', sa.DateTime(timezone=True), nullable=True))
            batch_op.add_column(sa.Column('release_reason', sa.Text(), nullable=True))
            batch_op.add_column(sa.Column('released_by_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_restricted'), ['restricted'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_released_by_id_users'), 'users', ['released_by_id'], ['id'])


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_released_by_id_users'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_restricted'))
            batch_op.drop_column('released_by_id')
            batch_op.drop_column('release_reason')
            batch_op.drop_column('released_at')
            batch_op.drop_column('restricted')
            batch_op.drop_column('exempt_paragraph')
