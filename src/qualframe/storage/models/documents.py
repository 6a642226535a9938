"""Source texts, who speaks in them, and the segments the search index covers."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models import columns as col
from qualframe.storage.models.base import Base
from qualframe.vocabulary import SpeakerRole


class Document(Base):
    """A source text, stored once as NFC with ``\\n`` line endings.

    ``length`` is the text's length in code points (offsets count these);
    ``content_hash`` is the SHA-256 of the UTF-8 text, unique in a project
    so the same text is never imported twice. ``position`` orders documents
    (interview order) when set.
    """

    __tablename__ = "documents"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    project_id: Mapped[col.ProjectKey]
    name: Mapped[str] = mapped_column(sa.String(500))
    title: Mapped[str] = mapped_column(sa.String(500))
    format: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text)
    length: Mapped[int]
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    position: Mapped[int | None]
    imported_at: Mapped[col.Moment]
    imported_by: Mapped[str] = mapped_column(sa.String(200), default="")

    __table_args__ = (
        sa.UniqueConstraint("project_id", "content_hash"),
        sa.UniqueConstraint("project_id", "name"),
        sa.UniqueConstraint("id", "project_id"),
        sa.CheckConstraint("length > 0", name="not_empty"),
        *col.identity_constraints(),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class DocumentParticipant(Base):
    """Links a document to the participant(s) it records (several for a focus group)."""

    __tablename__ = "document_participants"

    document_id: Mapped[int] = col.references("documents.id", primary_key=True)
    participant_id: Mapped[int] = col.references("participants.id", primary_key=True)

    __table_args__ = (sa.Index(None, "participant_id"),)


class SpeakerTurn(Base):
    """A span ``[start, end)`` of a document spoken by one speaker label.

    ``participant_id`` is resolved from the speaker mappings and kept in
    step with them by the services (null for interviewers and unmapped labels).
    """

    __tablename__ = "speaker_turns"

    id: Mapped[col.IntPK]
    document_id: Mapped[int] = col.references("documents.id")
    label: Mapped[col.Name]
    start: Mapped[int]
    end: Mapped[int]
    participant_id: Mapped[int | None] = col.references("participants.id", on_delete="SET NULL")

    __table_args__ = (
        col.span_in_order(),
        sa.Index(None, "document_id", "start"),
        sa.Index(None, "participant_id"),
    )


class SpeakerMapping(Base):
    """What a speaker label stands for: a participant, the interviewer, or other.

    A mapping with ``document_id`` null applies to every document of the
    project; one with a document overrides it there.
    """

    __tablename__ = "speaker_mappings"

    id: Mapped[col.IntPK]
    project_id: Mapped[col.ProjectKey]
    document_id: Mapped[int | None] = col.references("documents.id")
    label: Mapped[col.Name]
    role: Mapped[SpeakerRole] = mapped_column(col.enum_column(SpeakerRole, "speaker_role"))
    participant_id: Mapped[int | None] = col.references("participants.id")

    __table_args__ = (
        sa.CheckConstraint(
            "(role = 'participant') = (participant_id IS NOT NULL)",
            name="participant_iff_role",
        ),
        sa.UniqueConstraint("project_id", "document_id", "label"),
        # NULLs are distinct in unique constraints: project-wide labels need their own index.
        col.unique_where(
            "uq_speaker_mappings_project_label", "project_id", "label", where="document_id IS NULL"
        ),
    )


class TextSegment(Base):
    """A paragraph (within one speaker turn) of a document: the unit of search.

    ``turn_id`` is the speaker turn the segment lies in, if any.
    """

    __tablename__ = "text_segments"

    id: Mapped[col.IntPK]
    document_id: Mapped[int] = col.references("documents.id")
    start: Mapped[int]
    end: Mapped[int]
    turn_id: Mapped[int | None] = col.references("speaker_turns.id", on_delete="SET NULL")

    __table_args__ = (
        col.span_in_order(),
        sa.Index(None, "document_id", "start"),
    )
