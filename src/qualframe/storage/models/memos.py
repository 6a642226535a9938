"""Typed memos on the project or on any number of its objects."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models import columns as col
from qualframe.storage.models.base import Base
from qualframe.vocabulary import MemoKind

#: The columns of ``memo_links`` naming the object a link points at (one is set).
TARGET_COLUMNS = (
    "document_id",
    "code_id",
    "coding_id",
    "case_id",
    "participant_id",
    "cell_id",
)


class Memo(Base):
    """A memo (Markdown ``body``) on the project or on objects of it.

    What it is about is kept in :class:`MemoLinkRow` rows (none: the memo is
    about the project). When a linked object is deleted its link goes and
    the memo stays.
    """

    __tablename__ = "memos"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    project_id: Mapped[col.ProjectKey]
    kind: Mapped[MemoKind] = mapped_column(col.enum_column(MemoKind, "memo_kind"))
    title: Mapped[str] = mapped_column(sa.String(500))
    body: Mapped[col.Prose]
    author: Mapped[col.Name]
    created_at: Mapped[col.Moment]
    updated_at: Mapped[col.Moment]

    __table_args__ = (
        col.not_empty("title"),
        sa.Index(None, "project_id", "kind"),
        # The target of keys that must stay in the project (change-model evidence).
        sa.Index("uq_memos_id_project_id", "id", "project_id", unique=True),
        *col.identity_constraints(),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class MemoLinkRow(Base):
    """One object a memo is about: exactly one of a document, code, coding,
    case, participant or stored matrix cell, shown in ``position`` order.

    A document link may carry a passage ``[start, end)`` of the document's
    text, in code points (an annotation; a Word comment's anchor); null for
    the whole document. A memo links to an object (or a passage) once. A
    link goes with its object or its memo (foreign-key cascades); the memo
    stays when its object goes.
    """

    __tablename__ = "memo_links"

    id: Mapped[col.IntPK]
    memo_id: Mapped[int] = col.references("memos.id")
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    document_id: Mapped[int | None] = col.references("documents.id")
    code_id: Mapped[int | None] = col.references("codes.id")
    coding_id: Mapped[int | None] = col.references("codings.id")
    case_id: Mapped[int | None] = col.references("cases.id")
    participant_id: Mapped[int | None] = col.references("participants.id")
    cell_id: Mapped[int | None] = col.references("matrix_cells.id")
    start: Mapped[int | None]
    end: Mapped[int | None]

    __table_args__ = (
        sa.CheckConstraint(col.count_not_null(*TARGET_COLUMNS) + " = 1", name="one_target"),
        sa.CheckConstraint(
            '(start IS NULL AND "end" IS NULL) OR '
            '(document_id IS NOT NULL AND 0 <= start AND start <= "end")',
            name="passage_span",
        ),
        sa.Index(None, "memo_id", "position"),
        # Lookups by each object; the unique ones also keep a link from repeating.
        col.index_where("document_id", where="document_id IS NOT NULL"),
        col.unique_where(
            "uq_memo_links_document",
            "memo_id",
            "document_id",
            where="document_id IS NOT NULL AND start IS NULL",
        ),
        col.unique_where(
            "uq_memo_links_passage",
            "memo_id",
            "document_id",
            "start",
            "end",
            where="start IS NOT NULL",
        ),
        col.unique_where("uq_memo_links_code", "code_id", "memo_id", where="code_id IS NOT NULL"),
        col.unique_where(
            "uq_memo_links_coding", "coding_id", "memo_id", where="coding_id IS NOT NULL"
        ),
        col.unique_where("uq_memo_links_case", "case_id", "memo_id", where="case_id IS NOT NULL"),
        col.unique_where(
            "uq_memo_links_participant",
            "participant_id",
            "memo_id",
            where="participant_id IS NOT NULL",
        ),
        col.unique_where("uq_memo_links_cell", "cell_id", "memo_id", where="cell_id IS NOT NULL"),
    )
