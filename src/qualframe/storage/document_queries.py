"""Queries behind documents and speaker labels: import in bulk, list, link, delete.

The document and speaker services own the rules (duplicates, names, who a
label stands for); these functions only read and write rows. Imports are
the heavy path (a corpus of tens of millions of characters and a hundred
thousand speaker turns), so turns and segments are written with the DB-API
``executemany`` of pre-allocated ids instead of ORM objects or ``RETURNING``
(see :func:`allocate_ids` and :func:`insert_rows`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    Table,
    case,
    delete,
    distinct,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from qualframe.storage.models import (
    Base,
    Coding,
    Document,
    DocumentParticipant,
    Participant,
    SpeakerMapping,
    SpeakerTurn,
    TextSegment,
)

#: Largest number of ids bound in one ``IN (...)`` (SQLite limits bound parameters).
CHUNK = 5000


def _chunks(ids: Collection[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for begin in range(0, len(ordered), CHUNK):
        yield ordered[begin : begin + CHUNK]


# ---------------------------------------------------------------- bulk writing


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def allocate_ids(session: Session, model: type[Base], count: int) -> list[int]:
    """``count`` fresh primary keys for the table of ``model`` (whose key is ``id``).

    PostgreSQL draws them from the column's sequence, so concurrent
    writers never collide. SQLite continues after the largest id: call this
    only after the transaction has written something, because then it holds
    SQLite's write lock and nobody else can insert until it commits.
    """
    return IdAllocator(session, model).take(count)


class IdAllocator:
    """Hands out fresh primary keys of one table for the rest of a transaction.

    On SQLite the largest id is read once (the transaction must already hold
    the write lock, see :func:`allocate_ids`) and keys are counted on from
    it; on PostgreSQL each call draws from the sequence.
    """

    def __init__(self, session: Session, model: type[Base]) -> None:
        self.session = session
        self.table = _table(model)
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self._next: int | None = None
        self._sequence: str | None = None

    def take(self, count: int) -> list[int]:
        """The next ``count`` keys (an empty list for 0)."""
        if count <= 0:
            return []
        if self.postgres:
            if self._sequence is None:
                self._sequence = self.session.scalar(
                    text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": self.table.name}
                )
            query = text("SELECT nextval(:sequence) FROM generate_series(1, :count)")
            return list(self.session.scalars(query, {"sequence": self._sequence, "count": count}))
        if self._next is None:
            largest = self.session.scalar(select(func.coalesce(func.max(self.table.c.id), 0)))
            self._next = (largest or 0) + 1
        first, self._next = self._next, self._next + count
        return list(range(first, first + count))


def insert_rows(
    session: Session, model: type[Base], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows`` (value tuples in ``columns`` order) with one DB-API executemany.

    Bypasses SQLAlchemy's per-row parameter processing (it would double the
    time of a corpus import), so the values must already be what the driver
    stores: ints, strings, None.
    """
    if not rows:
        return
    marker = "?" if session.get_bind().dialect.paramstyle == "qmark" else "%s"
    statement = "INSERT INTO {} ({}) VALUES ({})".format(
        _table(model).name,
        ", ".join(f'"{name}"' for name in columns),
        ", ".join(marker for _ in columns),
    )
    session.connection().exec_driver_sql(statement, list(rows))


def insert_document(session: Session, values: Mapping[str, Any]) -> int:
    """Insert one document row and return its id."""
    # A single-row execute (not executemany with RETURNING): SQLAlchemy's
    # RETURNING batch path costs seconds on a corpus of long texts.
    result = cast(CursorResult[Any], session.execute(insert(_table(Document)), dict(values)))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def insert_turns(
    session: Session, rows: Sequence[tuple[int, int, str, int, int, int | None]]
) -> None:
    """Insert speaker turns ``(id, document_id, label, start, end, participant_id)``."""
    columns = ("id", "document_id", "label", "start", "end", "participant_id")
    insert_rows(session, SpeakerTurn, columns, rows)


def insert_segments(
    session: Session, rows: Sequence[tuple[int, int, int, int, int | None]]
) -> None:
    """Insert text segments ``(id, document_id, start, end, turn_id)``."""
    columns = ("id", "document_id", "start", "end", "turn_id")
    insert_rows(session, TextSegment, columns, rows)


