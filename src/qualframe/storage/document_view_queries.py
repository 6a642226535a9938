"""Queries behind the document view: one document's text, turns, codings and codes.

Every function returns plain tuples (no ORM objects): the document view reads
thousands of rows per request and the ORM's row handling would cost more than
the queries themselves. The rules (attribution, tree order) live in
:mod:`qualframe.services.coding.document_view`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import func, null, select
from sqlalchemy.orm import Session

from qualframe.storage.models import (
    Case,
    Code,
    Coding,
    Document,
    DocumentParticipant,
    Memo,
    Participant,
    SpeakerMapping,
    SpeakerTurn,
)


class DocumentRow(NamedTuple):
    """A document's fields the view shows, with its text (code points, NFC)."""

    id: int
    name: str
    title: str
    format: str
    length: int
    text: str
    details: dict[str, Any] | None


class TurnRow(NamedTuple):
    """A speaker turn: label, span (code points), resolved participant id."""

    label: str
    start: int
    end: int
    participant_id: int | None


class MappingRow(NamedTuple):
    """A speaker mapping in force: label, role value, participant id, whether
    it is the document's own (else project-wide)."""

    label: str
    role: str
    participant_id: int | None
    own: bool


class CodingRow(NamedTuple):
    """A coding of the document without its quote (the view slices the text);
    ``created_at`` is None unless asked for (parsing 2,000 timestamps costs)."""

    id: int
    code_id: int
    start: int
    end: int
    coder: str
    speaker: str | None
    participant_id: int | None
    created_at: datetime | None


class CodeRow(NamedTuple):
    """A code of the project as the view needs it."""

    id: int
    parent_id: int | None
    name: str
    colour: str | None
    retired: bool
    position: int


def _plain(session: Session, query: Any) -> Sequence[Any]:
    # Plain rows through the connection (see coding_queries.coding_listing);
    # flush first, as the ORM would.
    session.flush()
    return session.connection().execute(query).all()


def document(session: Session, project_id: int, document_id: int) -> DocumentRow | None:
    """The project's document ``document_id`` with its text, or None."""
    query = select(
        Document.id,
        Document.name,
        Document.title,
        Document.format,
        Document.length,
        Document.text,
        Document.details,
    ).where(Document.project_id == project_id, Document.id == document_id)
    rows = _plain(session, query)
    return DocumentRow(*rows[0]) if rows else None


def document_exists(session: Session, project_id: int, document_id: int) -> bool:
    """Whether the project has a document ``document_id`` (its text is not read)."""
    query = select(Document.id).where(Document.project_id == project_id, Document.id == document_id)
    return bool(_plain(session, query))


def linked_participants(session: Session, document_id: int) -> list[tuple[int, str, str]]:
    """``(participant id, identifier, case name)`` of the participants the
    document is linked to, by identifier."""
    query = (
        select(Participant.id, Participant.identifier, Case.name)
        .join(DocumentParticipant, DocumentParticipant.participant_id == Participant.id)
        .join(Case, Case.id == Participant.case_id)
        .where(DocumentParticipant.document_id == document_id)
        .order_by(Participant.identifier)
    )
    return [(pid, identifier, case) for pid, identifier, case in _plain(session, query)]


def turns(session: Session, document_id: int) -> list[TurnRow]:
    """The document's speaker turns in text order."""
    query = (
        select(SpeakerTurn.label, SpeakerTurn.start, SpeakerTurn.end, SpeakerTurn.participant_id)
        .where(SpeakerTurn.document_id == document_id)
        .order_by(SpeakerTurn.start)
    )
    return [TurnRow(*row) for row in _plain(session, query)]


def mappings(session: Session, project_id: int, document_id: int) -> list[MappingRow]:
    """The speaker mappings that can apply in the document: its own and the
    project-wide ones (the caller prefers its own)."""
    query = select(
        SpeakerMapping.label,
        SpeakerMapping.role,
        SpeakerMapping.participant_id,
        SpeakerMapping.document_id,
    ).where(
        SpeakerMapping.project_id == project_id,
        (SpeakerMapping.document_id == document_id) | SpeakerMapping.document_id.is_(None),
    )
    return [
        MappingRow(label, str(getattr(role, "value", role)), participant_id, doc is not None)
        for label, role, participant_id, doc in _plain(session, query)
    ]


def participants(session: Session, participant_ids: Collection[int]) -> dict[int, tuple[str, str]]:
    """``{participant id: (identifier, case name)}`` of the given participants."""
    if not participant_ids:
        return {}
    query = (
        select(Participant.id, Participant.identifier, Case.name)
        .join(Case, Case.id == Participant.case_id)
        .where(Participant.id.in_(sorted(participant_ids)))
    )
    return {pid: (identifier, case) for pid, identifier, case in _plain(session, query)}


def codings(
    session: Session, project_id: int, document_id: int, *, times: bool = False
) -> list[CodingRow]:
    """Every coding of the document, in text order (start, end, id); with
    ``times`` their creation times too."""
    created = Coding.created_at if times else null()
    query = (
        select(
            Coding.id,
            Coding.code_id,
            Coding.start,
            Coding.end,
            Coding.coder,
            Coding.speaker,
            Coding.participant_id,
            created,
        )
        .where(Coding.project_id == project_id, Coding.document_id == document_id)
        .order_by(Coding.start, Coding.end, Coding.id)
    )
    return [CodingRow(*row) for row in _plain(session, query)]


def memo_counts(session: Session, document_id: int) -> dict[int, int]:
    """``{coding id: number of memos}`` for the document's codings that have memos."""
    query = (
        select(Memo.coding_id, func.count())
        .join(Coding, Coding.id == Memo.coding_id)
        .where(Coding.document_id == document_id)
        .group_by(Memo.coding_id)
    )
    return {coding_id: count for coding_id, count in _plain(session, query)}


def codes(session: Session, project_id: int) -> list[CodeRow]:
    """Every code of the project, siblings by position then id."""
    query = (
        select(Code.id, Code.parent_id, Code.name, Code.colour, Code.retired, Code.position)
        .where(Code.project_id == project_id)
        .order_by(Code.position, Code.id)
    )
    return [CodeRow(*row) for row in _plain(session, query)]


def recent_code_ids(session: Session, project_id: int, coder: str, scan: int = 200) -> list[int]:
    """Code ids of ``coder``'s latest codings in the project, newest first
    (one per coding, repeats included; at most ``scan`` codings are read).

    Newest by id: ids grow with time, and the primary key is read backwards
    until ``scan`` codings of the coder are found, without a sort.
    """
    query = (
        select(Coding.code_id)
        .where(Coding.project_id == project_id, Coding.coder == coder)
        .order_by(Coding.id.desc())
        .limit(scan)
    )
    return [code_id for (code_id,) in _plain(session, query)]
