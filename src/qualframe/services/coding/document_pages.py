"""Long documents in pages: the document view and the API send one page at a time.

A page is a span ``[start, end)`` of the stored text (code points, end
exclusive) of at most ``page_characters`` code points (the declared limit,
:mod:`qualframe.limits`). Pages follow each other without gaps, so every
position of the document is on exactly one page, and offsets on a page are
the document's offsets. A document no longer than the limit is one page
(nearly every interview: a 60,000-word transcript is about 350,000
characters; the default limit is 400,000).

Pages are cut where a reading block starts
(:func:`~qualframe.services.coding.document_view.reading_blocks`),
preferring, in the last tenth of a page, where a speaker turn starts, then
where a paragraph starts; a block longer than a whole page (a text without
line ends) is cut at its last line end, else its last space, else at the
limit.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from qualframe import limits
from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.coding.document_view import (
    DocumentView,
    ReadingBlock,
    document_view,
    reading_blocks,
)
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries

#: The share of a page (its last part) in which a cut at a turn or a paragraph
#: is preferred to a later cut between lines.
PREFERRED_TAIL = 10


@dataclass(frozen=True)
class PageSpan:
    """One page of a document: its ``number`` (from 1) and ``[start, end)``
    (code points of the stored text, end exclusive)."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class DocumentPage:
    """One page of the document view.

    ``view`` is the document as :func:`document_view` reads it, except that
    its ``blocks`` are only the reading blocks on this page (cut at its ends)
    and its ``codings`` only those touching it (they keep their whole spans);
    head, turns, sections and codes are the whole document's. ``page`` is
    the page shown, ``pages`` every page in order, ``codings_total`` the
    number of codings of the whole document.
    """

    view: DocumentView
    page: PageSpan
    pages: tuple[PageSpan, ...]
    codings_total: int

    @property
    def paged(self) -> bool:
        """Whether the document has more than one page."""
        return len(self.pages) > 1


@dataclass(frozen=True)
class DocumentText:
    """A part of a document's stored text: ``text`` is ``[start, end)`` of the
    document's ``length`` code points; ``page`` is the page's number when a
    page was asked for (else None), ``pages`` how many pages the document
    has; ``next_offset`` is where the next part starts (None at the end)."""

    document_id: int
    name: str
    length: int
    start: int
    end: int
    text: str
    page: int | None
    pages: int
    next_offset: int | None


# ---------------------------------------------------------------- cutting


def page_spans(
    text: str, blocks: Sequence[ReadingBlock], limit: int | None = None
) -> tuple[PageSpan, ...]:
    """The pages of ``text`` cut as the module docstring says, each at most
    ``limit`` code points (default: the limit ``page_characters`` now).
    ``blocks`` are the text's reading blocks in order. Pure; one page (maybe
    empty) for a text no longer than ``limit``."""
    limit = limits.limit("page_characters") if limit is None else limit
    length = len(text)
    if length <= limit:
        return (PageSpan(1, 0, length),)
    starts = [block.start for block in blocks]
    cuts = [0]
    while length - cuts[-1] > limit:
        cuts.append(_next_cut(text, blocks, starts, cuts[-1], limit))
    bounds = [*cuts, length]
    return tuple(
        PageSpan(number, start, end) for number, (start, end) in enumerate(pairwise(bounds), 1)
    )


def _rank(text: str, blocks: Sequence[ReadingBlock], index: int) -> int:
    """How good a cut before block ``index`` is: 2 where a turn starts or ends,
    1 where a paragraph starts (a blank line before it), 0 between lines."""
    if index == 0 or blocks[index - 1].turn != blocks[index].turn:
        return 2
    return 1 if text.count("\n", blocks[index - 1].end, blocks[index].start) >= 2 else 0