# ---------------------------------------------------------------- documents


def content_hashes(session: Session, project_id: int) -> dict[str, str]:
    """``{content_hash: document name}`` of the project's documents."""
    query = select(Document.content_hash, Document.name).where(Document.project_id == project_id)
    return {content_hash: name for content_hash, name in session.execute(query)}


def document_names(session: Session, project_id: int) -> list[str]:
    """The names of the project's documents."""
    return list(session.scalars(select(Document.name).where(Document.project_id == project_id)))


class DocumentRow(NamedTuple):
    """A document as listed, without its text."""

    id: int
    name: str
    title: str
    format: str
    length: int
    details: dict[str, Any]
    position: int | None
    imported_at: datetime
    imported_by: str
    turns: int
    codings: int


def document_rows(
    session: Session, project_id: int, document_ids: Collection[int] | None = None
) -> list[DocumentRow]:
    """The project's documents (or those of ``document_ids``) with their counts of
    speaker turns and codings, in document order (position when set, then name)."""
    turns = (
        select(func.count())
        .where(SpeakerTurn.document_id == Document.id)
        .correlate(Document)
        .scalar_subquery()
    )
    codings = (
        select(func.count()).where(Coding.document_id == Document.id).correlate(Document)
    ).scalar_subquery()
    query = (
        select(
            Document.id,
            Document.name,
            Document.title,
            Document.format,
            Document.length,
            Document.details,
            Document.position,
            Document.imported_at,
            Document.imported_by,
            turns,
            codings,
        )
        .where(Document.project_id == project_id)
        .order_by(Document.position.is_(None), Document.position, Document.name)
    )
    if document_ids is not None:
        query = query.where(Document.id.in_(list(document_ids)))
    return [DocumentRow(*row) for row in session.execute(query)]


def coded_lengths(
    session: Session, project_id: int, document_ids: Collection[int] | None = None
) -> dict[int, int]:
    """``{document_id: code points covered by at least one coding}`` of the project's
    coded documents (of ``document_ids`` when given); overlapping codings count once.

    One grouped query, without reading any text: ordered by start, each coding
    adds the part of its span beyond the furthest end of the codings before it
    (a window function, which SQLite and PostgreSQL both have).
    """
    reach = func.max(Coding.end).over(
        partition_by=Coding.document_id,
        order_by=(Coding.start, Coding.end, Coding.id),
        rows=(None, -1),
    )
    spans_query = select(
        Coding.document_id.label("document_id"),
        Coding.start.label("start"),
        Coding.end.label("end"),
        reach.label("reach"),
    ).where(Coding.project_id == project_id)
    if document_ids is not None:
        spans_query = spans_query.where(Coding.document_id.in_(sorted(set(document_ids))))
    spans = spans_query.subquery()
    fresh = case(
        (spans.c.reach.is_(None) | (spans.c.reach <= spans.c.start), spans.c.end - spans.c.start),
        (spans.c.reach >= spans.c.end, 0),
        else_=spans.c.end - spans.c.reach,
    )
    query = select(spans.c.document_id, func.sum(fresh)).group_by(spans.c.document_id)
    return {int(document_id): int(total or 0) for document_id, total in session.execute(query)}


def linked_participants(
    session: Session, document_ids: Collection[int]
) -> dict[int, list[tuple[int, str]]]:
    """``{document_id: [(participant id, identifier), ...]}`` of the documents' links."""
    result: dict[int, list[tuple[int, str]]] = {}
    for chunk in _chunks(document_ids):
        rows = session.execute(
            select(DocumentParticipant.document_id, Participant.id, Participant.identifier)
            .join(Participant, Participant.id == DocumentParticipant.participant_id)
            .where(DocumentParticipant.document_id.in_(chunk))
            .order_by(Participant.identifier)
        )
        for document_id, participant_id, identifier in rows:
            result.setdefault(document_id, []).append((participant_id, identifier))
    return result


