"""Finding what a PDF page carries besides its text, and leaving it out.

Three kinds of page furniture are removed, in this order:

* **Margin line numbers**: a number (1 to 5 digits) standing apart at the
  start (or end) of lines, its right (or left) edge aligned within
  :data:`_ALIGN` points with the others, in the margin outside the text,
  on at least half of the pages with text, at least three a page, rising
  down the page. A number inside the text is never one: it is not apart
  from the next word, or not aligned with the column in the margin.
* **Running headers and footers**: any of the first or last
  :data:`_OUTER` lines of a page (only the very first and last when the
  document has fewer than :data:`_MANY_PAGES` pages with text) whose text,
  with every run of digits read as the same (so a page number may vary
  inside it), recurs at the same height on at least half of the pages (and
  on two at least).
* **Page numbers**: the first or last remaining line of a page when it is
  only a page number: ``Page 3``, ``Page 3 of 12``, ``3 of 12``, ``3/12``,
  ``- 3 -``, ``[3]`` (and ``Seite``, ``p.``...). A bare ``3`` counts only
  when it is the page's number (plus the same offset) on two pages or more,
  or on a one-page document when it stands apart from the text.

A line that carried a margin line number is body text, never furniture.

Positions are points with ``y`` growing down the page; pure functions.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Literal

from qualframe.formats.pdf_lines import Line, PageLines, make_line
from qualframe.formats.pdf_words import Word
from qualframe.formats.speaker_turns import line_label

Side = Literal["left", "right"]

#: Points within which margin numbers count as aligned.
_ALIGN = 2.0
#: Gap between a margin number and the text, as a share of the text height.
_MARGIN_GAP = 0.6
#: Least share of the pages with text that carry the line-number column.
_COLUMN_PAGES = 0.5
#: Least number of margin numbers per page that carries the column.
_COLUMN_PER_PAGE = 3
#: Least share of consecutive margin numbers (top to bottom) that rise.
_COLUMN_RISING = 0.9
#: Most share of the other lines that may reach into the column's margin.
_COLUMN_OVERLAP = 0.2
#: Lines at the top and the bottom of a page that may be a running header or footer.
_OUTER = 3
#: Pages from which any of the :data:`_OUTER` lines may be a running header or footer.
_MANY_PAGES = 4
#: Gap around a bare page number, as a share of the line height, on a one-page document.
_APART = 1.8

_LINE_NUMBER = re.compile(r"\d{1,5}")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_PAGE_WORDS = r"page|pages|pg\.?|p\.|seite|s\.|página|pagina|pag\.|side|sida|strona|sivu|blz\."
_PAGE_NUMBER = re.compile(
    rf"(?:(?P<word>{_PAGE_WORDS})\s*)?(?P<number>\d{{1,5}})"
    r"(?:\s*(?:of|/|von|de|sur|di|van|af|av|z|från)\s*(?P<total>\d{1,5}))?\.?"
    r"|[-–—]\s*(?P<dashed>\d{1,5})\s*[-–—]"
    r"|[\[(](?P<bracketed>\d{1,5})[\])]",
    re.IGNORECASE,
)


def remove_furniture(pages: Sequence[PageLines]) -> list[PageLines]:
    """The pages without margin line numbers, running headers/footers and page numbers.

    Pages keep their number; a page may be left without lines.
    """
    cleaned = list(pages)
    for side in ("left", "right"):
        column = _line_number_column(cleaned, side)
        if column is not None:
            cleaned = [_without_numbers(page, column) for page in cleaned]
    cleaned = _without_running_lines(cleaned)
    return _without_page_numbers(cleaned)


@dataclass(frozen=True)
class _Column:
    """A column of margin line numbers: which side, which edge is aligned, where."""

    side: Side
    edge: Literal["x0", "x1"]
    at: float


def _margin_number(line: Line, side: Side) -> Word | None:
    """The number standing apart at the ``side`` end of ``line``, or None."""
    words = line.words
    word = words[0] if side == "left" else words[-1]
    if not _LINE_NUMBER.fullmatch(word.text):
        return None
    if len(words) > 1:
        gap = words[1].x0 - word.x1 if side == "left" else word.x0 - words[-2].x1
        if gap < _MARGIN_GAP * word.height:
            return None
    return word


def _line_number_column(pages: Sequence[PageLines], side: Side) -> _Column | None:
    """The column of margin line numbers on ``side`` of the pages, or None."""
    found = [
        (page_index, line_index, word)
        for page_index, page in enumerate(pages)
        for line_index, line in enumerate(page.lines)
        if (word := _margin_number(line, side)) is not None
    ]
    if len(found) < _COLUMN_PER_PAGE:
        return None
    edges: tuple[Literal["x0", "x1"], ...] = ("x1", "x0") if side == "left" else ("x0", "x1")
    best: tuple[_Column, list[tuple[int, int, Word]]] | None = None
    for edge in edges:
        at = _densest([getattr(word, edge) for _, _, word in found])
        members = [entry for entry in found if abs(getattr(entry[2], edge) - at) <= _ALIGN]
        if best is None or len(members) > len(best[1]):
            best = (_Column(side, edge, at), members)
    assert best is not None
    column, members = best
    return column if _is_line_numbering(pages, side, members) else None


def _densest(values: list[float]) -> float:
    """The middle of the densest window of 2 x :data:`_ALIGN` points among ``values``."""
    ordered = sorted(values)
    best_count, best_at, low = 0, ordered[0], 0
    for high, value in enumerate(ordered):
        while value - ordered[low] > 2 * _ALIGN:
            low += 1
        if high - low + 1 > best_count:
            best_count, best_at = high - low + 1, (ordered[low] + value) / 2
    return best_at


def _is_line_numbering(
    pages: Sequence[PageLines], side: Side, members: list[tuple[int, int, Word]]
) -> bool:
    """Whether aligned margin numbers recur, rise down the page and stay in the margin."""
    text_pages = sum(1 for page in pages if page.lines)
    by_page: dict[int, list[int]] = defaultdict(list)
    for page_index, _, word in members:
        by_page[page_index].append(int(word.text))
    if len(by_page) < _COLUMN_PAGES * text_pages:
        return False
    if len(members) < _COLUMN_PER_PAGE * len(by_page):
        return False
    pairs = [pair for numbers in by_page.values() for pair in pairwise(numbers)]
    if not pairs or sum(b > a for a, b in pairs) < _COLUMN_RISING * len(pairs):
        return False
    member_lines = {(page_index, line_index) for page_index, line_index, _ in members}
    if side == "left":
        limit = max(word.x1 for _, _, word in members)
        reaching = [
            line.x0 < limit
            for page_index in by_page
            for line_index, line in enumerate(pages[page_index].lines)
            if (page_index, line_index) not in member_lines
        ]
    else:
        limit = min(word.x0 for _, _, word in members)
        reaching = [
            line.x1 > limit
            for page_index in by_page
            for line_index, line in enumerate(pages[page_index].lines)
            if (page_index, line_index) not in member_lines
        ]
    lines_there = sum(len(pages[page_index].lines) for page_index in by_page)
    return sum(reaching) <= _COLUMN_OVERLAP * lines_there


def _without_numbers(page: PageLines, column: _Column) -> PageLines:
    """``page`` without the margin numbers of ``column`` (lines left empty are dropped)."""
    lines = []
    for line in page.lines:
        word = _margin_number(line, column.side)
        if word is None or abs(getattr(word, column.edge) - column.at) > _ALIGN:
            lines.append(line)
            continue
        rest = line.words[1:] if column.side == "left" else line.words[:-1]
        if rest:
            lines.append(make_line(rest, numbered=True))
    return replace(page, lines=tuple(lines))


def _shape(text: str) -> str:
    """A line's text with digits and case ignored, to compare running lines."""
    return _SPACES.sub(" ", _DIGITS.sub("#", text.casefold())).strip()


