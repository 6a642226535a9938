"""Queries over ``speaker_turns``, ``speaker_mappings`` and ``label_decisions``:
who speaks where, whom each speaker label stands for, and which line-start
labels people said are (or are not) speakers. Also the turn each search
segment lies in (``text_segments.turn_id``), kept in step when turns are
re-split.

The attribution rule itself lives in
:mod:`qualframe.services.documents.attribution`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, delete, distinct, func, select, update
from sqlalchemy.orm import Session, aliased

from qualframe.storage.bulk import insert_rows, plain_rows
from qualframe.storage.models import (
    Document,
    DocumentSection,
    LabelDecision,
    SpeakerMapping,
    SpeakerTurn,
    TextSegment,
)
from qualframe.storage.queries.batches import chunks
from qualframe.vocabulary import SpeakerRole

# ---------------------------------------------------------------- turns


def insert_turns(
    session: Session, rows: Sequence[tuple[int, int, str, int, int, int | None, float | None]]
) -> None:
    """Insert speaker turns ``(id, document_id, label, start, end, participant_id, seconds)``."""
    columns = ("id", "document_id", "label", "start", "end", "participant_id", "seconds")
    insert_rows(session, SpeakerTurn, columns, rows)


def turns_of(session: Session, document_id: int) -> Sequence[SpeakerTurn]:
    """The document's speaker turns in text order."""
    return session.scalars(
        select(SpeakerTurn)
        .where(SpeakerTurn.document_id == document_id)
        .order_by(SpeakerTurn.start)
    ).all()


class TurnRow(NamedTuple):
    """A speaker turn: label, span (code points), resolved participant id, its id."""

    label: str
    start: int
    end: int
    participant_id: int | None
    id: int


def turn_rows(session: Session, document_id: int) -> list[TurnRow]:
    """The document's speaker turns in text order."""
    query = (
        select(
            SpeakerTurn.label,
            SpeakerTurn.start,
            SpeakerTurn.end,
            SpeakerTurn.participant_id,
            SpeakerTurn.id,
        )
        .where(SpeakerTurn.document_id == document_id)
        .order_by(SpeakerTurn.start)
    )
    return [TurnRow(*row) for row in plain_rows(session, query)]


def turn_before(session: Session, document_id: int, position: int) -> list[SpeakerTurn]:
    """The document's last speaker turn starting at or before ``position``, as
    a list of at most one turn (seeks the ``(document_id, start)`` index)."""
    query = (
        select(SpeakerTurn)
        .where(SpeakerTurn.document_id == document_id, SpeakerTurn.start <= position)
        .order_by(SpeakerTurn.start.desc())
        .limit(1)
    )
    return list(session.scalars(query))


class TurnSpan(NamedTuple):
    """Where a speaker turn is: its document and span (code points, end exclusive)."""

    document_id: int
    start: int
    end: int


def project_turns(session: Session, project_id: int) -> list[TurnSpan]:
    """Every speaker turn of the project, by document, in text order."""
    query = (
        select(SpeakerTurn.document_id, SpeakerTurn.start, SpeakerTurn.end)
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(Document.project_id == project_id)
        .order_by(SpeakerTurn.document_id, SpeakerTurn.start)
    )
    return [TurnSpan._make(row) for row in session.execute(query)]


def _by_value(assignments: dict[int, int | None]) -> dict[int | None, list[int]]:
    """``{value: ids}`` of ``{id: value}``."""
    grouped: dict[int | None, list[int]] = defaultdict(list)
    for row_id, value in assignments.items():
        grouped[value].append(row_id)
    return grouped


def set_turn_participants(session: Session, assignments: dict[int, int | None]) -> None:
    """Set ``participant_id`` of each turn id in ``assignments``.

    One UPDATE per participant (and chunk of ids), not per turn: each ORM
    UPDATE also brings the turns loaded in the session up to date, which costs
    a pass over them, so a transcript's thousand turns would cost a million."""
    for participant_id, turn_ids in _by_value(assignments).items():
        for chunk in chunks(turn_ids):
            session.execute(
                update(SpeakerTurn)
                .where(SpeakerTurn.id.in_(chunk))
                .values(participant_id=participant_id)
            )


