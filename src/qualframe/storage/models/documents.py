"""Source texts, who speaks in them, and the segments the search index covers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models.base import Base, Timestamp, enum_column, utc_now
from qualframe.vocabulary import SpeakerRole


class Document(Base):
    """A source text, stored once as NFC with ``\\n`` line endings.

    ``length`` is the text's length in code points (offsets count these);
    ``content_hash`` is the SHA-256 of the UTF-8 text, unique in a project
    so the same text is never imported twice. ``position`` orders documents
    (interview order) when set.
    """

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    length: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    position: Mapped[int | None] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(Timestamp(), default=utc_now)
    imported_by: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (
        UniqueConstraint("project_id", "content_hash"),
        UniqueConstraint("project_id", "name"),
        UniqueConstraint("id", "project_id"),
        CheckConstraint("length > 0", name="not_empty"),
    )


class DocumentParticipant(Base):
    """Links a document to the participant(s) it records (several for a focus group)."""

    __tablename__ = "document_participants"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (Index(None, "participant_id"),)


class SpeakerTurn(Base):
    """A span ``[start, end)`` of a document spoken by one speaker label.

    ``participant_id`` is resolved from the speaker mappings and kept in
    step with them by the services (null for interviewers and unmapped labels).
    """

    __tablename__ = "speaker_turns"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(200))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )

    __table_args__ = (
        CheckConstraint('0 <= start AND start < "end"', name="span_order"),
        Index(None, "document_id", "start"),
        Index(None, "participant_id"),
    )


class SpeakerMapping(Base):
    """What a speaker label stands for: a participant, the interviewer, or other.

    A mapping with ``document_id`` null applies to every document of the
    project; one with a document overrides it there.
    """

    __tablename__ = "speaker_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(200))
    role: Mapped[SpeakerRole] = mapped_column(enum_column(SpeakerRole, "speaker_role"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE")
    )

    __table_args__ = (
        CheckConstraint(
            "(role = 'participant') = (participant_id IS NOT NULL)",
            name="participant_iff_role",
        ),
        UniqueConstraint("project_id", "document_id", "label"),
        # NULLs are distinct in unique constraints: project-wide labels need their own index.
        Index(
            "uq_speaker_mappings_project_label",
            "project_id",
            "label",
            unique=True,
            sqlite_where=text("document_id IS NULL"),
            postgresql_where=text("document_id IS NULL"),
        ),
    )


class TextSegment(Base):
    """A paragraph (within one speaker turn) of a document: the unit of search.

    ``turn_id`` is the speaker turn the segment lies in, if any.
    """

    __tablename__ = "text_segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("speaker_turns.id", ondelete="SET NULL"))

    __table_args__ = (
        CheckConstraint('0 <= start AND start < "end"', name="span_order"),
        Index(None, "document_id", "start"),
    )
