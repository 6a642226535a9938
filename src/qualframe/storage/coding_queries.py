"""Queries behind coding: codes and documents to code, codings to add, list and remove.

The coding services own the rules (span bounds, retired codes, who speaks
where); these functions only read and write rows. Functions taking many ids
chunk them, because SQLite limits the number of bound parameters.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, cast

from sqlalchemy import ColumnElement, Row, Table, delete, insert, select
from sqlalchemy.orm import Session

from qualframe.storage import attribute_queries
from qualframe.storage.attribute_queries import AttributeWhere
from qualframe.storage.models import (
    Case,
    Code,
    Coding,
    Document,
    DocumentParticipant,
    Participant,
    Question,
    SpeakerTurn,
)
from qualframe.vocabulary import AttributeLevel

#: Largest number of ids bound in one ``IN (...)``.
CHUNK = 5000


def _chunks(ids: Collection[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for begin in range(0, len(ordered), CHUNK):
        yield ordered[begin : begin + CHUNK]


# ---------------------------------------------------------------- codes


def code_links(session: Session, project_id: int) -> list[tuple[int, int | None, str]]:
    """``(id, parent id, name)`` of every code, siblings by position then id.

    Plain tuples, no ORM objects: listings only need names and the tree.
    """
    query = (
        select(Code.id, Code.parent_id, Code.name)
        .where(Code.project_id == project_id)
        .order_by(Code.position, Code.id)
    )
    return [(code_id, parent_id, name) for code_id, parent_id, name in session.execute(query)]


# ---------------------------------------------------------------- documents


class DocumentText(NamedTuple):
    """A document's id, name and stored (NFC) text."""

    id: int
    name: str
    text: str


def document_by_id(session: Session, project_id: int, document_id: int) -> Document | None:
    """The project's document with id ``document_id``, if any."""
    return session.scalar(
        select(Document).where(Document.project_id == project_id, Document.id == document_id)
    )


def documents_named(session: Session, project_id: int, name: str) -> Sequence[Document]:
    """Documents whose name is ``name`` exactly or, failing that, ignoring case."""
    exact = session.scalars(
        select(Document).where(Document.project_id == project_id, Document.name == name)
    ).all()
    if exact:
        return exact
    wanted = name.casefold()
    names = session.execute(
        select(Document.id, Document.name).where(Document.project_id == project_id)
    )
    ids = [doc_id for doc_id, doc_name in names if doc_name.casefold() == wanted]
    if not ids:
        return []
    return session.scalars(select(Document).where(Document.id.in_(ids))).all()


def document_names(session: Session, project_id: int) -> list[str]:
    """Names of the project's documents, in order (for "did you mean" messages)."""
    query = select(Document.name).where(Document.project_id == project_id).order_by(Document.name)
    return list(session.scalars(query))


def document_texts(
    session: Session, project_id: int, document_ids: Collection[int] | None = None
) -> list[DocumentText]:
    """Id, name and text of the given documents (all when None), in document order.

    Document order is ``position`` (interview order) when set, then name.
    Ids of other projects are ignored.
    """
    query = select(Document.id, Document.name, Document.text).where(
        Document.project_id == project_id
    )
    order = (Document.position.is_(None), Document.position, Document.name)
    if document_ids is None:
        return [DocumentText(*row) for row in session.execute(query.order_by(*order))]
    found: list[DocumentText] = []
    for chunk in _chunks(document_ids):
        found.extend(
            DocumentText(*row) for row in session.execute(query.where(Document.id.in_(chunk)))
        )
    position = {
        doc_id: index
        for index, doc_id in enumerate(
            session.scalars(
                select(Document.id).where(Document.project_id == project_id).order_by(*order)
            )
        )
    }
    return sorted(found, key=lambda doc: position[doc.id])


def documents_matching(
    session: Session, project_id: int, condition: ColumnElement[bool]
) -> set[int]:
    """Ids of the project's documents meeting ``condition`` (on ``Document.id``)."""
    query = select(Document.id).where(Document.project_id == project_id, condition)
    return set(session.scalars(query))


