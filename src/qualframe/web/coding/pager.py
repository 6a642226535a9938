"""The page navigation of a long document in the document view.

A document longer than the limit ``page_characters`` is shown one page at a
time (pages are cut by
:func:`~qualframe.services.coding.document_pages.page_spans`): links to the
previous and next pages and a chooser (a plain GET form, so it works
without scripts) that keep the codings filters. Every link to a position
(``?at=``, a passage, a coding) opens the page holding it.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.services.coding.document_pages import DocumentPage
from qualframe.web.coding.transcript import Filters, excerpt

#: Code points of a page's first words shown in the chooser.
CHOICE_WORDS = 40


@dataclass(frozen=True)
class Pager:
    """The navigation of one page: its ``number`` of ``count``, its span
    ``[start, end)`` (code points), links to the ``previous`` and ``next``
    pages (None at the ends), the chooser's ``choices`` (number, label), and
    the ``hidden`` fields (the filters) its form sends to ``action``."""

    number: int
    count: int
    start: int
    end: int
    previous: str | None
    next: str | None
    choices: list[tuple[int, str]]
    action: str
    hidden: list[tuple[str, str]]


def pager(shown: DocumentPage, base: str, filters: Filters) -> Pager | None:
    """The navigation of ``shown`` (None for a document of one page); links are
    ``base`` (the document view's path) with the ``filters`` and ``page``."""
    if not shown.paged:
        return None
    page, count, text = shown.page, len(shown.pages), shown.view.text

    def link(number: int) -> str:
        return base + filters.query(page=number)

    choices = [
        (item.number, f"Page {item.number}: “{excerpt(text, item.start, item.end, CHOICE_WORDS)}”")
        for item in shown.pages
    ]
    hidden = [("code_id", str(code_id)) for code_id in sorted(filters.code_ids or ())]
    if filters.coder is not None:
        hidden.append(("coder", filters.coder))
    return Pager(
        number=page.number,
        count=count,
        start=page.start,
        end=page.end,
        previous=link(page.number - 1) if page.number > 1 else None,
        next=link(page.number + 1) if page.number < count else None,
        choices=choices,
        action=base,
        hidden=hidden,
    )


def position_link(base: str, filters: Filters, position: int) -> str:
    """The document view at code point ``position`` (the page holding it), with ``filters``."""
    return base + filters.query(at=position)
