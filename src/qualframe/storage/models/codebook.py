"""The codebook tree and the codings that apply its codes to text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models.base import Base, Timestamp, enum_column, utc_now
from qualframe.vocabulary import CodeOrigin


class Code(Base):
    """A node of the codebook tree; a code with children is a theme.

    Names are unique among siblings. ``retired`` codes stay (with their
    codings) but are not offered for new coding.
    """

    __tablename__ = "codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text, default="")
    inclusion: Mapped[str] = mapped_column(Text, default="")
    exclusion: Mapped[str] = mapped_column(Text, default="")
    example: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[CodeOrigin] = mapped_column(
        enum_column(CodeOrigin, "code_origin"), default=CodeOrigin.DEDUCTIVE
    )
    colour: Mapped[str | None] = mapped_column(String(7))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(Timestamp(), default=utc_now)

    __table_args__ = (
        UniqueConstraint("id", "project_id"),
        # A parent must be a code of the same project.
        ForeignKeyConstraint(
            ["parent_id", "project_id"], ["codes.id", "codes.project_id"], ondelete="RESTRICT"
        ),
        UniqueConstraint("project_id", "parent_id", "name"),
        Index(
            "uq_codes_project_root_name",
            "project_id",
            "name",
            unique=True,
            sqlite_where=text("parent_id IS NULL"),
            postgresql_where=text("parent_id IS NULL"),
        ),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint(
            "colour IS NULL OR (length(colour) = 7 AND substr(colour, 1, 1) = '#')",
            name="colour_format",
        ),
    )


class Coding(Base):
    """A code applied to the span ``[start, end)`` (code points) of a document.

    ``quote`` is the coded text, ``document.text[start:end]``, kept so that
    listings never slice large documents; documents are not edited once
    coding starts. ``participant_id`` is the participant speaking at
    ``start`` (or the document's only participant), kept in step with the
    speaker mappings by the services. Code and document must belong to
    ``project_id`` (composite keys).
    """

    __tablename__ = "codings"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(Integer)
    code_id: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    coder: Mapped[str] = mapped_column(String(200))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    speaker: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(Timestamp(), default=utc_now)

    __table_args__ = (
        ForeignKeyConstraint(
            ["document_id", "project_id"],
            ["documents.id", "documents.project_id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["code_id", "project_id"], ["codes.id", "codes.project_id"], ondelete="CASCADE"
        ),
        CheckConstraint('0 <= start AND start < "end"', name="span_order"),
        UniqueConstraint("document_id", "code_id", "start", "end", "coder"),
        Index(None, "code_id", "participant_id"),
        Index(None, "document_id", "start"),
        Index(None, "participant_id"),
    )
