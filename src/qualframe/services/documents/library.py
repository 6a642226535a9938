"""Documents: listing them, reading one, linking participants, ordering, deleting.

Importing is :mod:`qualframe.services.documents.file_import`. A document is
given by name (exactly, else ignoring letter case) or id; participants by
identifier or id. Linking or unlinking participants re-attributes the
document's codings (see :mod:`qualframe.services.documents.attribution`). Every
change is recorded in the audit log; bad input raises a
:class:`~qualframe.errors.UserError` and writes nothing.

A document carries a ``version``: linking or unlinking participants, setting
its position or setting its attribute values counts one change, and those
writes (and deleting it) take ``if_version``, the version the caller read
(a different stored version raises :class:`~qualframe.errors.StaleVersionError`
and nothing is saved). Nothing here reads a document's text but
:func:`get_document` and :func:`delete_document` (which unindexes it).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.core import audit, references, text_rules
from qualframe.services.core.lookup import DocumentIndex, find_document
from qualframe.services.core.refs import Ref, ref_list
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version, touch
from qualframe.services.core.wording import counted
from qualframe.services.documents import speakers
from qualframe.services.documents.attribution import reattribute_document
from qualframe.services.study import attributes as study
from qualframe.storage import queries, search_index
from qualframe.storage.models import Document, Participant
from qualframe.vocabulary import AttributeLevel

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
    "guid",
    "version",
)


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class DocumentHead:
    """What names and sizes a document: its id, name, title, ``format`` (the
    reader that read it: txt, docx, vtt...), ``length`` in code points of its
    stored text and ``words``, the white-space separated words in it. ``guid`` is
    its identity across exports; ``version`` counts its changes (send it as
    ``if_version`` with the next change)."""

    id: int
    guid: str
    version: int
    name: str
    title: str
    format: str
    length: int
    words: int


@dataclass(frozen=True)
class DocumentInfo(DocumentHead):
    """A document without its text (see :class:`DocumentHead` for the first fields).

    ``participants`` are identifiers of the linked participants;
    ``details`` holds the file's metadata and, for subtitles, its ``cues``
    as ``[start, end, start_seconds, end_seconds, voice]``. ``coded`` counts
    the code points covered by at least one coding and ``coverage`` is their
    share of the text (0 to 1); ``unmapped_labels`` are speaker labels of the
    document that no mapping says who they are.
    """

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
    """A deleted document: its name, how many codings went with it and how many
    memos on it or its codings were kept, without those links."""

    id: int
    name: str
    codings: int
    memos_kept: int = 0


# ---------------------------------------------------------------- reading documents


def _infos(uow: UnitOfWork, ids: Sequence[int] | None) -> list[DocumentInfo]:
    """The documents ``ids`` (None: all) without their texts, in document order."""
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
            guid=row.guid,
            version=row.version,
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


def document_list(uow: UnitOfWork) -> list[DocumentInfo]:
    """The project's documents in order (position, then name), without their
    texts (see :class:`DocumentInfo`). Reads only."""
    return _infos(uow, None)


def document_row(info: DocumentInfo) -> dict[str, Any]:
    """A document as a row of the documents list: the :data:`DOCUMENT_COLUMNS`,
    with ``participants`` (identifiers) and ``unmapped_labels`` (speaker labels
    no mapping says who they are) joined with ", "; ``length`` and ``coded``
    (the text under at least one coding) in code points, ``coverage`` is
    ``coded / length``; ``version`` counts the document's changes (send it as
    ``if_version``) and ``guid`` is its identity across exports."""
    joined = ("participants", "unmapped_labels")
    return {
        name: ", ".join(getattr(info, name)) if name in joined else getattr(info, name)
        for name in DOCUMENT_COLUMNS
    }


def document_info(uow: UnitOfWork, document: Ref) -> DocumentInfo:
    """One document (name or id) without its text: its size, speaker turns,
    linked participants, codings and coverage (see :class:`DocumentInfo`).
    Reads only; raises :class:`NotFoundError` for an unknown document."""
    found = find_document(uow, document)
    return _infos(uow, [found.id])[0]


def get_document(uow: UnitOfWork, document: Ref) -> DocumentRecord:
    """One document (name or id) with its stored text (NFC; offsets count its
    code points) and details (file metadata, subtitle cues). Reads only;
    raises :class:`NotFoundError` for an unknown document."""
    found = find_document(uow, document)
    info = _infos(uow, [found.id])[0]
    values = {name: getattr(info, name) for name in DocumentInfo.__dataclass_fields__}
    return DocumentRecord(**values, text=found.text, content_hash=found.content_hash)


# ---------------------------------------------------------------- changing documents


def _found(uow: UnitOfWork, document: Ref, if_version: int | None) -> Document:
    """The document ``document`` names (its text not read), if it is at
    ``if_version`` (None: any version); raises :class:`NotFoundError` or
    :class:`~qualframe.errors.StaleVersionError`."""
    found = find_document(uow, document)
    check_version(found, if_version, f"the document {found.name!r}")
    return found


def link_participants(
    uow: UnitOfWork,
    document: Ref,
    participants: Ref | Sequence[Ref],
    *,
    if_version: int | None = None,
) -> DocumentInfo:
    """Link a document (name or id) to participants (identifiers or ids; several
    for a focus group) and re-attribute its codings; returns the document with
    its new version.

    Already linked participants are left as they are. Writes one
    ``document.link`` audit entry when something is linked (the document's
    version then goes up by one). ``if_version``: the version you read; a
    different stored version raises :class:`~qualframe.errors.StaleVersionError`
    and nothing is saved. Raises :class:`NotFoundError` for an unknown
    document or participant.
    """
    found = _found(uow, document, if_version)
    wanted = {study.find_participant(uow, ref) for ref in ref_list(participants) or []}
    linked = set(queries.documents.participant_ids_of_document(uow.session, found.id))
    new = sorted((p for p in wanted if p.id not in linked), key=lambda p: p.identifier)
    if new:
        queries.documents.link_participants(uow.session, {(found.id, p.id) for p in new})
        _relinked(uow, found, new, "document.link", "Linked {name!r} to {people}")
    return document_info(uow, found.id)


def unlink_participants(
    uow: UnitOfWork,
    document: Ref,
    participants: Ref | Sequence[Ref],
    *,
    if_version: int | None = None,
) -> DocumentInfo:
    """Remove links between a document (name or id) and participants
    (identifiers or ids) and re-attribute its codings; returns the document
    with its new version.

    Writes one ``document.unlink`` audit entry (the document's version goes
    up by one). ``if_version``: the version you read; a different stored
    version raises :class:`~qualframe.errors.StaleVersionError` and nothing
    is saved. Raises :class:`ValidationError` when a participant is not
    linked to it (nothing is unlinked then).
    """
    found = _found(uow, document, if_version)
    people = [study.find_participant(uow, ref) for ref in ref_list(participants) or []]
    linked = set(queries.documents.participant_ids_of_document(uow.session, found.id))
    for person in people:
        if person.id not in linked:
            raise ValidationError(
                f"The document {found.name!r} is not linked to {person.identifier!r}."
            )
    if people:
        queries.documents.unlink_participants(uow.session, found.id, [p.id for p in people])
        _relinked(uow, found, people, "document.unlink", "Unlinked {name!r} from {people}")
    return document_info(uow, found.id)


def _relinked(
    uow: UnitOfWork, found: Document, people: Sequence[Participant], action: str, summary: str
) -> None:
    """After ``people``'s links to ``found`` changed: count the change on ``found``,
    re-attribute its codings and record ``action`` (``summary`` names the
    document and the people)."""
    touch(found)
    uow.session.flush()
    changed = reattribute_document(uow.session, uow.project_id, found.id)
    identifiers = [p.identifier for p in people]
    audit.record(
        uow,
        action,
        "document",
        found.id,
        summary.format(name=found.name, people=", ".join(identifiers)),
        {"participants": identifiers, "codings_reattributed": changed},
    )


def link_many(uow: UnitOfWork, links: Mapping[Ref, Ref | Sequence[Ref]]) -> int:
    """Link many documents to their participants at once (one audit entry).

    ``links`` maps a document (name or id) to a participant or several
    (identifier or id); links that exist already are left alone. Every
    reference is checked before anything is written. Returns the number of
    new links. Raises :class:`~qualframe.errors.NotFoundError` naming the
    first unknown document or participant.
    """
    documents = DocumentIndex.load(uow)
    people = {p.identifier: p.id for p in queries.people.participants(uow.session, uow.project_id)}
    known_people = set(people.values())
    pairs: set[tuple[int, int]] = set()
    for document, participants in links.items():
        document_id = documents.id_of(document)
        for participant in ref_list(participants) or []:
            pairs.add((document_id, _participant_id(participant, people, known_people)))
    linked = queries.documents.participant_ids_by_document(uow.session, {d for d, _ in pairs})
    existing = {(d, p) for d, ids in linked.items() for p in ids}
    new = pairs - existing
    queries.documents.link_participants(uow.session, new)
    queries.documents.count_changes(uow.session, {d for d, _ in new})
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


def _participant_id(ref: Ref, by_identifier: Mapping[str, int], ids: set[int]) -> int:
    """The id of participant ``ref`` (exact identifier or id), without a query."""
    if isinstance(ref, int) and ref in ids:
        return ref
    if isinstance(ref, str) and ref in by_identifier:
        return by_identifier[ref]
    raise NotFoundError(f"No participant called {ref!r} in this project.")


def set_position(
    uow: UnitOfWork, document: Ref, position: int | None, *, if_version: int | None = None
) -> DocumentInfo:
    """Set a document's place in interview order (None: unordered, listed after
    the ordered ones); returns the document with its new version (one more
    when the position changed, with an audit entry). ``if_version``: the
    version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved. Raises
    :class:`ValidationError` for a negative position."""
    if position is not None and (isinstance(position, bool) or position < 0):
        raise ValidationError(f"A document position is a whole number from 0, not {position!r}.")
    found = _found(uow, document, if_version)
    before = found.position
    if before != position:
        found.position = position
        uow.session.flush()
        audit.record(
            uow,
            "document.position",
            "document",
            found.id,
            f"Set the position of {found.name!r} to {position}",
            {"before": before, "after": position},
        )
    return document_info(uow, found.id)


#: Longest document title, in characters.
MAX_TITLE_CHARS = text_rules.FILE_NAME_CHARS


def rename_document(
    uow: UnitOfWork, document: Ref, title: str, *, if_version: int | None = None
) -> DocumentInfo:
    """Give a document a new title (shown everywhere the document is named in
    pages and exports); its file name (``name``) is kept, so re-imports still
    recognise it. Returns the document with its new version (one more when
    the title changed, with an audit entry). ``if_version``: the version you
    read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved. Raises
    :class:`ValidationError` for an empty or over-long title."""
    clean = " ".join(title.split())
    if not clean:
        raise ValidationError("A document title cannot be empty.")
    text_rules.check_name(clean, "document title", MAX_TITLE_CHARS)
    found = _found(uow, document, if_version)
    before = found.title
    if before != clean:
        found.title = clean
        uow.session.flush()
        audit.record(
            uow,
            "document.rename",
            "document",
            found.id,
            f"Renamed document {found.name!r} from {before!r} to {clean!r}",
            {"before": before, "after": clean},
        )
    return document_info(uow, found.id)


def delete_document(
    uow: UnitOfWork, document: Ref, *, force: bool = False, if_version: int | None = None
) -> DeletedDocument:
    """Delete a document with its speaker turns, segments, index entries and links.

    A coded document is kept unless ``force`` is true (then its codings go
    too): raises :class:`ConflictError` saying how many codings it has.
    Memos on the document are kept, attached to the project.
    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is deleted.
    """
    found = _found(uow, document, if_version)
    codings = queries.codings.count_of_document(uow.session, found.id)
    if codings and not force:
        raise ConflictError(
            f"The document {found.name!r} has {counted(codings, 'coding')}; delete it with "
            "force (CLI: --force) to delete them too."
        )
    if codings:
        coded = queries.codings.coding_ids_of_document(uow.session, found.id)
        references.refuse_quoted_codings(uow, coded, f"Deleting the document {found.name!r}")
    # Memos on the document and its codings are kept, without those links (the
    # declared policy); detached here, so their versions count the change.
    linked: dict[str, Collection[int]] = {"document": [found.id]}
    if codings:
        linked["coding"] = coded
    memos = queries.memos.unlink_objects(uow.session, linked)
    spans = queries.segments.segment_spans(uow.session, found.id)
    search_index.unindex_segments(uow.session, [(sid, found.text[s:e]) for sid, s, e in spans])
    name, document_id, version = found.name, found.id, found.version
    uow.session.expunge(found)
    queries.documents.delete_document(uow.session, document_id, version)
    kept = f"; {counted(memos, 'memo')} on it kept, without those links" if memos else ""
    audit.record(
        uow,
        "document.delete",
        "document",
        document_id,
        f"Deleted document {name!r}"
        + (f" and its {counted(codings, 'coding')}" if codings else "")
        + kept,
        {"name": name, "codings": codings, "memos_kept": memos},
    )
    return DeletedDocument(document_id, name, codings, memos)


__all__ = [
    "DOCUMENT_COLUMNS",
    "DeletedDocument",
    "DocumentInfo",
    "DocumentRecord",
    "delete_document",
    "document_info",
    "document_list",
    "document_row",
    "get_document",
    "link_many",
    "link_participants",
    "rename_document",
    "set_position",
    "unlink_participants",
]