def _next_cut(
    text: str, blocks: Sequence[ReadingBlock], starts: Sequence[int], begin: int, limit: int
) -> int:
    """Where the page starting at ``begin`` ends: ``begin < cut <= begin + limit``."""
    furthest = begin + limit
    index = bisect.bisect_right(starts, furthest) - 1
    if index >= 0 and starts[index] > begin:
        tail = furthest - max(limit // PREFERRED_TAIL, 1)
        best, best_rank = starts[index], -1
        for candidate in range(index, -1, -1):
            position = starts[candidate]
            if position <= begin or position < tail:
                break
            rank = _rank(text, blocks, candidate)
            if rank > best_rank:
                best, best_rank = position, rank
                if rank == 2:
                    break
        return best
    # No block starts on the page: one block is longer than a page.
    for separator in ("\n", " "):
        found = text.rfind(separator, begin + 1, furthest)
        if found >= 0:
            return found + 1
    return furthest


def page_at(pages: Sequence[PageSpan], position: int) -> PageSpan:
    """The page holding code point ``position`` (the first page before 0, the
    last at or after the end)."""
    index = bisect.bisect_right([page.start for page in pages], position) - 1
    return pages[min(max(index, 0), len(pages) - 1)]


def chosen_page(pages: Sequence[PageSpan], page: int | None, at: int | None) -> PageSpan:
    """Page number ``page`` (from 1), else the page holding ``at``, else the first.

    Raises :class:`ValidationError` for a page number below 1 and
    :class:`NotFoundError` for one past the last page.
    """
    if page is not None:
        if page < 1:
            raise ValidationError(f"Pages are numbered from 1, not {page}.")
        if page > len(pages):
            raise NotFoundError(
                f"There is no page {page}: the document has {len(pages)} "
                f"page{'s' if len(pages) != 1 else ''}."
            )
        return pages[page - 1]
    return page_at(pages, at) if at is not None else pages[0]


# ---------------------------------------------------------------- the view's page


def page_of(
    view: DocumentView,
    *,
    page: int | None = None,
    at: int | None = None,
    limit: int | None = None,
) -> DocumentPage:
    """The page of ``view`` that :func:`chosen_page` picks (``limit``: code
    points per page, default ``page_characters``). Pure; raises like
    :func:`chosen_page`."""
    pages = page_spans(view.text, view.blocks, limit)
    shown = chosen_page(pages, page, at)
    if len(pages) == 1:
        return DocumentPage(view, shown, pages, len(view.codings))
    first = bisect.bisect_right([block.end for block in view.blocks], shown.start)
    blocks = []
    for block in view.blocks[first:]:
        if block.start >= shown.end:
            break
        blocks.append(
            ReadingBlock(max(block.start, shown.start), min(block.end, shown.end), block.turn)
        )
    codings = tuple(c for c in view.codings if c.start < shown.end and c.end > shown.start)
    restricted = replace(view, blocks=tuple(blocks), codings=codings)
    return DocumentPage(restricted, shown, pages, len(view.codings))


def document_page(
    uow: UnitOfWork, document: Ref, *, page: int | None = None, at: int | None = None
) -> DocumentPage:
    """One page of a document as the document view shows it (see
    :class:`DocumentPage`): page number ``page`` (from 1), else the page
    holding code point ``at``, else the first. Pages hold at most the limit
    ``page_characters`` (``QUALFRAME_LIMIT_PAGE_CHARACTERS``).

    Reads only. Raises :class:`NotFoundError` for an unknown document or a
    page past the last, :class:`ValidationError` for a page below 1.
    """
    return page_of(document_view(uow, document), page=page, at=at)


# ---------------------------------------------------------------- the text in parts


def document_text(
    uow: UnitOfWork,
    document: Ref,
    *,
    offset: int | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> DocumentText:
    """A part of a document's stored text: page number ``page`` (from 1; pages
    as the document view cuts them), or ``limit`` code points from ``offset``
    (default 0); ``limit`` defaults to, and is cut to, the limit
    ``page_characters``: a long document is read in several calls, each
    answer saying where the next part starts.

    Reads only. Raises :class:`ValidationError` for an offset outside the
    text, a limit below 1, or a page together with an offset, and
    :class:`NotFoundError` for an unknown document or page.
    """
    found = find_document(uow, document)
    row = queries.documents.document_view_row(uow.session, uow.project_id, found.id)
    if row is None:  # pragma: no cover - found above in the same transaction
        raise NotFoundError(f"There is no document with id {found.id} in this project.")
    text, most = row.text, limits.limit("page_characters")
    turns = [(turn.start, turn.end) for turn in queries.speakers.turn_rows(uow.session, row.id)]
    pages = page_spans(text, reading_blocks(text, turns) if len(text) > most else (), most)
    if page is not None:
        if offset is not None:
            raise ValidationError("Ask for a page or for an offset, not both.")
        shown = chosen_page(pages, page, None)
        start, end = shown.start, shown.end
    else:
        start = 0 if offset is None else offset
        if not 0 <= start <= len(text):
            raise ValidationError(
                f"The offset {start} is outside the text (0 to {len(text)} code points)."
            )
        if limit is not None and limit < 1:
            raise ValidationError(f"The limit must be at least 1 code point, not {limit}.")
        end = min(len(text), start + min(limit or most, most))
    return DocumentText(
        document_id=row.id,
        name=row.name,
        length=len(text),
        start=start,
        end=end,
        text=text[start:end],
        page=page,
        pages=len(pages),
        next_offset=end if end < len(text) else None,
    )


__all__ = [
    "DocumentPage",
    "DocumentText",
    "PageSpan",
    "chosen_page",
    "document_page",
    "document_text",
    "page_at",
    "page_of",
    "page_spans",
]
