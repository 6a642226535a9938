"""Familiarisation: each team member reads the documents before coding.

The Framework Method (Gale et al. 2013) starts with familiarisation: every
member of the team reads the transcripts and notes first impressions. Each
person marks a document **read** (:func:`mark_read`; :func:`unmark_read`
takes the mark back) and may write **familiarisation notes** on it: a memo
of kind ``familiarisation`` on the document, one per person
(:func:`qualframe.services.memos.familiarisation_notes.familiarisation_notes`
opens it, writing it when there is none: the memos area sits above this one).

The person is always the acting name (``--user`` / ``QUALFRAME_USER``, the
name a web visitor gives): nobody marks a document read for someone else.
A mark is not a change to the document (its version stays), so readers
never collide with each other or with the coders. Marks are audited
(``document.read`` / ``document.unread``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from qualframe.services.core import audit
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models.base import as_utc, utc_now
from qualframe.vocabulary import MemoKind

#: The memo kind of familiarisation notes.
NOTES_KIND = MemoKind.FAMILIARISATION


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadingMark:
    """One person's reading of one document: ``read_at`` (UTC) is when they
    marked it read, None when they have not; ``notes``: the id of their
    familiarisation memo on it (None: none written)."""

    document_id: int
    document: str
    reader: str
    read_at: datetime | None
    notes: int | None = None

    @property
    def read(self) -> bool:
        """Whether ``reader`` has marked the document read."""
        return self.read_at is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentReaders:
    """One document and every person's mark on it: ``marks`` holds one
    :class:`ReadingMark` per person of :attr:`ReadingProgress.readers`, in that
    order (read or not)."""

    document_id: int
    document: str
    marks: tuple[ReadingMark, ...]

    @property
    def read_by(self) -> tuple[str, ...]:
        """Who has read the document, in the order of the readers."""
        return tuple(mark.reader for mark in self.marks if mark.read)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReaderCount:
    """How far one person's familiarisation went: ``read`` documents of
    ``documents``, and ``notes`` familiarisation memos written."""

    reader: str
    read: int
    documents: int
    notes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadingProgress:
    """The familiarisation of the whole team.

    ``readers``: everyone who marked a document read or wrote familiarisation
    notes, with the acting person always among them (sorted ignoring case);
    ``documents``: every document in document order (position, then name)
    with each reader's mark; ``people``: per reader, how many documents they
    have read.
    """

    readers: tuple[str, ...]
    documents: tuple[DocumentReaders, ...]
    people: tuple[ReaderCount, ...]


def _mark(uow: UnitOfWork, document_id: int, name: str) -> ReadingMark:
    """The acting person's mark on the document (read from the database)."""
    found = queries.readings.reading(uow.session, document_id, uow.actor.name)
    notes = queries.readings.familiarisation_memo_ids(
        uow.session, uow.project_id, NOTES_KIND.value, [document_id]
    )
    return ReadingMark(
        document_id=document_id,
        document=name,
        reader=uow.actor.name,
        read_at=as_utc(found.read_at) if found is not None else None,
        notes=notes.get((document_id, uow.actor.name)),
    )


def reading_mark(uow: UnitOfWork, document: Ref) -> ReadingMark:
    """Whether you (the acting name) have read a document (name or id), and
    your familiarisation memo on it. Reads only; raises
    :class:`~qualframe.errors.NotFoundError` for an unknown document."""
    found = find_document(uow, document)
    return _mark(uow, found.id, found.name)


def mark_read(uow: UnitOfWork, document: Ref) -> ReadingMark:
    """Mark a document (name or id) read by you (the acting name), now (UTC).

    Marking a document you have marked already changes nothing (the first
    moment is kept, nothing audited); otherwise the mark is stored and
    audited (``document.read``). The document's version does not change.
    Returns your mark. Raises :class:`~qualframe.errors.NotFoundError` for an
    unknown document (nothing is stored).
    """
    found = find_document(uow, document)
    reader = uow.actor.name
    stored = queries.readings.reading(uow.session, found.id, reader) is None and (
        queries.readings.add_reading(uow.session, uow.project_id, found.id, reader, utc_now())
    )
    if stored:
        summary = f"{reader} read {found.name!r}"
        audit.record(uow, "document.read", "document", found.id, summary, {"reader": reader})
    return _mark(uow, found.id, found.name)


def unmark_read(uow: UnitOfWork, document: Ref) -> ReadingMark:
    """Take back your (the acting name's) mark that you read a document.

    A document you had not marked changes nothing; otherwise the mark goes
    and the change is audited (``document.unread``, with when it had been
    marked). Your familiarisation notes are kept. Returns your mark (now not
    read). Raises :class:`~qualframe.errors.NotFoundError` for an unknown
    document.
    """
    found = find_document(uow, document)
    reader = uow.actor.name
    before = queries.readings.reading(uow.session, found.id, reader)
    if before is not None:
        read_at = as_utc(before.read_at).isoformat()
        queries.readings.remove_reading(uow.session, found.id, reader)
        summary = f"{reader} took back the mark 'read' of {found.name!r}"
        details = {"reader": reader, "read_at": read_at}
        audit.record(uow, "document.unread", "document", found.id, summary, details)
    return _mark(uow, found.id, found.name)


def reading_progress(uow: UnitOfWork) -> ReadingProgress:
    """Who has read which document, and how many each person has read (see
    :class:`ReadingProgress`). Reads only (three queries, no text read)."""
    documents = queries.readings.document_rows(uow.session, uow.project_id)
    marks = {
        (row.document_id, row.reader): as_utc(row.read_at)
        for row in queries.readings.reading_rows(uow.session, uow.project_id)
    }
    notes = queries.readings.familiarisation_memo_ids(uow.session, uow.project_id, NOTES_KIND.value)
    names = {reader for _, reader in marks} | {author for _, author in notes}
    readers = tuple(sorted(names | {uow.actor.name}, key=lambda name: (name.casefold(), name)))
    rows = tuple(
        DocumentReaders(
            document_id=document.id,
            document=document.name,
            marks=tuple(
                ReadingMark(
                    document_id=document.id,
                    document=document.name,
                    reader=reader,
                    read_at=marks.get((document.id, reader)),
                    notes=notes.get((document.id, reader)),
                )
                for reader in readers
            ),
        )
        for document in documents
    )
    people = tuple(
        ReaderCount(
            reader=reader,
            read=sum(1 for row in rows if row.marks[index].read),
            documents=len(rows),
            notes=sum(1 for row in rows if row.marks[index].notes is not None),
        )
        for index, reader in enumerate(readers)
    )
    return ReadingProgress(readers=readers, documents=rows, people=people)


__all__ = [
    "DocumentReaders",
    "ReaderCount",
    "ReadingMark",
    "ReadingProgress",
    "mark_read",
    "reading_mark",
    "reading_progress",
    "unmark_read",
]
