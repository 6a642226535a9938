"""The document view's outline: the sections of a long transcript and who speaks.

A collapsible navigation list above the transcript: each section heading
(from the document's structure) links to its place, on the page holding it
for a document shown in pages (with that page's number); each speaker
(the participant a turn maps to, else its label) is listed with their
number of turns, linking to their first turn (``#at-<code point>``, which
``outline.js`` scrolls to; without scripts the link opens the page holding
it). Built from the :class:`DocumentView` the page has read: no query.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qualframe.services.coding.document_pages import PageSpan
from qualframe.services.coding.document_view import DocumentView, ViewTurn
from qualframe.web.coding.transcript import ROLE_TEXT, section_anchors


@dataclass(frozen=True)
class OutlineSection:
    """A section heading: its ``title``, ``level`` (1 the highest), ``link`` and
    the ``page`` holding it (None for a document of one page)."""

    title: str
    level: int
    link: str
    page: int | None


@dataclass(frozen=True)
class OutlineSpeaker:
    """Someone who speaks: ``name`` (the participant, else the label), ``about``
    (their case or role, "not mapped"), their ``turns`` and a ``link`` to the
    first."""

    name: str
    about: str
    turns: int
    link: str


@dataclass(frozen=True)
class Outline:
    """The outline of a document: its sections and its speakers in order of
    first turn."""

    sections: tuple[OutlineSection, ...]
    speakers: tuple[OutlineSpeaker, ...]

    def __bool__(self) -> bool:
        return bool(self.sections or self.speakers)


def _page_of(pages: Sequence[PageSpan], position: int) -> int | None:
    """The number of the page holding ``position`` (None: one page)."""
    if len(pages) < 2:
        return None
    index = bisect.bisect_right([page.start for page in pages], position) - 1
    return pages[max(index, 0)].number


def _here(page: PageSpan | None, position: int, length: int) -> bool:
    return page is None or page.start <= position < page.end or position >= length


def _sections(
    view: DocumentView,
    page: PageSpan | None,
    pages: Sequence[PageSpan],
    elsewhere: Callable[[int], str],
) -> tuple[OutlineSection, ...]:
    """Each section reachable in the transcript (see ``transcript.outline``)."""
    placed = set(section_anchors(view, page).values())
    found = []
    for number, section in enumerate(view.sections):
        anchor = f"section-{number}"
        if anchor in placed:
            link = f"#{anchor}"
        elif page is not None and not _here(page, section.start, view.length):
            link = f"{elsewhere(section.start)}#{anchor}"
        else:
            continue
        found.append(
            OutlineSection(section.title, section.level, link, _page_of(pages, section.start))
        )
    return tuple(found)


def _speaker(turn: ViewTurn) -> tuple[str, str]:
    """Who speaks in ``turn``: (name, about)."""
    if turn.participant is not None:
        return turn.participant, turn.case or "participant"
    if turn.role is None:
        return turn.label, "not mapped"
    return turn.label, ROLE_TEXT.get(turn.role.value, turn.role.value)


def _speakers(
    view: DocumentView, page: PageSpan | None, elsewhere: Callable[[int], str]
) -> tuple[OutlineSpeaker, ...]:
    """Everyone speaking in the document, in order of their first turn."""
    first: dict[tuple[str, str], int] = {}
    counts: dict[tuple[str, str], int] = {}
    for turn in view.turns:
        who = _speaker(turn)
        first.setdefault(who, turn.start)
        counts[who] = counts.get(who, 0) + 1
    found = []
    for (name, about), start in first.items():
        anchor = f"#at-{start}"
        link = anchor if _here(page, start, view.length) else elsewhere(start) + anchor
        found.append(OutlineSpeaker(name, about, counts[(name, about)], link))
    return tuple(found)


def document_outline(
    view: DocumentView,
    page: PageSpan | None,
    pages: Sequence[PageSpan],
    elsewhere: Callable[[int], str],
) -> Outline:
    """The outline of ``view`` shown at ``page`` (None: the whole document) of
    ``pages``; ``elsewhere(position)`` links to the page holding a position."""
    return Outline(_sections(view, page, pages, elsewhere), _speakers(view, page, elsewhere))
