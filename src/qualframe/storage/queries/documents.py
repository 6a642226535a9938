"""Queries over ``documents`` and ``document_participants`` (the links between a
document and the participants it records).

The document services own the rules (duplicates, names, order); these
functions only read and write rows. A document's text can be tens of
thousands of words: only the functions that say so read it. The
:class:`Document` objects returned to edit (:func:`document_by_id`,
:func:`documents_named`, :func:`document_named`) leave their ``text`` out
(:data:`WITHOUT_TEXT`): reading ``document.text`` loads it then, for that
document only.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import ColumnElement, delete, func, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, defer

from qualframe.errors import StaleVersionError
from qualframe.storage.bulk import plain_rows, table_of
from qualframe.storage.models import (
    Case,
    Coding,
    Document,
    DocumentParticipant,
    Participant,
    SpeakerTurn,
)
from qualframe.storage.queries.batches import chunks, values_by_id

#: Document order: ``position`` (interview order) when set, then name.
DOCUMENT_ORDER = (Document.position.is_(None), Document.position, Document.name)
#: The loader option of documents loaded to edit: their text is read only when used.
WITHOUT_TEXT = defer(Document.text)

# ---------------------------------------------------------------- one document


def document_by_id(session: Session, project_id: int, document_id: int) -> Document | None:
    """The project's document with id ``document_id``, if any (its text not read yet)."""
    return session.scalar(
        select(Document)
        .options(WITHOUT_TEXT)
        .where(Document.project_id == project_id, Document.id == document_id)
    )


def documents_named(session: Session, project_id: int, name: str) -> Sequence[Document]:
    """Documents whose name is ``name`` exactly or, failing that, ignoring case
    (their texts not read yet)."""
    exact = session.scalars(
        select(Document)
        .options(WITHOUT_TEXT)
        .where(Document.project_id == project_id, Document.name == name)
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
    return session.scalars(select(Document).options(WITHOUT_TEXT).where(Document.id.in_(ids))).all()


def document_named(session: Session, project_id: int, name: str) -> Document | None:
    """The document called ``name`` (its file name) or titled ``name``, if one
    (its text not read yet)."""
    documents = select(Document).options(WITHOUT_TEXT).where(Document.project_id == project_id)
    by_name = session.scalar(documents.where(Document.name == name))
    if by_name is not None:
        return by_name
    titled = session.scalars(documents.where(Document.title == name)).all()
    return titled[0] if len(titled) == 1 else None


class DocumentViewRow(NamedTuple):
    """A document's fields the view shows, with its text (code points, NFC)."""

    id: int
    name: str
    title: str
    format: str
    length: int
    text: str
    details: dict[str, Any] | None
    guid: str
    version: int


def document_view_row(
    session: Session, project_id: int, document_id: int
) -> DocumentViewRow | None:
    """The project's document ``document_id`` with its text, or None."""
    query = select(
        Document.id,
        Document.name,
        Document.title,
        Document.format,
        Document.length,
        Document.text,
        Document.details,
        Document.guid,
        Document.version,
    ).where(Document.project_id == project_id, Document.id == document_id)
    rows = plain_rows(session, query)
    return DocumentViewRow(*rows[0]) if rows else None


# ---------------------------------------------------------------- lists


def document_names(session: Session, project_id: int) -> list[str]:
    """Names of the project's documents, in order (for "did you mean" messages and
    choosing the names of new documents)."""
    query = select(Document.name).where(Document.project_id == project_id).order_by(Document.name)
    return list(session.scalars(query))


def document_names_by_id(session: Session, document_ids: Collection[int]) -> dict[int, str]:
    """``{document id: name}`` of the given documents (their texts are not read)."""
    return values_by_id(session, Document.id, Document.name, document_ids)


def content_hashes(session: Session, project_id: int) -> dict[str, str]:
    """``{content_hash: document name}`` of the project's documents."""
    query = select(Document.content_hash, Document.name).where(Document.project_id == project_id)
    return {content_hash: name for content_hash, name in session.execute(query)}


class DocumentListRow(NamedTuple):
    """A document as listed, without its text (``guid``: its identity across
    exports; ``version``: counts its changes)."""

    id: int
    guid: str
    version: int
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
) -> list[DocumentListRow]:
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
            Document.guid,
            Document.version,
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
        .order_by(*DOCUMENT_ORDER)
    )
    if document_ids is not None:
        query = query.where(Document.id.in_(list(document_ids)))
    return [DocumentListRow(*row) for row in session.execute(query)]


