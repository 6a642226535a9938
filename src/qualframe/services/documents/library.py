"""Documents: listing them, reading one, linking participants, ordering, deleting.

Importing is :mod:`qualframe.services.documents.file_import`. A document is
given by name (exactly, else ignoring letter case) or id; participants by
identifier or id. Linking or unlinking participants re-attributes the
document's codings (see :mod:`qualframe.services.documents.attribution`). Every
change is recorded in the audit log; bad input raises a
:class:`~qualframe.errors.UserError` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.coding.codings import find_document
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents import speakers
from qualframe.services.documents.attribution import reattribute_document
from qualframe.services.study import attributes as study
from qualframe.storage import queries, search_index
from qualframe.vocabulary import AttributeLevel

#: A document or participant given by name (identifier) or id.
Ref = int | str

#: Columns of :func:`list_documents`.
DOCUMENT_COLUMNS = (
    "id",
    "name",
    "title",
    "format",
    "length",
    "words",
    "turns",
    "participants",
    "codings",
    "coded",
    "coverage",
    "unmapped_labels",
    "position",
    "imported_at",
)


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class DocumentInfo:
    """A document without its text.

    ``length`` is in code points; ``words`` counts white-space separated
    words; ``participants`` are identifiers of the linked participants;
    ``details`` holds the file's metadata and, for subtitles, its ``cues``
    as ``[start, end, start_seconds, end_seconds, voice]``. ``coded`` counts
    the code points covered by at least one coding and ``coverage`` is their
    share of the text (0 to 1); ``unmapped_labels`` are speaker labels of the
    document that no mapping says who they are.
    """

    id: int
    name: str
    title: str
    format: str
    length: int
    words: int
    turns: int
    codings: int
    participants: tuple[str, ...]
    position: int | None
    imported_at: datetime
    imported_by: str
    details: dict[str, Any] = field(default_factory=dict)
    coded: int = 0
    coverage: float = 0.0
    unmapped_labels: tuple[str, ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentRecord(DocumentInfo):
    """A document with its stored text (NFC; offsets count its code points)."""

    text: str = ""
    content_hash: str = ""


@dataclass(frozen=True)
class DeletedDocument:
    """A deleted document: its name and how many codings went with it."""

    id: int
    name: str
    codings: int


# ---------------------------------------------------------------- reading documents


def _infos(uow: UnitOfWork, ids: Sequence[int] | None) -> list[DocumentInfo]:
    rows = queries.documents.document_rows(uow.session, uow.project_id, ids)
    links = queries.documents.participants_by_document(uow.session, [row.id for row in rows])
    coded = queries.codings.coded_lengths(uow.session, uow.project_id, ids)
    unmapped = speakers.unmapped_by_document(uow)
    values = queries.attributes.owner_attributes(
        uow.session, uow.project_id, AttributeLevel.DOCUMENT, [row.id for row in rows]
    )
    return [
        DocumentInfo(
            id=row.id,
            name=row.name,
            title=row.title,
            format=row.format,
            length=row.length,
            words=int((row.details or {}).get("words", 0)),
            turns=row.turns,
            codings=row.codings,
            participants=tuple(identifier for _, identifier in links.get(row.id, [])),
            position=row.position,
            imported_at=row.imported_at,
            imported_by=row.imported_by,
            details=dict(row.details or {}),
            coded=coded.get(row.id, 0),
            coverage=coded.get(row.id, 0) / row.length if row.length else 0.0,
            unmapped_labels=unmapped.get(row.id, ()),
            attributes=values.get(row.id, {}),
        )
        for row in rows
    ]


def list_documents(uow: UnitOfWork) -> pd.DataFrame:
    """The project's documents in order (position, then name), one row each.

    Columns: see :data:`DOCUMENT_COLUMNS`; ``participants`` joins the
    identifiers of linked participants with ", " and ``unmapped_labels`` the
    speaker labels no mapping says who they are; ``length`` and ``coded`` (the
    text under at least one coding) are in code points, ``coverage`` is
    ``coded / length``.
    """
    joined = ("participants", "unmapped_labels")
    rows = [
        {
            **{name: getattr(info, name) for name in DOCUMENT_COLUMNS if name not in joined},
            **{name: ", ".join(getattr(info, name)) for name in joined},
        }
        for info in _infos(uow, None)
    ]
    frame = pd.DataFrame(rows, columns=list(DOCUMENT_COLUMNS))
    return frame.astype({"position": "Int64"})


def document_info(uow: UnitOfWork, document: Ref) -> DocumentInfo:
    """One document without its text."""
    found = find_document(uow, document)
    return _infos(uow, [found.id])[0]


def get_document(uow: UnitOfWork, document: Ref) -> DocumentRecord:
    """One document by name or id, with its text. Raises NotFoundError."""
    found = find_document(uow, document)
    info = _infos(uow, [found.id])[0]
    values = {name: getattr(info, name) for name in DocumentInfo.__dataclass_fields__}
    return DocumentRecord(**values, text=found.text, content_hash=found.content_hash)


# ---------------------------------------------------------------- changing documents


def _as_list(refs: Ref | Sequence[Ref]) -> list[Ref]:
    return [refs] if isinstance(refs, (str, int)) else list(refs)


def link_participants(
    uow: UnitOfWork, document: Ref, participants: Ref | Sequence[Ref]
) -> DocumentInfo:
    """Link a document to participants (several for a focus group) and re-attribute
    its codings. Already linked participants are left as they are."""
    found = find_document(uow, document)
    wanted = {study.find_participant(uow, ref) for ref in _as_list(participants)}
    linked = set(queries.documents.participant_ids_of_document(uow.session, found.id))
    new = sorted((p for p in wanted if p.id not in linked), key=lambda p: p.identifier)
    if new:
        queries.documents.link_participants(uow.session, {(found.id, p.id) for p in new})
        uow.session.flush()
        changed = reattribute_document(uow.session, uow.project_id, found.id)
        names = ", ".join(p.identifier for p in new)
        audit.record(
            uow,
            "document.link",
            "document",
            found.id,
            f"Linked {found.name!r} to {names}",
            {"participants": [p.identifier for p in new], "codings_reattributed": changed},
        )
    return document_info(uow, found.id)


def link_many(uow: UnitOfWork, links: Mapping[Ref, Ref | Sequence[Ref]]) -> int:
    """Link many documents to their participants at once (one audit entry).

    ``links`` maps a document (name or id) to a participant or several
    (identifier or id); links that exist already are left alone. Every
    reference is checked before anything is written. Returns the number of
    new links. Raises :class:`~qualframe.errors.NotFoundError` naming the
    first unknown document or participant.
    """
    documents_by_name = {
        row.name: row.id for row in queries.documents.document_rows(uow.session, uow.project_id)
    }
    known_documents = set(documents_by_name.values())
    people = {p.identifier: p.id for p in queries.people.participants(uow.session, uow.project_id)}
    known_people = set(people.values())
    pairs: set[tuple[int, int]] = set()
    for document, participants in links.items():
        document_id = _resolve(document, documents_by_name, known_documents, "document")
        for participant in _as_list(participants):
            pairs.add((document_id, _resolve(participant, people, known_people, "participant")))
    linked = queries.documents.participant_ids_by_document(uow.session, {d for d, _ in pairs})
    existing = {(d, p) for d, ids in linked.items() for p in ids}
    new = pairs - existing
    queries.documents.link_participants(uow.session, new)
    uow.session.flush()
    for document_id in sorted({d for d, _ in new}):
        reattribute_document(uow.session, uow.project_id, document_id)
    if new:
        audit.record(
            uow,
            "document.link",
            "document",
            None,
            f"Linked {len({d for d, _ in new})} documents to their participants",
            {"links": len(new)},
        )
    return len(new)


def _resolve(ref: Ref, by_name: Mapping[str, int], ids: set[int], kind: str) -> int:
    if isinstance(ref, int) and ref in ids:
        return ref
    if isinstance(ref, str) and ref in by_name:
        return by_name[ref]
    raise NotFoundError(f"No {kind} called {ref!r} in this project.")


def unlink_participants(
    uow: UnitOfWork, document: Ref, participants: Ref | Sequence[Ref]
) -> DocumentInfo:
    """Remove links between a document and participants and re-attribute its codings.

    Raises :class:`ValidationError` when a participant is not linked to it.
    """
    found = find_document(uow, document)
    people = [study.find_participant(uow, ref) for ref in _as_list(participants)]
    linked = set(queries.documents.participant_ids_of_document(uow.session, found.id))
    for person in people:
        if person.id not in linked:
            raise ValidationError(
                f"The document {found.name!r} is not linked to {person.identifier!r}."
            )
    if people:
        queries.documents.unlink_participants(uow.session, found.id, [p.id for p in people])
        uow.session.flush()
        changed = reattribute_document(uow.session, uow.project_id, found.id)
        names = ", ".join(p.identifier for p in people)
        audit.record(
            uow,
            "document.unlink",
            "document",
            found.id,
            f"Unlinked {found.name!r} from {names}",
            {"participants": [p.identifier for p in people], "codings_reattributed": changed},
        )
    return document_info(uow, found.id)


def set_position(uow: UnitOfWork, document: Ref, position: int | None) -> DocumentInfo:
    """Set a document's place in interview order (None: unordered, listed after
    the ordered ones). Raises :class:`ValidationError` for a negative position."""
    if position is not None and (isinstance(position, bool) or position < 0):
        raise ValidationError(f"A document position is a whole number from 0, not {position!r}.")
    found = find_document(uow, document)
    if found.position != position:
        queries.documents.set_position(uow.session, found.id, position)
        audit.record(
            uow,
            "document.position",
            "document",
            found.id,
            f"Set the position of {found.name!r} to {position}",
            {"before": found.position, "after": position},
        )
    return document_info(uow, found.id)


def delete_document(uow: UnitOfWork, document: Ref, *, force: bool = False) -> DeletedDocument:
    """Delete a document with its speaker turns, segments, index entries and links.

    A coded document is kept unless ``force`` is true (then its codings go
    too): raises :class:`ConflictError` saying how many codings it has.
    Memos on the document are kept, attached to the project.
    """
    found = find_document(uow, document)
    codings = queries.codings.count_of_document(uow.session, found.id)
    if codings and not force:
        raise ConflictError(
            f"The document {found.name!r} has {_plural(codings, 'coding')}; delete it with "
            "force (CLI: --force) to delete them too."
        )
    spans = queries.segments.segment_spans(uow.session, found.id)
    search_index.unindex_segments(uow.session, [(sid, found.text[s:e]) for sid, s, e in spans])
    name, document_id = found.name, found.id
    uow.session.expunge(found)
    queries.documents.delete_document(uow.session, document_id)
    audit.record(
        uow,
        "document.delete",
        "document",
        document_id,
        f"Deleted document {name!r}"
        + (f" and its {_plural(codings, 'coding')}" if codings else ""),
        {"name": name, "codings": codings},
    )
    return DeletedDocument(document_id, name, codings)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


__all__ = [
    "DOCUMENT_COLUMNS",
    "DeletedDocument",
    "DocumentInfo",
    "DocumentRecord",
    "delete_document",
    "document_info",
    "get_document",
    "link_participants",
    "list_documents",
    "set_position",
    "unlink_participants",
]
