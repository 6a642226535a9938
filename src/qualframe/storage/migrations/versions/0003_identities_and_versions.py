"""identities and versions: a GUID on every object other tools may refer to,
a version on every record people edit

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 18:45:00

Every existing row keeps its data and gets a new random GUID (not derived
from its id) and version 1.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: Tables whose rows get a GUID, and whether it is unique per project (or in the
#: table). The unique index is led by the GUID: one led by ``project_id`` would
#: draw SQLite's planner away from each query's own index.
IDENTIFIED = {
    "projects": False,
    "attribute_definitions": True,
    "cases": True,
    "participants": True,
    "questions": True,
    "documents": True,
    "codes": True,
    "codings": True,
    "memos": True,
    "matrix_cells": True,
}

#: Tables whose rows are edited by people and carry a version.
VERSIONED = (
    "attribute_definitions",
    "cases",
    "participants",
    "documents",
    "codes",
    "memos",
    "matrix_cells",
)

#: A random version-4 UUID per row, computed by the database (one statement per table).
SQLITE_UUID4 = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || "
    "'-' || lower(hex(randomblob(6)))"
)
POSTGRESQL_UUID4 = "gen_random_uuid()::text"

#: SQLite's search index reads segment texts through this view of ``documents``
#: (migration 0001); SQLite cannot rebuild a table a view refers to, so the
#: view is dropped while ``documents`` is rebuilt and made again unchanged.
SEGMENT_TEXTS_VIEW = (
    "CREATE VIEW segment_texts AS SELECT s.id AS id, "
    'substr(d.text, s.start + 1, s."end" - s.start) AS body '
    "FROM text_segments s JOIN documents d ON d.id = s.document_id"
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP VIEW IF EXISTS segment_texts")
    new_guid = SQLITE_UUID4 if sqlite else POSTGRESQL_UUID4
    for table in IDENTIFIED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("guid", sa.String(length=36), nullable=True))
            if table in VERSIONED:
                batch.add_column(
                    sa.Column("version", sa.Integer(), server_default="1", nullable=False)
                )
        op.execute(f"UPDATE {table} SET guid = {new_guid}")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("guid", existing_type=sa.String(length=36), nullable=False)
            columns = ["guid", "project_id"] if IDENTIFIED[table] else ["guid"]
            batch.create_unique_constraint(op.f(f"uq_{table}_{'_'.join(columns)}"), columns)
            if table in VERSIONED:
                batch.create_check_constraint(op.f(f"ck_{table}_version_from_one"), "version >= 1")
    if sqlite:
        op.execute(SEGMENT_TEXTS_VIEW)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP VIEW IF EXISTS segment_texts")
    for table in reversed(IDENTIFIED):
        with op.batch_alter_table(table) as batch:
            columns = ["guid", "project_id"] if IDENTIFIED[table] else ["guid"]
            batch.drop_constraint(op.f(f"uq_{table}_{'_'.join(columns)}"), type_="unique")
            if table in VERSIONED:
                batch.drop_constraint(op.f(f"ck_{table}_version_from_one"), type_="check")
                batch.drop_column("version")
            batch.drop_column("guid")
    if sqlite:
        op.execute(SEGMENT_TEXTS_VIEW)