def document_order(session: Session, project_id: int) -> dict[int, int]:
    """``{document id: rank}`` in document order (position when set, then name)."""
    query = select(Document.id).where(Document.project_id == project_id).order_by(*DOCUMENT_ORDER)
    return {doc_id: rank for rank, doc_id in enumerate(session.scalars(query))}


class DocumentOrderRow(NamedTuple):
    """What orders a document: its position (interview order) and import time."""

    id: int
    name: str
    position: int | None
    imported_at: datetime


def document_order_rows(session: Session, project_id: int) -> list[DocumentOrderRow]:
    """Every document of the project in import order (time, then id)."""
    query = (
        select(Document.id, Document.name, Document.position, Document.imported_at)
        .where(Document.project_id == project_id)
        .order_by(Document.imported_at, Document.id)
    )
    return [DocumentOrderRow(*row) for row in session.execute(query)]


def document_ids_meeting(
    session: Session, project_id: int, condition: ColumnElement[bool]
) -> set[int]:
    """Ids of the project's documents meeting ``condition`` (on ``Document.id``)."""
    query = select(Document.id).where(Document.project_id == project_id, condition)
    return set(session.scalars(query))


# ---------------------------------------------------------------- texts


class DocumentText(NamedTuple):
    """A document's id, name and stored (NFC) text."""

    id: int
    name: str
    text: str


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
    if document_ids is None:
        return [DocumentText(*row) for row in session.execute(query.order_by(*DOCUMENT_ORDER))]
    found: list[DocumentText] = []
    for chunk in chunks(document_ids):
        found.extend(
            DocumentText(*row) for row in session.execute(query.where(Document.id.in_(chunk)))
        )
    position = document_order(session, project_id)
    return sorted(found, key=lambda doc: position[doc.id])


def texts_by_id(session: Session, document_ids: Collection[int]) -> dict[int, str]:
    """``{document id: text}`` of the given documents (read once to slice many spans)."""
    return values_by_id(session, Document.id, Document.text, document_ids)


# ---------------------------------------------------------------- writing


def insert_document(session: Session, values: Mapping[str, Any]) -> int:
    """Insert one document row and return its id."""
    # A single-row execute (not executemany with RETURNING): SQLAlchemy's
    # RETURNING batch path costs seconds on a corpus of long texts.
    result = cast(CursorResult[Any], session.execute(insert(table_of(Document)), dict(values)))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def count_changes(session: Session, document_ids: Collection[int]) -> None:
    """Count one change of each of the given documents (their ``version`` goes up by
    one) whose own columns did not change: links to participants changed. Documents
    loaded in the session see their new version."""
    for chunk in chunks(document_ids):
        session.execute(
            update(Document)
            .where(Document.id.in_(chunk))
            .values(version=Document.version + 1)
            .execution_options(synchronize_session="fetch")
        )


def delete_document(session: Session, document_id: int, version: int) -> None:
    """Delete a document row at ``version``; its turns, segments, links and
    codings go with it (foreign-key cascades; memos on it fall back to the
    project). Raises :class:`~qualframe.errors.StaleVersionError` when the
    row is no longer at ``version`` (another transaction changed it since it
    was read): nothing is deleted."""
    statement = delete(Document).where(Document.id == document_id, Document.version == version)
    if session.execute(statement).rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersionError("the document")