def link_participants(session: Session, pairs: Collection[tuple[int, int]]) -> None:
    """Link each ``(document_id, participant_id)`` pair (not linked yet)."""
    if pairs:
        session.execute(
            insert(DocumentParticipant),
            [{"document_id": d, "participant_id": p} for d, p in sorted(pairs)],
        )


def existing_links(session: Session, document_ids: Collection[int]) -> set[tuple[int, int]]:
    """The ``(document_id, participant_id)`` links of the given documents."""
    found: set[tuple[int, int]] = set()
    for chunk in _chunks(document_ids):
        rows = session.execute(
            select(DocumentParticipant.document_id, DocumentParticipant.participant_id).where(
                DocumentParticipant.document_id.in_(chunk)
            )
        )
        found.update((d, p) for d, p in rows)
    return found


def unlink_participants(
    session: Session, document_id: int, participant_ids: Collection[int]
) -> None:
    """Remove the links between a document and the given participants."""
    session.execute(
        delete(DocumentParticipant).where(
            DocumentParticipant.document_id == document_id,
            DocumentParticipant.participant_id.in_(list(participant_ids)),
        )
    )


def set_position(session: Session, document_id: int, position: int | None) -> None:
    """Set a document's position (interview order; None: unordered)."""
    session.execute(update(Document).where(Document.id == document_id).values(position=position))


def coding_count(session: Session, document_id: int) -> int:
    """How many codings a document has."""
    query = select(func.count()).select_from(Coding).where(Coding.document_id == document_id)
    return session.scalar(query) or 0


def segment_spans(session: Session, document_id: int) -> list[tuple[int, int, int]]:
    """``(segment id, start, end)`` of a document's text segments, in text order."""
    query = (
        select(TextSegment.id, TextSegment.start, TextSegment.end)
        .where(TextSegment.document_id == document_id)
        .order_by(TextSegment.start)
    )
    return [(row[0], row[1], row[2]) for row in session.execute(query)]


def delete_document(session: Session, document_id: int) -> None:
    """Delete a document row; its turns, segments, links and codings go with it
    (foreign-key cascades; memos on it fall back to the project)."""
    session.execute(delete(Document).where(Document.id == document_id))


# ---------------------------------------------------------------- speaker labels


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


def project_mappings(session: Session, project_id: int) -> list[SpeakerMapping]:
    """Every speaker mapping of the project (project-wide ones first)."""
    query = (
        select(SpeakerMapping)
        .where(SpeakerMapping.project_id == project_id)
        .order_by(SpeakerMapping.document_id.is_not(None), SpeakerMapping.label)
    )
    return list(session.scalars(query))


def mapping_of(
    session: Session, project_id: int, label: str, document_id: int | None
) -> SpeakerMapping | None:
    """The mapping of ``label`` project-wide (``document_id`` None) or in one document."""
    document_condition = (
        SpeakerMapping.document_id.is_(None)
        if document_id is None
        else SpeakerMapping.document_id == document_id
    )
    return session.scalar(
        select(SpeakerMapping).where(
            SpeakerMapping.project_id == project_id,
            SpeakerMapping.label == label,
            document_condition,
        )
    )


def participant_identifiers(session: Session, participant_ids: Collection[int]) -> dict[int, str]:
    """``{participant id: identifier}`` of the given participants."""
    result: dict[int, str] = {}
    for chunk in _chunks(participant_ids):
        query = select(Participant.id, Participant.identifier).where(Participant.id.in_(chunk))
        result.update({row[0]: row[1] for row in session.execute(query)})
    return result


def document_names_by_id(session: Session, document_ids: Collection[int]) -> dict[int, str]:
    """``{document id: name}`` of the given documents."""
    result: dict[int, str] = {}
    for chunk in _chunks(document_ids):
        query = select(Document.id, Document.name).where(Document.id.in_(chunk))
        result.update({row[0]: row[1] for row in session.execute(query)})
    return result


def document_texts(session: Session, document_ids: Collection[int]) -> dict[int, str]:
    """``{document id: text}`` of the given documents (read once to slice many spans)."""
    result: dict[int, str] = {}
    for chunk in _chunks(document_ids):
        query = select(Document.id, Document.text).where(Document.id.in_(chunk))
        result.update({row[0]: row[1] for row in session.execute(query)})
    return result
