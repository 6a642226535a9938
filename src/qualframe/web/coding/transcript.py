"""The document view's transcript and codings, as the page renders them.

Turns a :class:`~qualframe.services.coding.document_view.DocumentView` into what the
template shows: speaker turns holding reading blocks whose HTML is the
stored text exactly (so the page's scripts can map the browser's selection
back to code points), the marked passage of a deep link, the codings list
with its filters, and the compact data the page's scripts read.

Offsets are code points of the stored text, end exclusive.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import islice, pairwise
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from qualframe.services.coding.codings import span_problem
from qualframe.services.coding.document_pages import PageSpan
from qualframe.services.coding.document_view import (
    DocumentCoding,
    DocumentView,
    ReadingBlock,
    ViewCode,
    ViewTurn,
)

#: Longest excerpt of a coding shown in the codings list, in code points.
EXCERPT_CHARS = 100
#: Most codings the page's HTML lists (a transcript may have 10,000): the
#: page's scripts list every coding lazily (``codings_list.js``); without
#: scripts a link asks for the whole list.
LIST_LIMIT = 300


@dataclass(frozen=True)
class MarkedSpan:
    """A span of a deep link to scroll to and mark (a quote or search hit);
    ``problem`` says why it cannot be shown (then it is not marked)."""

    start: int
    end: int
    problem: str | None = None


@dataclass(frozen=True)
class Filters:
    """Which codings are shown: of ``code_ids`` only (None: every code) and by
    ``coder`` only (None: everyone)."""

    code_ids: frozenset[int] | None = None
    coder: str | None = None

    def shows(self, coding: DocumentCoding) -> bool:
        """Whether ``coding`` passes the filters."""
        return (self.code_ids is None or coding.code_id in self.code_ids) and (
            self.coder is None or coding.coder == self.coder
        )

    def query(self, **extra: Any) -> str:
        """The filters (and ``extra`` parameters) as a query string, "?..." or ""."""
        pairs: list[tuple[str, Any]] = [
            ("code_id", code_id) for code_id in sorted(self.code_ids or ())
        ]
        if self.coder is not None:
            pairs.append(("coder", self.coder))
        pairs += [(key, value) for key, value in extra.items() if value is not None]
        return "?" + urlencode(pairs) if pairs else ""


@dataclass(frozen=True)
class CodeCount:
    """A code used in the document, how many codings it has, whether it is shown."""

    code: ViewCode
    count: int
    shown: bool


def passage_of(view: DocumentView, start: int | None, end: int | None) -> MarkedSpan | None:
    """The passage ``[start, end)`` of a deep link, checked against the document."""
    if start is None or end is None:
        return None
    problem = span_problem(view.length, start, end)
    if problem is not None:
        problem = f"The passage [{start}, {end}) cannot be shown: {problem}."
    return MarkedSpan(start, end, problem)


def _cuts(block: ReadingBlock, label_end: int | None, passage: MarkedSpan | None) -> list[int]:
    points = {block.start, block.end}
    if label_end is not None:
        points.add(min(max(label_end, block.start), block.end))
    if passage is not None:
        points |= {min(max(p, block.start), block.end) for p in (passage.start, passage.end)}
    return sorted(points)


def block_html(
    text: str, block: ReadingBlock, label_end: int | None, passage: MarkedSpan | None, first: bool
) -> str:
    """The block's text as HTML: escaped exactly, the speaker label (up to
    ``label_end``) in a span, the passage in ``<mark>`` (``id="passage"`` on
    its first piece when ``first``). Text is never added or dropped.

    Escapes with :func:`html.escape` (plain strings, several times faster
    than Markup for thousands of pieces); callers wrap the whole page part
    in :class:`Markup` once.
    """
    if label_end is None and passage is None:
        return escape(text[block.start : block.end])
    pieces: list[str] = []
    cuts = _cuts(block, label_end, passage)
    for begin, end in pairwise(cuts):
        piece = escape(text[begin:end])
        if label_end is not None and end <= label_end:
            piece = f'<span class="turn-label">{piece}</span>'
        if passage is not None and passage.start <= begin and end <= passage.end:
            anchor = ' id="passage"' if first and begin == max(passage.start, block.start) else ""
            piece = f'<mark class="passage"{anchor}>{piece}</mark>'
        pieces.append(piece)
    return "".join(pieces)


#: What a speaker label maps to, as shown under the label (role -> text).
ROLE_TEXT = {"interviewer": "interviewer", "other": "other speaker"}


def _who(turn: ViewTurn | None, change: str | None = None) -> str:
    """The speaker column of a turn: its label, what it stands for ("this turn"
    when by its own mapping) and, with ``change`` (a link), a link to say who
    speaks in it."""
    if turn is None:
        return ""
    label = f'<span class="turn__label">{escape(turn.label)}</span>'
    own = " · this turn" if turn.own_mapping else ""
    if turn.role is None:
        maps = '<span class="turn__maps turn__maps--unmapped">not mapped</span>'
    elif turn.participant is not None:
        where = f" · {escape(turn.case)}" if turn.case else ""
        maps = f'<span class="turn__maps">{escape(turn.participant)}{where}{own}</span>'
    else:
        text = ROLE_TEXT.get(turn.role.value, turn.role.value)
        maps = f'<span class="turn__maps">{escape(text)}{own}</span>'
    if change is None:
        return label + maps
    # Out of the tab order: a long transcript would be a thousand tab stops. The
    # page's "who speaks in each" link reaches the same chooser by keyboard.
    return (
        label
        + maps
        + f'<a class="turn__change" href="{escape(change)}" tabindex="-1">change'
        + '<span class="visually-hidden"> who speaks in this turn</span></a>'
    )


def _change_link(turns_link: str | None, index: int | None) -> str | None:
    """The link saying who speaks in the turn at ``index`` (from 0) of the view
    (``view.turns`` are the whole document's, on every page)."""
    if turns_link is None or index is None:
        return None
    return f"{turns_link}&turn={index + 1}#change"


def transcript_html(
    view: DocumentView,
    passage: MarkedSpan | None,
    page: PageSpan | None = None,
    turns_link: str | None = None,
) -> Markup:
    """The transcript as HTML: one ``.turn`` per speaker turn (or run of text
    outside turns) with its speaker column (linking to ``turns_link`` with
    ``&turn=N#change``, N the turn's number, when given) and its reading blocks, each
    ``.block`` carrying ``data-start``/``data-end`` (code points) and holding
    exactly the stored text in ``.block__text`` (see :func:`block_html`).
    The page's scripts add the margin bars and the read-only caret mode.
    On a ``page`` of a long document (``view`` holding that page's blocks) a
    turn's ``data-start``/``data-end`` are cut to the page, so selecting
    "the turn" selects what the page shows.

    Built with string joins rather than template loops: a 60,000-word
    transcript has about 1,500 blocks in 900 turns, and the page must be
    served in well under 300 ms.
    """
    marked = passage if passage is not None and passage.problem is None else None
    anchors = section_anchors(view, page)
    low, high = (page.start, page.end) if page is not None else (0, view.length)
    parts: list[str] = []
    anchored = False
    current: int | None = -1
    for index, block in enumerate(view.blocks):
        turn = view.turns[block.turn] if block.turn is not None else None
        if block.turn != current or not parts:
            if parts:
                parts.append("</div></div>")
            current = block.turn
            start, end = (turn.start, turn.end) if turn else (block.start, _run_end(view, index))
            start, end = max(start, low), min(end, high)
            parts.append(
                f'<div class="turn" data-start="{start}" data-end="{end}">'
                f'<div class="turn__who">{_who(turn, _change_link(turns_link, block.turn))}</div>'
                '<div class="turn__blocks">'
            )
        label_end = turn.label_end if turn and block.start == turn.start else None
        touches = marked is not None and marked.start < block.end and marked.end > block.start
        html = block_html(view.text, block, label_end, marked if touches else None, not anchored)
        anchored = anchored or touches
        anchor = f' id="{anchors[index]}"' if index in anchors else ""
        parts.append(
            f'<div class="block"{anchor} data-start="{block.start}" data-end="{block.end}">'
            f'<p class="block__text">{html}</p></div>'
        )
    if parts:
        parts.append("</div></div>")
    return Markup("".join(parts))


def section_anchors(view: DocumentView, page: PageSpan | None = None) -> dict[int, str]:
    """``{index of a reading block: its anchor}`` for the outline: each section's
    anchor (``section-N``, N its place in the outline) is on the first block
    ending after the section's start; of sections sharing a block, the first.
    On a ``page``, only the sections starting on it have an anchor."""
    ends = [block.end for block in view.blocks]
    anchors: dict[int, str] = {}
    for number, section in enumerate(view.sections):
        if page is not None and not page.start <= section.start < page.end:
            continue
        index = bisect.bisect_right(ends, section.start)
        if index < len(ends):
            anchors.setdefault(index, f"section-{number}")
    return anchors


def outline(
    view: DocumentView,
    page: PageSpan | None = None,
    elsewhere: Callable[[int], str] | None = None,
) -> list[tuple[str, int, str]]:
    """The outline as ``(title, level, link)`` of each section reachable in the
    transcript: ``#section-N`` when its anchor lies on a block shown; on a
    ``page`` of a long document, a section on another page links to
    ``elsewhere(its start)`` (the page holding it) with that anchor."""
    placed = set(section_anchors(view, page).values())
    found = []
    for number, section in enumerate(view.sections):
        anchor = f"section-{number}"
        if anchor in placed:
            found.append((section.title, section.level, f"#{anchor}"))
        elif (
            page is not None
            and elsewhere is not None
            and section.start < view.length
            and not page.start <= section.start < page.end
        ):
            found.append((section.title, section.level, f"{elsewhere(section.start)}#{anchor}"))
    return found


def _run_end(view: DocumentView, first: int) -> int:
    """Where the run of blocks outside every turn that starts at block ``first`` ends."""
    end = view.blocks[first].end
    for block in view.blocks[first:]:
        if block.turn is not None:
            break
        end = block.end
    return end


def excerpt(text: str, start: int, end: int, limit: int = EXCERPT_CHARS) -> str:
    """``text[start:end]`` on one line, cut to ``limit`` code points with "…"."""
    cut = text[start : min(end, start + limit + 1)]
    flat = " ".join(cut.split())
    return flat if end - start <= limit else flat[:limit].rstrip() + "…"


def codings_list_html(
    view: DocumentView,
    filters: Filters,
    link_prefix: str,
    active: int | None,
    limit: int | None = None,
) -> Markup:
    """The codings list's items: every coding of the document in text order
    (those the filters leave out ``hidden``), each a link (``link_prefix`` +
    its id) showing its code, an excerpt, who speaks and who coded it. With
    ``limit`` (when the filters show more codings than that), only the first
    ``limit`` codings the filters show are listed, none hidden.

    Built with string joins, like :func:`transcript_html`: a document may
    have thousands of codings.
    """
    chips = {
        code.id: f'<span class="code-chip" style="--code: {code.colour}">{escape(code.path)}</span>'
        for code in view.codes
    }
    prefix = escape(link_prefix)
    parts: list[str] = []
    codings: Iterable[DocumentCoding] = view.codings
    if limit is not None:
        codings = islice((c for c in view.codings if filters.shows(c)), limit)
    for coding in codings:
        current = coding.id == active
        attributes = ' class="coding-item--active"' if current else ""
        attributes += "" if filters.shows(coding) else " hidden"
        marker = ' aria-current="true"' if current else ""
        memos = f" · {coding.memos} memo{'s' if coding.memos != 1 else ''}" if coding.memos else ""
        who = coding.participant or coding.speaker or "no speaker"
        quote = escape(excerpt(view.text, coding.start, coding.end))
        parts.append(
            f'<li data-coding="{coding.id}"{attributes}>'
            f'<a href="{prefix}{coding.id}#coding-details"{marker}>'
            f"{chips.get(coding.code_id, '')}<q>{quote}</q></a>"
            f"<small>{escape(who)} · {escape(coding.coder)}{memos}</small></li>"
        )
    return Markup("".join(parts))


def code_counts(view: DocumentView, filters: Filters) -> list[CodeCount]:
    """The codes used in the document in tree order, with their codings counts."""
    counts = Counter(coding.code_id for coding in view.codings)
    return [
        CodeCount(code, counts[code.id], filters.code_ids is None or code.id in filters.code_ids)
        for code in view.codes
        if counts[code.id]
    ]


def filters_of(code: Sequence[int], coder: str | None) -> Filters:
    """The filters of the page's query (code ids; empty: every code)."""
    return Filters(frozenset(code) if code else None, coder or None)


def page_data(
    view: DocumentView,
    project_id: int,
    user: str,
    filters: Filters,
    *,
    selected: int | None,
    passage: MarkedSpan | None,
    page: tuple[PageSpan, int] | None = None,
) -> dict[str, Any]:
    """What the page's scripts read (``<script type="application/json">``).

    Codings are compact rows ``[id, code id, start, end, coder index, memos]``
    (a 2,000-coding document would otherwise send each code's path 2,000
    times); ``attribution`` gives each coding's ``[speaker index, participant
    index]`` (null: none) into ``speakers`` and ``participants``, so the
    scripts hold every coding in the shape the JSON API answers with
    (``codings_list.js``: ``codingFromRow`` and ``codingFromRecord``).
    ``page`` is the page shown and how many pages the document has (None:
    one page), sent as ``{number, count, start, end}``; ``listLimit`` is
    :data:`LIST_LIMIT` (a longer codings list is drawn lazily).
    """
    coders = sorted({coding.coder for coding in view.codings} | {user}, key=str.casefold)
    index = {coder: position for position, coder in enumerate(coders)}
    speakers = _distinct(coding.speaker for coding in view.codings)
    participants = _distinct(coding.participant for coding in view.codings)
    return {
        "project": project_id,
        "document": view.id,
        "name": view.name,
        "length": view.length,
        "user": user,
        "codes": [
            {
                "id": code.id,
                "name": code.name,
                "path": code.path,
                "colour": code.colour,
                "retired": code.retired,
                "depth": code.depth,
                "parent": code.parent_id,
            }
            for code in view.codes
        ],
        "coders": coders,
        "codings": [
            [c.id, c.code_id, c.start, c.end, index[c.coder], c.memos] for c in view.codings
        ],
        "speakers": list(speakers),
        "participants": list(participants),
        "attribution": [
            [_index(speakers, c.speaker), _index(participants, c.participant)] for c in view.codings
        ],
        "listLimit": LIST_LIMIT,
        "recent": list(view.recent_code_ids),
        "filters": {
            "codes": sorted(filters.code_ids) if filters.code_ids is not None else None,
            "coder": filters.coder,
        },
        "selected": selected,
        "passage": (
            [passage.start, passage.end] if passage is not None and not passage.problem else None
        ),
        "page": (
            {"number": page[0].number, "count": page[1], "start": page[0].start, "end": page[0].end}
            if page is not None
            else None
        ),
    }


def _distinct(values: Iterable[str | None]) -> dict[str, int]:
    """``{value: index}`` of the distinct values that are not None, sorted."""
    return {value: i for i, value in enumerate(sorted({v for v in values if v is not None}))}


def _index(indexes: dict[str, int], value: str | None) -> int | None:
    return None if value is None else indexes[value]
