"""Reading a document's structure (sections, pages) and history (revisions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from qualframe.errors import NotFoundError
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries


@dataclass(frozen=True)
class SectionInfo:
    """A section of a document: its heading, level (1 the highest) and span
    ``[start, end)`` in code points; ``position`` orders the sections."""

    id: int
    position: int
    title: str
    level: int
    start: int
    end: int


@dataclass(frozen=True)
class PageInfo:
    """A page of the document's source file (1-based) and its span in code points."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class DocumentStructure:
    """A document's sections and pages (empty for documents without any, and for
    documents imported before qualframe stored structure: re-read them)."""

    document: str
    sections: tuple[SectionInfo, ...]
    pages: tuple[PageInfo, ...]

    def page_at(self, position: int) -> int | None:
        """The number of the page holding the code point at ``position``, or None."""
        for page in self.pages:
            if page.start <= position < page.end:
                return page.number
        return None


@dataclass(frozen=True)
class RevisionInfo:
    """An earlier text of a document: its number (1 = the text first imported),
    length in code points, why and when it was replaced and by whom, and
    ``details`` (the file, the codings to review and removed)."""

    number: int
    length: int
    reason: str
    replaced_at: datetime
    replaced_by: str
    details: dict[str, object]


def document_structure(uow: UnitOfWork, document: Ref) -> DocumentStructure:
    """The sections and pages of ``document`` (a name or id). Reads only; raises
    :class:`~qualframe.errors.NotFoundError` for an unknown document."""
    found = find_document(uow, document)
    sections = queries.structure.sections_of(uow.session, found.id)
    pages = queries.structure.pages_of(uow.session, found.id)
    return DocumentStructure(
        found.name,
        tuple(SectionInfo(*row) for row in sections),
        tuple(PageInfo(*row) for row in pages),
    )


def document_revisions(uow: UnitOfWork, document: Ref) -> list[RevisionInfo]:
    """The earlier texts of ``document``, oldest first (texts not included: see
    :func:`revision_text`). Reads only."""
    found = find_document(uow, document)
    return [
        RevisionInfo(
            row.number,
            row.length,
            row.reason,
            row.replaced_at,
            row.replaced_by,
            dict(row.details or {}),
        )
        for row in queries.structure.revisions_of(uow.session, found.id)
    ]


def revision_text(uow: UnitOfWork, document: Ref, number: int) -> str:
    """The text of revision ``number`` of ``document``. Reads only; raises
    :class:`~qualframe.errors.NotFoundError` when there is no such revision."""
    found = find_document(uow, document)
    text = queries.structure.revision_text(uow.session, found.id, number)
    if text is None:
        raise NotFoundError(f"The document {found.name!r} has no revision {number}.")
    return text


__all__ = [
    "DocumentStructure",
    "PageInfo",
    "RevisionInfo",
    "SectionInfo",
    "document_revisions",
    "document_structure",
    "revision_text",
]
