"""Source texts, their structure and history, who speaks in them, and the
segments the search index covers."""

from __future__ import annotations

from datetime import datetime
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
    #: When a coder marked the document's coding done, and who (both None: not
    #: marked; migration 0008). See ``services/documents/coding_progress.py``.
    coding_done_at: Mapped[datetime | None] = mapped_column(col.Timestamp())
    coding_done_by: Mapped[str | None] = mapped_column(sa.String(200))

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


class DocumentSection(Base):
    """A heading of a document and the span ``[start, end)`` under it (from the
    heading's line to the next heading of the same or a higher level).

    ``position`` orders the sections of a document (0, 1, ...); ``level``
    counts from 1 (the highest).
    """

    __tablename__ = "document_sections"

    id: Mapped[col.IntPK]
    document_id: Mapped[int] = col.references("documents.id")
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(500))
    level: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]

    __table_args__ = (
        col.span_in_order(),
        sa.CheckConstraint("level >= 1", name="level_from_one"),
        sa.CheckConstraint("position >= 0", name="position_not_negative"),
        sa.UniqueConstraint("document_id", "position"),
    )


class DocumentPage(Base):
    """A page of the file a document was read from (1-based ``number``) and the
    span ``[start, end)`` of the text it holds, so a quote can cite its page."""

    __tablename__ = "document_pages"

    document_id: Mapped[int] = col.references("documents.id", primary_key=True)
    number: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[int]
    end: Mapped[int]

    __table_args__ = (
        col.span_in_order(),
        sa.CheckConstraint("number >= 1", name="number_from_one"),
    )


class DocumentRevision(Base):
    """An earlier text of a document, kept when the text was replaced (a corrected
    file, a re-read with newer readers, a pseudonymised copy).

    ``number`` counts a document's revisions from 1 (the text it was
    imported with); ``reason`` says why it was replaced; ``details`` holds
    the file and what happened to the codings.
    """

    __tablename__ = "document_revisions"

    id: Mapped[col.IntPK]
    document_id: Mapped[int] = col.references("documents.id")
    number: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str] = mapped_column(sa.String(500), default="")
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    replaced_at: Mapped[col.Moment]
    replaced_by: Mapped[str] = mapped_column(sa.String(200), default="")

    __table_args__ = (
        sa.UniqueConstraint("document_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_from_one"),
    )


class SpeakerTurn(Base):
    """A span ``[start, end)`` of a document spoken by one speaker label.

    ``participant_id`` is resolved from the speaker mappings and kept in
    step with them by the services (null for interviewers and unmapped
    labels). ``seconds`` is when the turn starts in the recording (a
    subtitle cue, a transcript's timestamp), when known.
    """

    __tablename__ = "speaker_turns"

    id: Mapped[col.IntPK]
    document_id: Mapped[int] = col.references("documents.id")
    label: Mapped[col.Name]
    start: Mapped[int]
    end: Mapped[int]
    participant_id: Mapped[int | None] = col.references("participants.id", on_delete="SET NULL")
    seconds: Mapped[float | None] = mapped_column(sa.Float)

    __table_args__ = (
        col.span_in_order(),
        sa.CheckConstraint("seconds IS NULL OR seconds >= 0", name="seconds_not_negative"),
        sa.Index(None, "document_id", "start"),
        # Only mapped turns are looked up by participant (``= ?`` implies IS NOT NULL).
        col.index_where("participant_id", where="participant_id IS NOT NULL"),
    )


class SpeakerMapping(Base):
    """What a speaker label stands for: a participant, the interviewer, or other.

    A mapping with ``document_id`` null applies to every document of the
    project; one with a document overrides it there; one with a section too
    (``section_id``: "The Witness" of this witness's evidence) overrides
    both within that section; one with a turn (``turn_id``, with its
    document and no section; ``label`` is the turn's) overrides them all for
    that one turn, and goes with it.
    """

    __tablename__ = "speaker_mappings"

    id: Mapped[col.IntPK]
    project_id: Mapped[col.ProjectKey]
    document_id: Mapped[int | None] = col.references("documents.id")
    label: Mapped[col.Name]
    role: Mapped[SpeakerRole] = mapped_column(col.enum_column(SpeakerRole, "speaker_role"))
    participant_id: Mapped[int | None] = col.references("participants.id")
    section_id: Mapped[int | None] = col.references("document_sections.id")
    turn_id: Mapped[int | None] = col.references("speaker_turns.id")

    __table_args__ = (
        sa.CheckConstraint(
            "(role = 'participant') = (participant_id IS NOT NULL)",
            name="participant_iff_role",
        ),
        sa.CheckConstraint(
            "section_id IS NULL OR document_id IS NOT NULL", name="section_in_document"
        ),
        sa.CheckConstraint(
            "turn_id IS NULL OR (document_id IS NOT NULL AND section_id IS NULL)",
            name="turn_in_document",
        ),
        # Turn mappings have no section, so they never meet here (NULLs are distinct).
        sa.UniqueConstraint("project_id", "document_id", "section_id", "label"),
        # NULLs are distinct in unique constraints: project-wide and document-wide
        # labels need their own indexes.
        col.unique_where(
            "uq_speaker_mappings_project_label", "project_id", "label", where="document_id IS NULL"
        ),
        col.unique_where(
            "uq_speaker_mappings_document_label",
            "project_id",
            "document_id",
            "label",
            where="document_id IS NOT NULL AND section_id IS NULL AND turn_id IS NULL",
        ),
        # One mapping per turn; it also serves the turn's foreign key (``= ?``
        # implies IS NOT NULL), without an entry for every other mapping.
        col.unique_where("uq_speaker_mappings_turn", "turn_id", where="turn_id IS NOT NULL"),
        sa.Index(None, "section_id"),
    )


class LabelDecision(Base):
    """A person's decision about a line-start label of a project: a speaker
    (``is_speaker``: accepted even where detection missed it) or not ("You
    say:" is prose; its lines stay in the turn before). Detection on import,
    re-reading and re-splitting take these decisions as given."""

    __tablename__ = "label_decisions"

    id: Mapped[col.IntPK]
    project_id: Mapped[col.ProjectKey]
    label: Mapped[col.Name]
    is_speaker: Mapped[bool]
    decided_by: Mapped[str] = mapped_column(sa.String(200), default="")
    decided_at: Mapped[col.Moment]

    __table_args__ = (sa.UniqueConstraint("project_id", "label"),)


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
