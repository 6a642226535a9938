"""memos where the work is: a memo links to several objects (``memo_links``)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 08:00:00

Until now a memo had at most one link, as columns of ``memos``
(``document_id``, ``code_id``, ``coding_id``, ``case_id``,
``participant_id``, and the passage ``start``/``end`` of a memo on part of a
document). A new table ``memo_links`` holds every link of a memo, in the
order shown (``position``): exactly one of a document, code, coding, case,
participant or stored matrix cell (``cell_id``, new), a document link maybe
with a passage ``[start, end)`` in code points (an annotation). The
database keeps the rules: one object per link, a passage only on a document
link and in order, a memo linked to an object (or passage) once, and a link
goes with its object or its memo (the memo stays).

The upgrade copies every memo's link, passage included, into ``memo_links``
(a passage left on a memo whose document was deleted is dropped with it:
it was a passage of nothing), then drops the link columns of ``memos``. On
SQLite that copies the memos table (batch mode), keeping every row; the
upgrade runs with foreign keys off (as :meth:`Database.upgrade` does), so
the copy does not cascade to the new links. Memos are not in the full-text
index (it indexes document segments only): search is unchanged.

The downgrade keeps each memo's first link an older qualframe can hold (a
cell link it has no column for is dropped), its passage included; a memo
that loses links counts one more version.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

#: The link columns that leave ``memos``, and the tables they point at.
OLD_LINKS = {
    "document_id": "documents",
    "code_id": "codes",
    "coding_id": "codings",
    "case_id": "cases",
    "participant_id": "participants",
}
#: Every target column of ``memo_links`` and its table.
TARGETS = {**OLD_LINKS, "cell_id": "matrix_cells"}


def _count_not_null(columns: list[str]) -> str:
    return " + ".join(f"(CASE WHEN {c} IS NOT NULL THEN 1 ELSE 0 END)" for c in columns)


def _create_links_table() -> None:
    op.create_table(
        "memo_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("memo_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *(sa.Column(column, sa.Integer(), nullable=True) for column in TARGETS),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            _count_not_null(list(TARGETS)) + " = 1", name=op.f("ck_memo_links_one_target")
        ),
        sa.CheckConstraint(
            '(start IS NULL AND "end" IS NULL) OR '
            '(document_id IS NOT NULL AND 0 <= start AND start <= "end")',
            name=op.f("ck_memo_links_passage_span"),
        ),
        sa.ForeignKeyConstraint(
            ["memo_id"], ["memos.id"], name=op.f("fk_memo_links_memo_id_memos"), ondelete="CASCADE"
        ),
        *(
            sa.ForeignKeyConstraint(
                [column],
                [f"{table}.id"],
                name=op.f(f"fk_memo_links_{column}_{table}"),
                ondelete="CASCADE",
            )
            for column, table in TARGETS.items()
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memo_links")),
    )
    op.create_index(op.f("ix_memo_links_memo_id_position"), "memo_links", ["memo_id", "position"])
    _partial_index("ix_memo_links_document_id", ["document_id"], "document_id IS NOT NULL", False)
    _partial_index(
        "uq_memo_links_document",
        ["memo_id", "document_id"],
        "document_id IS NOT NULL AND start IS NULL",
    )
    _partial_index(
        "uq_memo_links_passage", ["memo_id", "document_id", "start", "end"], "start IS NOT NULL"
    )
    for column in ("code_id", "coding_id", "case_id", "participant_id", "cell_id"):
        name = column.removesuffix("_id")
        _partial_index(f"uq_memo_links_{name}", [column, "memo_id"], f"{column} IS NOT NULL")


def _partial_index(name: str, columns: list[str], where: str, unique: bool = True) -> None:
    condition = sa.text(where)
    op.create_index(
        name,
        "memo_links",
        columns,
        unique=unique,
        sqlite_where=condition,
        postgresql_where=condition,
    )


def upgrade() -> None:
    _create_links_table()
    # Every link kept, in its own row (a memo had one at most: position 0).
    op.execute(
        "INSERT INTO memo_links (memo_id, position, document_id, code_id, coding_id, case_id, "
        'participant_id, start, "end") '
        "SELECT id, 0, document_id, code_id, coding_id, case_id, participant_id, "
        "CASE WHEN document_id IS NOT NULL THEN start END, "
        'CASE WHEN document_id IS NOT NULL THEN "end" END '
        "FROM memos WHERE " + " OR ".join(f"{c} IS NOT NULL" for c in OLD_LINKS) + " ORDER BY id"
    )
    with op.batch_alter_table("memos") as batch:
        batch.drop_constraint(op.f("ck_memos_passage_span"), type_="check")
        batch.drop_constraint(op.f("ck_memos_at_most_one_link"), type_="check")
        for column, table in OLD_LINKS.items():
            batch.drop_constraint(op.f(f"fk_memos_{column}_{table}"), type_="foreignkey")
        for column in [*OLD_LINKS, "start", "end"]:
            batch.drop_column(column)


def downgrade() -> None:
    with op.batch_alter_table("memos") as batch:
        for column in OLD_LINKS:
            batch.add_column(sa.Column(column, sa.Integer(), nullable=True))
        batch.add_column(sa.Column("start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("end", sa.Integer(), nullable=True))
    # The first link an older qualframe can hold (it has no cell links).
    first = (
        "(SELECT l.id FROM memo_links l WHERE l.memo_id = memos.id AND l.cell_id IS NULL "
        "ORDER BY l.position, l.id LIMIT 1)"
    )
    kept = ", ".join(
        f'"{c}" = (SELECT k."{c}" FROM memo_links k WHERE k.id = {first})'
        for c in [*OLD_LINKS, "start", "end"]
    )
    op.execute(f"UPDATE memos SET {kept}")
    op.execute(
        "UPDATE memos SET version = version + 1 WHERE "
        "(SELECT count(*) FROM memo_links l WHERE l.memo_id = memos.id) > 1 OR EXISTS "
        "(SELECT 1 FROM memo_links l WHERE l.memo_id = memos.id AND l.cell_id IS NOT NULL)"
    )
    op.drop_table("memo_links")
    with op.batch_alter_table("memos") as batch:
        for column, table in OLD_LINKS.items():
            batch.create_foreign_key(
                op.f(f"fk_memos_{column}_{table}"),
                table,
                [column],
                ["id"],
                ondelete="SET NULL",
            )
        batch.create_check_constraint(
            op.f("ck_memos_at_most_one_link"), _count_not_null(list(OLD_LINKS)) + " <= 1"
        )
        batch.create_check_constraint(
            op.f("ck_memos_passage_span"),
            '(start IS NULL AND "end" IS NULL) OR (0 <= start AND start <= "end")',
        )
