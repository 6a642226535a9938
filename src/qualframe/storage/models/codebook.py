"""The codebook tree and the codings that apply its codes to text."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models import columns as col
from qualframe.storage.models.base import Base
from qualframe.vocabulary import CodeOrigin


class Code(Base):
    """A node of the codebook tree; a code with children is a theme.

    Names are unique among siblings. ``retired`` codes stay (with their
    codings) but are not offered for new coding.
    """

    __tablename__ = "codes"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    project_id: Mapped[col.ProjectKey]
    parent_id: Mapped[int | None]
    name: Mapped[col.Name]
    definition: Mapped[col.Prose]
    inclusion: Mapped[col.Prose]
    exclusion: Mapped[col.Prose]
    example: Mapped[col.Prose]
    origin: Mapped[CodeOrigin] = mapped_column(
        col.enum_column(CodeOrigin, "code_origin"), default=CodeOrigin.DEDUCTIVE
    )
    colour: Mapped[str | None] = mapped_column(sa.String(7))
    retired: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[col.Moment]

    __table_args__ = (
        sa.UniqueConstraint("id", "project_id"),
        # A parent must be a code of the same project.
        sa.ForeignKeyConstraint(
            ["parent_id", "project_id"], ["codes.id", "codes.project_id"], ondelete="RESTRICT"
        ),
        sa.UniqueConstraint("project_id", "parent_id", "name"),
        col.unique_where(
            "uq_codes_project_root_name", "project_id", "name", where="parent_id IS NULL"
        ),
        col.not_empty("name"),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        sa.CheckConstraint(
            "colour IS NULL OR (length(colour) = 7 AND substr(colour, 1, 1) = '#')",
            name="colour_format",
        ),
        *col.identity_constraints(),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


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

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    project_id: Mapped[col.ProjectKey]
    document_id: Mapped[int]
    code_id: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str] = mapped_column(sa.Text)
    coder: Mapped[col.Name]
    participant_id: Mapped[int | None] = col.references("participants.id", on_delete="SET NULL")
    speaker: Mapped[col.Name | None]
    created_at: Mapped[col.Moment]

    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["document_id", "project_id"],
            ["documents.id", "documents.project_id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["code_id", "project_id"], ["codes.id", "codes.project_id"], ondelete="CASCADE"
        ),
        col.span_in_order(),
        sa.UniqueConstraint("document_id", "code_id", "start", "end", "coder"),
        sa.Index(None, "code_id", "participant_id"),
        sa.Index(None, "document_id", "start"),
        sa.Index(None, "participant_id"),
        # The target of keys that must stay in the project (change-model evidence).
        sa.Index("uq_codings_id_project_id", "id", "project_id", unique=True),
        *col.identity_constraints(),
    )