class LabelUse(NamedTuple):
    """Where a speaker label occurs: its turns and documents."""

    label: str
    turns: int
    documents: int


def label_uses(session: Session, project_id: int) -> list[LabelUse]:
    """Every speaker label of the project's documents with its counts of turns and documents."""
    query = (
        select(
            SpeakerTurn.label,
            func.count(),
            func.count(distinct(SpeakerTurn.document_id)),
        )
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(Document.project_id == project_id)
        .group_by(SpeakerTurn.label)
    )
    return [LabelUse(*row) for row in session.execute(query)]


def label_exists(session: Session, project_id: int, label: str) -> bool:
    """Whether some document of the project has a turn labelled exactly ``label``."""
    query = (
        select(SpeakerTurn.id)
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(Document.project_id == project_id, SpeakerTurn.label == label)
        .limit(1)
    )
    return session.scalar(query) is not None


def label_documents(
    session: Session, project_id: int, label: str | None = None
) -> list[tuple[str, int]]:
    """Distinct ``(label, document_id)`` pairs of the project's turns (of one label when given)."""
    query = (
        select(SpeakerTurn.label, SpeakerTurn.document_id)
        .distinct()
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(Document.project_id == project_id)
    )
    if label is not None:
        query = query.where(SpeakerTurn.label == label)
    return [(row[0], row[1]) for row in session.execute(query)]


# ---------------------------------------------------------------- mappings


def _applicable(project_id: int, document_id: int) -> ColumnElement[bool]:
    """Mappings that can apply document-wide: its own and the project-wide ones
    (section and turn mappings, which hold within one section or for one turn,
    are left out)."""
    return and_(
        SpeakerMapping.project_id == project_id,
        (SpeakerMapping.document_id == document_id) | SpeakerMapping.document_id.is_(None),
        SpeakerMapping.section_id.is_(None),
        SpeakerMapping.turn_id.is_(None),
    )


def mappings_for(session: Session, project_id: int, document_id: int) -> dict[str, SpeakerMapping]:
    """Speaker mappings in force in a document outside its mapped sections and
    turns: its own over the project-wide ones (see :func:`section_mappings` and
    :func:`turn_mappings`)."""
    rows = session.scalars(select(SpeakerMapping).where(_applicable(project_id, document_id))).all()
    result: dict[str, SpeakerMapping] = {}
    for mapping in sorted(rows, key=lambda m: m.document_id is not None):
        result[mapping.label] = mapping
    return result


class MappingRow(NamedTuple):
    """A speaker mapping in force: label, role value, participant id, whether
    it is the document's own (else project-wide)."""

    label: str
    role: str
    participant_id: int | None
    own: bool


def mapping_rows(session: Session, project_id: int, document_id: int) -> list[MappingRow]:
    """The speaker mappings that can apply document-wide: its own and the
    project-wide ones (the caller prefers its own; section and turn mappings left out)."""
    query = select(
        SpeakerMapping.label,
        SpeakerMapping.role,
        SpeakerMapping.participant_id,
        SpeakerMapping.document_id,
    ).where(_applicable(project_id, document_id))
    return [
        MappingRow(label, str(getattr(role, "value", role)), participant_id, doc is not None)
        for label, role, participant_id, doc in plain_rows(session, query)
    ]


def project_mappings(session: Session, project_id: int) -> list[SpeakerMapping]:
    """Every speaker mapping of the project: project-wide ones first, then
    document-wide ones, then section ones, then turn ones."""
    query = (
        select(SpeakerMapping)
        .where(SpeakerMapping.project_id == project_id)
        .order_by(
            SpeakerMapping.document_id.is_not(None),
            SpeakerMapping.section_id.is_not(None),
            SpeakerMapping.turn_id.is_not(None),
            SpeakerMapping.label,
            SpeakerMapping.document_id,
            SpeakerMapping.section_id,
            SpeakerMapping.turn_id,
        )
    )
    return list(session.scalars(query))