def _outer_indexes(page: PageLines, outer: int) -> list[int]:
    """Indexes of the first and last ``outer`` lines of ``page`` that carry no line number."""
    count = len(page.lines)
    indexes = set(range(min(outer, count))) | set(range(max(0, count - outer), count))
    return sorted(index for index in indexes if not page.lines[index].numbered)


def _without_running_lines(pages: list[PageLines]) -> list[PageLines]:
    """The pages without the header and footer lines that recur on most of them."""
    text_pages = sum(1 for page in pages if page.lines)
    needed = max(2, math.ceil(0.5 * text_pages))
    if text_pages < 2:
        return pages
    # Few pages are weak evidence: only their outermost lines may be furniture.
    outer = _OUTER if text_pages >= _MANY_PAGES else 1
    groups: dict[str, list[tuple[float, int, int, float]]] = defaultdict(list)
    for page_index, page in enumerate(pages):
        for line_index in _outer_indexes(page, outer):
            line = page.lines[line_index]
            if line_label(line.text) is not None:
                continue  # a turn that happens to open (or close) each page is speech
            groups[_shape(line.text)].append((line.baseline, page_index, line_index, line.height))
    removed: set[tuple[int, int]] = set()
    for entries in groups.values():
        if len({page_index for _, page_index, _, _ in entries}) < needed:
            continue
        for cluster in _baseline_clusters(entries):
            if len({page_index for _, page_index, _, _ in cluster}) >= needed:
                removed.update((page_index, line_index) for _, page_index, line_index, _ in cluster)
    return [_without_lines(page, page_index, removed) for page_index, page in enumerate(pages)]


