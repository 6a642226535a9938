"""Framework-matrix cells (with quotes and history) and question coverage."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models.base import (
    Base,
    Timestamp,
    count_not_null,
    enum_column,
    utc_now,
)
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

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    code_id: Mapped[int] = mapped_column(Integer)
    row_kind: Mapped[RowKind] = mapped_column(enum_column(RowKind, "row_kind"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE")
    )
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    group_key: Mapped[str | None] = mapped_column(String(1000))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CellStatus] = mapped_column(
        enum_column(CellStatus, "cell_status"), default=CellStatus.EMPTY
    )
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(Timestamp(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(Timestamp(), default=utc_now)

    __table_args__ = (
        ForeignKeyConstraint(
            ["code_id", "project_id"], ["codes.id", "codes.project_id"], ondelete="CASCADE"
        ),
        CheckConstraint(
            count_not_null("participant_id", "case_id", "group_key") + " = 1", name="one_row"
        ),
        CheckConstraint(
            "(row_kind = 'participant') = (participant_id IS NOT NULL) AND "
            "(row_kind = 'case') = (case_id IS NOT NULL) AND "
            "(row_kind = 'group') = (group_key IS NOT NULL)",
            name="row_matches_kind",
        ),
        UniqueConstraint("code_id", "participant_id"),
        UniqueConstraint("code_id", "case_id"),
        UniqueConstraint("project_id", "code_id", "group_key"),
        Index(None, "project_id", "code_id"),
        Index(None, "participant_id"),
        Index(None, "case_id"),
    )


class CellQuote(Base):
    """A coding linked to a cell as supporting quote, in the analyst's order."""

    __tablename__ = "cell_quotes"

    cell_id: Mapped[int] = mapped_column(
        ForeignKey("matrix_cells.id", ondelete="CASCADE"), primary_key=True
    )
    coding_id: Mapped[int] = mapped_column(
        ForeignKey("codings.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index(None, "coding_id"),)


class CellRevision(Base):
    """One saved state of a cell: the history of its edits, oldest first."""

    __tablename__ = "cell_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cell_id: Mapped[int] = mapped_column(ForeignKey("matrix_cells.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(Timestamp(), default=utc_now)
    author: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CellStatus] = mapped_column(enum_column(CellStatus, "revision_status"))

    __table_args__ = (Index(None, "cell_id", "at"),)


class QuestionCode(Base):
    """A code whose data an interview question collects (its coverage).

    A participant who was not asked the question (``Answer.asked`` false)
    has "not asked" cells for the question's codes, not "no data".
    """

    __tablename__ = "question_codes"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    code_id: Mapped[int] = mapped_column(
        ForeignKey("codes.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (Index(None, "code_id"),)