def mapping_of(
    session: Session,
    project_id: int,
    label: str,
    document_id: int | None,
    section_id: int | None = None,
) -> SpeakerMapping | None:
    """The mapping of ``label`` project-wide (``document_id`` None), in one document
    (``section_id`` None) or in one section of it (never a turn's own mapping:
    see :func:`turn_mapping_of`)."""
    document_condition = (
        SpeakerMapping.document_id.is_(None)
        if document_id is None
        else SpeakerMapping.document_id == document_id
    )
    section_condition = (
        SpeakerMapping.section_id.is_(None)
        if section_id is None
        else SpeakerMapping.section_id == section_id
    )
    return session.scalar(
        select(SpeakerMapping).where(
            SpeakerMapping.project_id == project_id,
            SpeakerMapping.label == label,
            document_condition,
            section_condition,
            SpeakerMapping.turn_id.is_(None),
        )
    )


class SectionMappingRow(NamedTuple):
    """A mapping holding within one section of a document: the label, the
    section (id, position from 0, heading, level from 1, span in code points)
    and whom the label stands for there."""

    label: str
    section_id: int
    position: int
    title: str
    level: int
    start: int
    end: int
    role: SpeakerRole
    participant_id: int | None


def section_mappings(session: Session, document_id: int) -> list[SectionMappingRow]:
    """The section mappings of a document, innermost sections first (deepest
    level, then latest start), so the first that holds at a position wins."""
    query = (
        select(
            SpeakerMapping.label,
            DocumentSection.id,
            DocumentSection.position,
            DocumentSection.title,
            DocumentSection.level,
            DocumentSection.start,
            DocumentSection.end,
            SpeakerMapping.role,
            SpeakerMapping.participant_id,
        )
        .join(DocumentSection, DocumentSection.id == SpeakerMapping.section_id)
        .where(SpeakerMapping.document_id == document_id)
        .order_by(DocumentSection.level.desc(), DocumentSection.start.desc())
    )
    return [SectionMappingRow(*row) for row in session.execute(query)]


