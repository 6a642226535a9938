"""Typed memos attached to the project or to one object of it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models import columns as col
from qualframe.storage.models.base import Base
from qualframe.vocabulary import MemoKind


class Memo(Base):
    """A memo (Markdown ``body``) on the project or on at most one object.

    When the object it is linked to is deleted the memo is kept and falls
    back to the project (its link becomes null).
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
    document_id: Mapped[int | None] = col.references("documents.id", on_delete="SET NULL")
    code_id: Mapped[int | None] = col.references("codes.id", on_delete="SET NULL")
    coding_id: Mapped[int | None] = col.references("codings.id", on_delete="SET NULL")
    case_id: Mapped[int | None] = col.references("cases.id", on_delete="SET NULL")
    participant_id: Mapped[int | None] = col.references("participants.id", on_delete="SET NULL")
    created_at: Mapped[col.Moment]
    updated_at: Mapped[col.Moment]
    #: The passage ``[start, end)`` of the document the memo is about (a Word
    #: comment's anchor), in code points; null for a memo on the whole document.
    start: Mapped[int | None]
    end: Mapped[int | None]

    __table_args__ = (
        sa.CheckConstraint(
            '(start IS NULL AND "end" IS NULL) OR (0 <= start AND start <= "end")',
            name="passage_span",
        ),
        sa.CheckConstraint(
            col.count_not_null("document_id", "code_id", "coding_id", "case_id", "participant_id")
            + " <= 1",
            name="at_most_one_link",
        ),
        col.not_empty("title"),
        sa.Index(None, "project_id", "kind"),
        *col.identity_constraints(),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)
