"""Typed memos attached to the project or to one object of it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models.base import (
    Base,
    Timestamp,
    count_not_null,
    enum_column,
    utc_now,
)
from qualframe.vocabulary import MemoKind


class Memo(Base):
    """A memo (Markdown ``body``) on the project or on at most one object.

    When the object it is linked to is deleted the memo is kept and falls
    back to the project (its link becomes null).
    """

    __tablename__ = "memos"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[MemoKind] = mapped_column(enum_column(MemoKind, "memo_kind"))
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    code_id: Mapped[int | None] = mapped_column(ForeignKey("codes.id", ondelete="SET NULL"))
    coding_id: Mapped[int | None] = mapped_column(ForeignKey("codings.id", ondelete="SET NULL"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(Timestamp(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(Timestamp(), default=utc_now)

    __table_args__ = (
        CheckConstraint(
            count_not_null("document_id", "code_id", "coding_id", "case_id", "participant_id")
            + " <= 1",
            name="at_most_one_link",
        ),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        Index(None, "project_id", "kind"),
    )