def sections_by_id(session: Session, section_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """``{section id: (position from 0, heading)}`` of the given sections."""
    if not section_ids:
        return {}
    query = select(DocumentSection.id, DocumentSection.position, DocumentSection.title).where(
        DocumentSection.id.in_(list(section_ids))
    )
    return {row[0]: (row[1], row[2]) for row in session.execute(query)}


class TurnMappingRow(NamedTuple):
    """A mapping holding for one speaker turn: the turn (id, label, start in code
    points) and whom it stands for there."""

    turn_id: int
    label: str
    start: int
    role: SpeakerRole
    participant_id: int | None


def turn_mappings(
    session: Session, project_id: int, document_id: int, turn_ids: Sequence[int] | None = None
) -> dict[int, TurnMappingRow]:
    """``{turn id: mapping}`` of the turns of a document that have a mapping of
    their own (of ``turn_ids`` only, when given): one query."""
    query = (
        select(
            SpeakerMapping.turn_id,
            SpeakerTurn.label,
            SpeakerTurn.start,
            SpeakerMapping.role,
            SpeakerMapping.participant_id,
        )
        .join(SpeakerTurn, SpeakerTurn.id == SpeakerMapping.turn_id)
        .where(SpeakerMapping.project_id == project_id, SpeakerMapping.document_id == document_id)
    )
    if turn_ids is not None:
        query = query.where(SpeakerMapping.turn_id.in_(list(turn_ids)))
    return {
        turn_id: TurnMappingRow(turn_id, label, start, role, participant_id)
        for turn_id, label, start, role, participant_id in session.execute(query)
        if turn_id is not None  # joined on it, so always set
    }


def turn_mapping_of(session: Session, turn_id: int) -> SpeakerMapping | None:
    """The mapping of one speaker turn of its own, if it has one."""
    return session.scalar(select(SpeakerMapping).where(SpeakerMapping.turn_id == turn_id))


def turn_numbers(session: Session, turn_ids: Sequence[int]) -> dict[int, int]:
    """``{turn id: its number in its document}`` (from 1, in text order: turns
    never overlap, so the number counts the turns starting at or before it)."""
    if not turn_ids:
        return {}
    earlier = aliased(SpeakerTurn, name="earlier")
    number = (
        select(func.count())
        .where(earlier.document_id == SpeakerTurn.document_id, earlier.start <= SpeakerTurn.start)
        .scalar_subquery()
    )
    query = select(SpeakerTurn.id, number).where(SpeakerTurn.id.in_(list(turn_ids)))
    return {row[0]: row[1] for row in session.execute(query)}


def delete_turn_mappings(session: Session, turn_ids: Sequence[int]) -> None:
    """Remove the mappings of these turns (before the turns themselves go)."""
    for chunk in chunks(list(turn_ids)):
        session.execute(delete(SpeakerMapping).where(SpeakerMapping.turn_id.in_(chunk)))


# ---------------------------------------------------------------- label decisions


def label_decisions(session: Session, project_id: int) -> list[LabelDecision]:
    """The project's decisions about line-start labels, by label."""
    query = (
        select(LabelDecision)
        .where(LabelDecision.project_id == project_id)
        .order_by(LabelDecision.label)
    )
    return list(session.scalars(query))


def decision_of(session: Session, project_id: int, label: str) -> LabelDecision | None:
    """The decision about exactly ``label``, if any."""
    return session.scalar(
        select(LabelDecision).where(
            LabelDecision.project_id == project_id, LabelDecision.label == label
        )
    )


# ---------------------------------------------------------------- re-splitting turns


def documents_mentioning(session: Session, project_id: int, words: str) -> list[int]:
    """Ids of the project's documents whose text contains ``words`` (letter case
    ignored), in id order: the candidates for a label's lines."""
    query = (
        select(Document.id)
        .where(Document.project_id == project_id, Document.text.icontains(words, autoescape=True))
        .order_by(Document.id)
    )
    return list(session.scalars(query))


def new_turn(session: Session, document_id: int, label: str, start: int, end: int) -> SpeakerTurn:
    """Add a speaker turn (no participant, no time) and write it, so it has its id."""
    turn = SpeakerTurn(document_id=document_id, label=label, start=start, end=end)
    session.add(turn)
    session.flush()
    return turn


class SegmentTurn(NamedTuple):
    """A search segment: its id, span (code points) and the turn it lies in."""

    id: int
    start: int
    end: int
    turn_id: int | None


def segment_turns(session: Session, document_id: int) -> list[SegmentTurn]:
    """The document's search segments with their turns, in text order."""
    query = (
        select(TextSegment.id, TextSegment.start, TextSegment.end, TextSegment.turn_id)
        .where(TextSegment.document_id == document_id)
        .order_by(TextSegment.start)
    )
    return [SegmentTurn(*row) for row in session.execute(query)]


def set_segment_turns(session: Session, assignments: dict[int, int | None]) -> None:
    """Set the turn (``turn_id``) of each segment id in ``assignments`` (one UPDATE
    per turn and chunk of ids)."""
    for turn_id, segment_ids in _by_value(assignments).items():
        for chunk in chunks(segment_ids):
            session.execute(
                update(TextSegment).where(TextSegment.id.in_(chunk)).values(turn_id=turn_id)
            )


def set_segment_span(session: Session, segment_id: int, start: int, end: int) -> None:
    """Move a segment to ``[start, end)`` (the caller re-indexes its text)."""
    session.execute(
        update(TextSegment).where(TextSegment.id == segment_id).values(start=start, end=end)
    )