def linked_participants(session: Session, document_ids: Collection[int]) -> dict[int, list[int]]:
    """The participants each document records: ``{document id: [participant ids]}``."""
    result: dict[int, list[int]] = {}
    for chunk in _chunks(document_ids):
        query = select(DocumentParticipant.document_id, DocumentParticipant.participant_id).where(
            DocumentParticipant.document_id.in_(chunk)
        )
        for document_id, participant_id in session.execute(query):
            result.setdefault(document_id, []).append(participant_id)
    return result


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


# ---------------------------------------------------------------- people, questions


def participant_identifiers(session: Session, project_id: int) -> dict[int, str]:
    """``{participant id: identifier}`` for every participant of the project."""
    query = select(Participant.id, Participant.identifier).where(
        Participant.project_id == project_id
    )
    return {pid: identifier for pid, identifier in session.execute(query)}


def case_names(session: Session, project_id: int) -> dict[int, str]:
    """``{case id: name}`` for every case of the project."""
    query = select(Case.id, Case.name).where(Case.project_id == project_id)
    return {case_id: name for case_id, name in session.execute(query)}


def participants_matching(
    session: Session, project_id: int, condition: ColumnElement[bool]
) -> set[int]:
    """Ids of the project's participants meeting ``condition`` (on ``Participant.id``)."""
    query = select(Participant.id).where(Participant.project_id == project_id, condition)
    return set(session.scalars(query))


def questions_of(session: Session, project_id: int) -> Sequence[Question]:
    """The project's interview-schedule questions, in order."""
    query = (
        select(Question)
        .where(Question.project_id == project_id)
        .order_by(Question.position, Question.id)
    )
    return session.scalars(query).all()


# ---------------------------------------------------------------- codings


def coding_by_id(session: Session, project_id: int, coding_id: int) -> Coding | None:
    """The project's coding with id ``coding_id``, if any."""
    return session.scalar(
        select(Coding).where(Coding.project_id == project_id, Coding.id == coding_id)
    )


def coded_spans(
    session: Session, code_id: int, coder: str, document_ids: Collection[int]
) -> set[tuple[int, int, int]]:
    """``(document id, start, end)`` of the spans ``coder`` coded with ``code_id``."""
    spans: set[tuple[int, int, int]] = set()
    for chunk in _chunks(document_ids):
        query = select(Coding.document_id, Coding.start, Coding.end).where(
            Coding.code_id == code_id, Coding.coder == coder, Coding.document_id.in_(chunk)
        )
        spans.update((d, s, e) for d, s, e in session.execute(query))
    return spans