def _baseline_clusters(
    entries: list[tuple[float, int, int, float]],
) -> list[list[tuple[float, int, int, float]]]:
    """Entries grouped by baseline: a new group after a step of half a line or more."""
    ordered = sorted(entries)
    clusters = [[ordered[0]]]
    for entry in ordered[1:]:
        previous = clusters[-1][-1]
        if entry[0] - previous[0] > 0.5 * max(entry[3], previous[3], 1.0):
            clusters.append([])
        clusters[-1].append(entry)
    return clusters


def _without_lines(page: PageLines, page_index: int, removed: set[tuple[int, int]]) -> PageLines:
    """``page`` without the lines whose ``(page_index, line_index)`` is in ``removed``."""
    if not removed:
        return page
    kept = tuple(
        line for index, line in enumerate(page.lines) if (page_index, index) not in removed
    )
    return replace(page, lines=kept)


def _page_number(text: str) -> tuple[int, bool] | None:
    """The number of a page-number line and whether it is a bare number; None if not one."""
    match = _PAGE_NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    total = match.group("total")
    for group in ("number", "dashed", "bracketed"):
        if (value := match.group(group)) is not None:
            number = int(value)
            if total is not None and number > int(total):
                return None
            bare = group == "number" and total is None and match.group("word") is None
            return number, bare
    return None


def _without_page_numbers(pages: list[PageLines]) -> list[PageLines]:
    """The pages without a page-number line at their top or bottom."""
    found = []
    for page_index, page in enumerate(pages):
        for line_index in _outer_indexes(page, 1):
            parsed = _page_number(page.lines[line_index].text)
            if parsed is not None:
                number, bare = parsed
                found.append((page_index, line_index, number - page.number, bare))
    if not found:
        return pages
    offsets = Counter(offset for _, _, offset, bare in found if bare)
    single_page = sum(1 for page in pages if page.lines) == 1
    removed = set()
    for page_index, line_index, offset, bare in found:
        if (
            not bare
            or offsets[offset] >= 2
            or (single_page and offset == 0 and _stands_apart(pages[page_index], line_index))
        ):
            removed.add((page_index, line_index))
    return [_without_lines(page, page_index, removed) for page_index, page in enumerate(pages)]


def _stands_apart(page: PageLines, index: int) -> bool:
    """Whether line ``index`` of ``page`` is far from its neighbour (or alone)."""
    lines = page.lines
    line = lines[index]
    neighbours = [lines[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)]
    return all(
        abs(line.baseline - other.baseline) > _APART * max(line.height, other.height)
        for other in neighbours
    )


__all__ = ["remove_furniture"]
