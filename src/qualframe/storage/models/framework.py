"""Framework-matrix cells (with quotes and history) and question coverage."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models import columns as col
from qualframe.storage.models.base import Base
from qualframe.vocabulary import CellStatus, RowKind


class MatrixCell(Base):
    """A framework-matrix cell, keyed by (row object, code).

    A cell exists independently of any matrix: every matrix with that row
    and code shows it. The row object is exactly one of a participant, a
    case, or an attribute group (``group_key``: canonical
    ``name=value|name=value`` text, names sorted). ``summary`` is the
    analyst's text (Markdown); drafts made from data have status ``draft``.
    """

    __tablename__ = "matrix_cells"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    project_id: Mapped[col.ProjectKey]
    code_id: Mapped[int]
    row_kind: Mapped[RowKind] = mapped_column(col.enum_column(RowKind, "row_kind"))
    participant_id: Mapped[int | None] = col.references("participants.id")
    case_id: Mapped[int | None] = col.references("cases.id")
    group_key: Mapped[str | None] = mapped_column(sa.String(1000))
    summary: Mapped[col.Prose]
    status: Mapped[CellStatus] = mapped_column(
        col.enum_column(CellStatus, "cell_status"), default=CellStatus.EMPTY
    )
    author: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[col.Moment]
    updated_at: Mapped[col.Moment]

    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["code_id", "project_id"], ["codes.id", "codes.project_id"], ondelete="CASCADE"
        ),
        sa.CheckConstraint(
            col.count_not_null("participant_id", "case_id", "group_key") + " = 1", name="one_row"
        ),
        sa.CheckConstraint(
            "(row_kind = 'participant') = (participant_id IS NOT NULL) AND "
            "(row_kind = 'case') = (case_id IS NOT NULL) AND "
            "(row_kind = 'group') = (group_key IS NOT NULL)",
            name="row_matches_kind",
        ),
        sa.UniqueConstraint("code_id", "participant_id"),
        sa.UniqueConstraint("code_id", "case_id"),
        sa.UniqueConstraint("project_id", "code_id", "group_key"),
        sa.Index(None, "project_id", "code_id"),
        sa.Index(None, "participant_id"),
        sa.Index(None, "case_id"),
        # The target of keys that must stay in the project (change-model evidence).
        sa.Index("uq_matrix_cells_id_project_id", "id", "project_id", unique=True),
        *col.identity_constraints(),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class CellQuote(Base):
    """A coding linked to a cell as supporting quote, in the analyst's order.

    ``start`` and ``end`` (code points of the coding's document) mark the
    quoted passage when it is a sub-span of the coding (one key sentence of a
    long turn); both null quote the whole coding. The services keep the
    passage inside the coding's span.
    """

    __tablename__ = "cell_quotes"

    cell_id: Mapped[int] = col.references("matrix_cells.id", primary_key=True)
    coding_id: Mapped[int] = col.references("codings.id", primary_key=True)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    start: Mapped[int | None]
    end: Mapped[int | None]

    __table_args__ = (
        sa.CheckConstraint(
            '(start IS NULL AND "end" IS NULL) OR (0 <= start AND start < "end")',
            name="quote_span",
        ),
        sa.Index(None, "coding_id"),
    )


class CellRevision(Base):
    """One saved state of a cell: the history of its edits, oldest first."""

    __tablename__ = "cell_revisions"

    id: Mapped[col.IntPK]
    cell_id: Mapped[int] = col.references("matrix_cells.id")
    at: Mapped[col.Moment]
    author: Mapped[col.Name]
    action: Mapped[str] = mapped_column(sa.String(50))
    summary: Mapped[col.Prose]
    status: Mapped[CellStatus] = mapped_column(col.enum_column(CellStatus, "revision_status"))

    __table_args__ = (sa.Index(None, "cell_id", "at"),)


class QuestionCode(Base):
    """A code whose data an interview question collects (its coverage).

    A participant who was not asked the question (``Answer.asked`` false)
    has "not asked" cells for the question's codes, not "no data".
    """

    __tablename__ = "question_codes"

    question_id: Mapped[int] = col.references("questions.id", primary_key=True)
    code_id: Mapped[int] = col.references("codes.id", primary_key=True)

    __table_args__ = (sa.Index(None, "code_id"),)