def insert_codings(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many codings at once (one executemany; no ORM objects are built).

    Each row maps every :class:`Coding` column but ``id`` to its value. A
    Core insert on the table: the ORM bulk path costs three times as much
    in Python for 10,000 rows.
    """
    if rows:
        session.execute(insert(cast(Table, Coding.__table__)), list(rows))


def codings_overlapping(
    session: Session,
    project_id: int,
    document_id: int,
    code_ids: Collection[int],
    start: int,
    end: int,
    coder: str | None,
) -> Sequence[Coding]:
    """Codings of ``code_ids`` in a document overlapping ``[start, end)``, in text order.

    ``coder`` None means every coder's codings.
    """
    query = select(Coding).where(
        Coding.project_id == project_id,
        Coding.document_id == document_id,
        Coding.code_id.in_(sorted(code_ids)),
        Coding.start < end,
        Coding.end > start,
    )
    if coder is not None:
        query = query.where(Coding.coder == coder)
    return session.scalars(query.order_by(Coding.start, Coding.end, Coding.id)).all()


def delete_codings(session: Session, coding_ids: Collection[int]) -> int:
    """Delete the codings ``coding_ids``; returns how many were deleted."""
    deleted = 0
    for chunk in _chunks(coding_ids):
        result = session.execute(
            delete(Coding).where(Coding.id.in_(chunk)),
            execution_options={"synchronize_session": "fetch"},
        )
        deleted += int(result.rowcount)  # type: ignore[attr-defined]
    return deleted


class CodingFilter(NamedTuple):
    """Restrictions on a codings listing; None means "any".

    ``where`` maps attribute names to a value or any of several values
    (participant attributes include inherited case attributes).
    """

    code_ids: Collection[int] | None = None
    document_ids: Collection[int] | None = None
    participant_ids: Collection[int] | None = None
    case_ids: Collection[int] | None = None
    coder: str | None = None
    where: AttributeWhere | None = None


def split_where(
    session: Session, project_id: int, where: AttributeWhere
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``where`` split into (participant and case conditions, document conditions).

    Names are matched like :func:`attribute_queries.attribute_filter` does
    (exactly, else ignoring case); unknown names go with the participant
    conditions, so that filtering on them raises its clear error.
    """
    definitions = attribute_queries.definitions_by_name(session, project_id)
    folded = {name.casefold(): d for name, d in definitions.items()}
    people: dict[str, Any] = {}
    documents: dict[str, Any] = {}
    for name, wanted in where.items():
        definition = definitions.get(name) or folded.get(name.casefold())
        is_document = definition is not None and definition.level is AttributeLevel.DOCUMENT
        (documents if is_document else people)[name] = wanted
    return people, documents


def _where_conditions(
    session: Session, project_id: int, where: AttributeWhere
) -> list[ColumnElement[bool]]:
    """``where`` as ``IN (subquery)`` conditions on the coding's participant and document.

    ``IN`` rather than a correlated ``EXISTS``: SQLite then seeks the
    ``(code_id, participant_id)`` index for the few matching participants
    instead of reading every coding of the code (5x faster at 200,000
    codings).
    """
    people, documents = split_where(session, project_id, where)
    conditions: list[ColumnElement[bool]] = []
    if people:
        matching = attribute_queries.attribute_filter(session, project_id, people, Participant.id)
        conditions.append(
            Coding.participant_id.in_(
                select(Participant.id).where(Participant.project_id == project_id, matching)
            )
        )
    if documents:
        matching = attribute_queries.attribute_filter(
            session, project_id, documents, None, Document.id
        )
        conditions.append(
            Coding.document_id.in_(
                select(Document.id).where(Document.project_id == project_id, matching)
            )
        )
    return conditions


#: The same conditions for other query modules (co-occurrence and saturation spans).
where_conditions = _where_conditions


#: Columns of :func:`coding_listing` rows, in order.
LISTING_COLUMNS = (
    "coding_id",
    "code_id",
    "document_id",
    "document",
    "start",
    "end",
    "text",
    "speaker",
    "participant_id",
    "participant",
    "case",
    "coder",
    "created_at",
)


def coding_listing(
    session: Session, project_id: int, restrict: CodingFilter
) -> Sequence[Row[tuple[Any, ...]]]:
    """Codings as plain rows (see :data:`LISTING_COLUMNS`), by document then position.

    One statement: codings joined to their document (name) and, when
    attributed, participant (identifier) and the participant's case (name).
    Raises :class:`NotFoundError` for an unknown attribute in
    ``restrict.where``. The text is the stored quote, so no document text is read.
    """
    query = (
        select(
            Coding.id,
            Coding.code_id,
            Coding.document_id,
            Document.name,
            Coding.start,
            Coding.end,
            Coding.quote,
            Coding.speaker,
            Coding.participant_id,
            Participant.identifier,
            Case.name,
            Coding.coder,
            Coding.created_at,
        )
        .join(Document, Document.id == Coding.document_id)
        .outerjoin(Participant, Participant.id == Coding.participant_id)
        .outerjoin(Case, Case.id == Participant.case_id)
        .where(Coding.project_id == project_id)
    )
    if restrict.where:
        query = query.where(*_where_conditions(session, project_id, restrict.where))
    if restrict.code_ids is not None:
        query = query.where(Coding.code_id.in_(sorted(restrict.code_ids)))
    if restrict.document_ids is not None:
        query = query.where(Coding.document_id.in_(sorted(restrict.document_ids)))
    if restrict.participant_ids is not None:
        query = query.where(Coding.participant_id.in_(sorted(restrict.participant_ids)))
    if restrict.case_ids is not None:
        query = query.where(Participant.case_id.in_(sorted(restrict.case_ids)))
    if restrict.coder is not None:
        query = query.where(Coding.coder == restrict.coder)
    query = query.order_by(Coding.document_id, Coding.start, Coding.end, Coding.id)
    # Plain rows through the connection: the ORM's row handling costs more
    # than the query itself here. Flush first, as the ORM would (autoflush).
    session.flush()
    return list(session.connection().execute(query))