# ---------------------------------------------------------------- participant links


def participant_ids_of_document(session: Session, document_id: int) -> list[int]:
    """Ids of the participants a document is linked to."""
    return list(
        session.scalars(
            select(DocumentParticipant.participant_id).where(
                DocumentParticipant.document_id == document_id
            )
        )
    )


def participant_ids_by_document(
    session: Session, document_ids: Collection[int]
) -> dict[int, list[int]]:
    """The participants each document records: ``{document id: [participant ids]}``."""
    result: dict[int, list[int]] = {}
    for chunk in chunks(document_ids):
        query = select(DocumentParticipant.document_id, DocumentParticipant.participant_id).where(
            DocumentParticipant.document_id.in_(chunk)
        )
        for document_id, participant_id in session.execute(query):
            result.setdefault(document_id, []).append(participant_id)
    return result


def participants_by_document(
    session: Session, document_ids: Collection[int]
) -> dict[int, list[tuple[int, str]]]:
    """``{document_id: [(participant id, identifier), ...]}`` of the documents' links."""
    result: dict[int, list[tuple[int, str]]] = {}
    for chunk in chunks(document_ids):
        rows = session.execute(
            select(DocumentParticipant.document_id, Participant.id, Participant.identifier)
            .join(Participant, Participant.id == DocumentParticipant.participant_id)
            .where(DocumentParticipant.document_id.in_(chunk))
            .order_by(Participant.identifier)
        )
        for document_id, participant_id, identifier in rows:
            result.setdefault(document_id, []).append((participant_id, identifier))
    return result


def linked_participants_with_cases(
    session: Session, document_id: int
) -> list[tuple[int, str, str]]:
    """``(participant id, identifier, case name)`` of the participants the
    document is linked to, by identifier."""
    query = (
        select(Participant.id, Participant.identifier, Case.name)
        .join(DocumentParticipant, DocumentParticipant.participant_id == Participant.id)
        .join(Case, Case.id == Participant.case_id)
        .where(DocumentParticipant.document_id == document_id)
        .order_by(Participant.identifier)
    )
    return [(pid, identifier, case) for pid, identifier, case in plain_rows(session, query)]


def document_links(session: Session, project_id: int) -> list[tuple[int, int]]:
    """``(document id, participant id)`` of every document–participant link."""
    query = (
        select(DocumentParticipant.document_id, DocumentParticipant.participant_id)
        .join(Document, Document.id == DocumentParticipant.document_id)
        .where(Document.project_id == project_id)
    )
    return [(document_id, participant_id) for document_id, participant_id in session.execute(query)]


def document_link_count(session: Session, participant_id: int) -> int:
    """How many documents record the participant."""
    return (
        session.scalar(
            select(func.count()).where(DocumentParticipant.participant_id == participant_id)
        )
        or 0
    )


def interviewed_participants(session: Session, project_id: int) -> set[int]:
    """Ids of the participants linked to a document or speaking in one (a mapped turn)."""
    linked = (
        select(DocumentParticipant.participant_id)
        .join(Document, Document.id == DocumentParticipant.document_id)
        .where(Document.project_id == project_id)
        .distinct()
    )
    speaking = (
        select(SpeakerTurn.participant_id)
        .join(Document, Document.id == SpeakerTurn.document_id)
        .where(Document.project_id == project_id, SpeakerTurn.participant_id.is_not(None))
        .distinct()
    )
    found = set(session.scalars(linked))
    found.update(pid for pid in session.scalars(speaking) if pid is not None)
    return found


def link_participants(session: Session, pairs: Collection[tuple[int, int]]) -> None:
    """Link each ``(document_id, participant_id)`` pair (not linked yet)."""
    if pairs:
        session.execute(
            insert(DocumentParticipant),
            [{"document_id": d, "participant_id": p} for d, p in sorted(pairs)],
        )


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
