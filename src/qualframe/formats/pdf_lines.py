"""Lines of a PDF page: its words grouped by baseline, in reading order.

A line is the words whose baselines lie within a third of the text height
of each other (so a smaller margin number or a raised footnote mark stays
on its line), ordered left to right; the lines of a page are ordered top
to bottom. A word printed twice at (almost) the same place, the way some
programs fake bold type, is kept once. Positions are points with ``y``
growing down the page (see :mod:`qualframe.formats.pdf_words`). Pure
functions over positions; no PDF library is used here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qualframe.formats.pdf_words import Word

#: Share of the text height within which two baselines are the same line.
_SAME_LINE = 0.35
#: Points within which a word printed again at the same place is a duplicate.
_DUPLICATE = 1.0


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a page: its words left to right and their extent, in points.

    ``numbered``: the line carried a margin line number (so it is body text).
    """

    words: tuple[Word, ...]
    x0: float
    x1: float
    baseline: float
    height: float
    numbered: bool = False

    @property
    def text(self) -> str:
        """The line's words joined by single spaces."""
        return " ".join(word.text for word in self.words)


@dataclass(frozen=True, slots=True)
class PageLines:
    """The lines of page ``number`` (1-based), top to bottom.

    ``left``/``right``: the x of the page's edges (its crop box), in points.
    """

    number: int
    lines: tuple[Line, ...]
    left: float = 0.0
    right: float = 0.0


def make_line(words: Sequence[Word], *, numbered: bool = False) -> Line:
    """The line holding ``words`` (not empty, already left to right)."""
    return Line(
        words=tuple(words),
        x0=words[0].x0,
        x1=max(word.x1 for word in words),
        baseline=min(word.baseline for word in words),
        height=max(word.height for word in words),
        numbered=numbered,
    )


def group_lines(words: Iterable[Word]) -> tuple[Line, ...]:
    """Group a page's words into lines, top to bottom, each left to right."""
    ordered = sorted(words, key=lambda word: (word.baseline, word.x0))
    lines: list[Line] = []
    current: list[Word] = []
    for word in ordered:
        if current:
            anchor = current[0]
            tolerance = _SAME_LINE * max(min(anchor.height, word.height), 1.0)
            if word.baseline - anchor.baseline > tolerance:
                lines.append(_line_of(current))
                current = []
        current.append(word)
    if current:
        lines.append(_line_of(current))
    return tuple(lines)


def _line_of(words: list[Word]) -> Line:
    """One line from words on one baseline, left to right, duplicates dropped."""
    words.sort(key=lambda word: word.x0)
    kept = [words[0]]
    for word in words[1:]:
        previous = kept[-1]
        if word.text == previous.text and abs(word.x0 - previous.x0) < _DUPLICATE:
            continue
        kept.append(word)
    return make_line(kept)


__all__ = ["Line", "PageLines", "group_lines", "make_line"]
