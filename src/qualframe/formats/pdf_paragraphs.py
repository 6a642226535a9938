"""Joining the lines of PDF pages into paragraphs, and where each page's text lies.

Lines (see :mod:`qualframe.formats.pdf_lines`, furniture already removed)
are joined with single spaces into paragraphs; paragraphs are separated by
one blank line. A line starts a new paragraph when the layout says so:

* it starts with a speaker label (``Interviewer:``, ``P4:``, ``[Ann]``: the
  forms :mod:`qualframe.formats.speaker_turns` accepts);
* the gap above it is more than :data:`_GAP` times the usual line spacing,
  or its text is more than :data:`_SIZE_STEP` times taller or smaller than
  the line before (a heading);
* the line before ended early: this line's first word would have fitted
  after it (so the line break was the author's, not the wrapping's);
* it is indented past the line before (a first-line indent, a block
  quote), unless it continues a hanging indent (the text after a speaker
  label or a list marker on the paragraph's first line); or it steps back
  left after the indented lines of a block;
* on a new page, only the label, the early end and the indent count: a
  paragraph running over a page break is one paragraph.

A line ending in a hyphen is joined to the next without a space. The hyphen
is dropped (``partici-`` + ``pation``) unless the document says the
hyphenated form is the word: it writes ``self-harm`` elsewhere more often
than ``selfharm``; the first part already has a hyphen (``mother-in-``);
the next line starts with a capital or a digit (``COVID-`` + ``19``); or
neither form occurs elsewhere while both halves do as words of their own.

Offsets are code points into the returned text, end exclusive. Pages
whose lines are all gone get no span; a page's span runs from its first
word to its last, so the space or blank line between two pages lies
outside both (a word hyphenated over a page break is split between them).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from qualframe.formats.pdf_lines import Line, PageLines
from qualframe.formats.speaker_turns import speaker_label
from qualframe.formats.structure import Page

#: A gap between lines this many times the usual spacing separates paragraphs.
_GAP = 1.4
#: A change of text height by this factor separates paragraphs (a heading).
_SIZE_STEP = 1.25
#: Indent (as a share of the text height, at least 3 points) that counts.
_INDENT = 0.3
#: Share of the text width a line may end short of the right edge when it wraps.
_SLACK = 0.02
#: Percentile of line ends taken as the right edge of the text.
_RIGHT_EDGE_PERCENTILE = 90
#: Share of the steps between lines that makes a step the usual line spacing.
_SPACING_SHARE = 0.2
#: Fewer lines than this are too few to tell where the text's right edge is.
_FEW_LINES = 20
#: First lines needed to take an indent as the document's paragraph style.
_INDENT_EVIDENCE = 3

_NAME = r"[^\W\d_][\w .,'\u2019&/()-]{0,59}?"
_PLAIN_LABEL = re.compile(rf"(?P<label>{_NAME}):(?=\s|$)")
_BRACKET_LABEL = re.compile(rf"\[(?P<label>{_NAME})\]:?(?=\s|$)")
_LIST_MARKER = re.compile(r"[•▪◦·‣*–-]|\(?\d{1,3}[.)]|\(?[a-z][.)]")
_HYPHENS = "-\u2010"
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?…*"


@dataclass(frozen=True)
class PagedText:
    """Text joined from the pages, and the span each page with text holds."""

    text: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class _Layout:
    """What the document's lines share, in points: the line spacing, the left
    and right edges of the text, and the x of a first-line indent when the
    paragraphs are set with one (else None)."""

    spacing: float
    left: float
    right: float
    indent: float | None = None


@dataclass
class _Paragraph:
    """The paragraph being built: the x of its hanging indent, how many lines it has."""

    hang: float | None
    lines: int = 1


class _Text:
    """The text being joined from lines, and the span of each page's words in it."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._spans: list[Page] = []
        self._page: tuple[int, int] | None = None  # number and start of the open page

    def add(self, separator: str, words: str, page: int) -> None:
        """Append a line's ``words`` after ``separator``; ``page`` is the line's page."""
        if self._page is not None and self._page[0] != page:
            self._spans.append(Page(self._page[0], self._page[1], self._length))
            self._page = None
        self._parts += (separator, words)
        self._length += len(separator)
        if self._page is None:
            self._page = (page, self._length)
        self._length += len(words)

    def shorten(self, count: int) -> None:
        """Drop the last ``count`` characters (a hyphen the next line makes whole)."""
        if count:
            self._parts[-1] = self._parts[-1][:-count]
            self._length -= count

    def result(self) -> PagedText:
        """The text and the page spans."""
        spans = list(self._spans)
        if self._page is not None:
            spans.append(Page(self._page[0], self._page[1], self._length))
        return PagedText("".join(self._parts), tuple(spans))


def join_pages(pages: Sequence[PageLines]) -> PagedText:
    """Join the lines of ``pages`` into paragraphs; the text and the page spans."""
    layout = _measure(pages)
    counts = _word_counts(pages)
    text = _Text()
    previous: Line | None = None
    paragraph: _Paragraph | None = None
    for page in pages:
        for index, line in enumerate(page.lines):
            if previous is None or paragraph is None:
                separator = ""
            elif _starts_paragraph(previous, line, index > 0, paragraph, layout):
                separator = "\n\n"
            else:
                last = previous.words[-1].text
                kept, separator = _join_words(last, line, counts)
                text.shorten(len(last) - len(kept))
            if paragraph is None or separator == "\n\n":
                paragraph = _Paragraph(_hang(line))
            else:
                paragraph.lines += 1
            text.add(separator, line.text, page.number)
            previous = line
    return text.result()


def _measure(pages: Sequence[PageLines]) -> _Layout:
    """The usual line spacing and the left and right edges of the text.

    The right edge is where most lines end; with too few lines to tell, it
    is at least the left margin mirrored on the page's right side.
    """
    lines = [line for page in pages for line in page.lines]
    if not lines:
        return _Layout(spacing=1.0, left=0.0, right=0.0)
    steps = [
        later.baseline - earlier.baseline
        for earlier, later in pairwise(lines)
        if 0.5 * earlier.height < later.baseline - earlier.baseline < 3 * earlier.height
    ]
    heights = statistics.median(line.height for line in lines)
    spacing = _usual_spacing(steps) if steps else 1.2 * heights
    ends = sorted(line.x1 for line in lines)
    right = ends[min(len(ends) - 1, len(ends) * _RIGHT_EDGE_PERCENTILE // 100)]
    left = _usual_left(lines)
    if len(lines) < _FEW_LINES:
        page = next(page for page in pages if page.lines)
        right = max(right, page.right - (left - page.left))
    return _Layout(spacing, left, right, _first_line_indent(pages, left))


def _first_line_indent(pages: Sequence[PageLines], left: float) -> float | None:
    """The x of the paragraphs' first-line indent, when the document uses one.

    An indented line followed by one at the left edge is a first line; one
    followed by another at its own indent is a block (a quotation). The
    indent is the most common x of first lines, if it has at least
    :data:`_INDENT_EVIDENCE` of them and no fewer than blocks (paragraphs of
    one line look like blocks too).
    """
    firsts: Counter[int] = Counter()
    blocks: Counter[int] = Counter()
    for page in pages:
        for line, following in pairwise(page.lines):
            tolerance = max(3.0, _INDENT * line.height)
            if line.x0 <= left + tolerance:
                continue
            if abs(following.x0 - left) <= tolerance:
                firsts[round(line.x0)] += 1
            elif abs(following.x0 - line.x0) <= tolerance:
                blocks[round(line.x0)] += 1
    if not firsts:
        return None
    x, count = firsts.most_common(1)[0]
    nearby = sum(blocks[x + step] for step in range(-3, 4))
    return float(x) if count >= _INDENT_EVIDENCE and count * 4 >= nearby else None


def _usual_spacing(steps: list[float]) -> float:
    """The line spacing: the smallest of the usual steps between baselines.

    Steps within a tenth of each other are one kind; the smallest kind
    that makes up :data:`_SPACING_SHARE` of the steps wins, so that blank
    lines between many one-line paragraphs do not pass for the spacing
    (a double-spaced text has only the one kind).
    """
    ordered = sorted(steps)
    kinds = [[ordered[0]]]
    for step in ordered[1:]:
        if step > 1.1 * kinds[-1][-1]:
            kinds.append([])
        kinds[-1].append(step)
    for kind in kinds:
        if len(kind) >= _SPACING_SHARE * len(ordered):
            return statistics.median(kind)
    return statistics.median(ordered)


def _usual_left(lines: list[Line]) -> float:
    """The left edge of the text: the leftmost x where many lines start."""
    starts = Counter(round(line.x0) for line in lines)
    most = starts.most_common(1)[0][1]
    return float(min(x for x, count in starts.items() if count >= 0.2 * most))


def _starts_paragraph(
    previous: Line, line: Line, same_page: bool, paragraph: _Paragraph, layout: _Layout
) -> bool:
    """Whether ``line`` starts a new paragraph after ``previous`` (see the module doc)."""
    if _label_end(line) is not None:
        return True
    if same_page:
        if line.baseline - previous.baseline > _GAP * layout.spacing:
            return True
        ratio = line.height / max(previous.height, 0.1)
        if ratio > _SIZE_STEP or ratio < 1 / _SIZE_STEP:
            return True
    if _ended_early(previous, line, layout):
        return True
    indent = max(3.0, _INDENT * line.height)
    if paragraph.hang is not None and abs(line.x0 - paragraph.hang) <= indent:
        return False
    if not same_page:
        return line.x0 > layout.left + indent
    if line.x0 > previous.x0 + indent:
        return True
    if (
        layout.indent is not None
        and paragraph.lines == 1
        and abs(line.x0 - layout.indent) <= indent
        and abs(previous.x0 - layout.indent) <= indent
    ):
        return True  # two first lines in a row: the one before was a paragraph of one line
    return line.x0 < previous.x0 - indent and paragraph.lines > 1


def _ended_early(previous: Line, line: Line, layout: _Layout) -> bool:
    """Whether the first word of ``line`` would have fitted at the end of ``previous``."""
    last = previous.words[-1].text
    if last[-1] in _HYPHENS:
        return False
    first = line.words[0]
    space = 0.25 * first.height
    slack = _SLACK * max(layout.right - layout.left, 0.0)
    return previous.x1 + space + (first.x1 - first.x0) < layout.right - slack


def _label_end(line: Line) -> int | None:
    """Where a speaker label at the start of ``line`` ends in its text, or None."""
    text = line.text
    if text[0] == "[":
        match = _BRACKET_LABEL.match(text)
        accepted = match is not None and speaker_label(match.group("label"), form="bracket")
    else:
        match = _PLAIN_LABEL.match(text)
        accepted = match is not None and speaker_label(match.group("label"), form="plain")
    return match.end() if match is not None and accepted else None


def _hang(line: Line) -> float | None:
    """Where the text after a label or list marker starts on a paragraph's first line."""
    end = _label_end(line)
    if end is None:
        if len(line.words) > 1 and _LIST_MARKER.fullmatch(line.words[0].text):
            return line.words[1].x0
        return None
    position = 0
    for word in line.words:
        if position > end:
            return word.x0
        position += len(word.text) + 1
    return None


def _normal(word: str) -> str:
    """A word as counted for hyphenation: case folded, edge punctuation stripped."""
    return word.strip(_EDGE_PUNCTUATION).casefold()


def _word_counts(pages: Sequence[PageLines]) -> Counter[str]:
    """How often each word occurs, not counting hyphenated halves at line ends."""
    counts: Counter[str] = Counter()
    for page in pages:
        for line in page.lines:
            words = line.words
            if words[-1].text[-1] in _HYPHENS:
                words = words[:-1]
            counts.update(_normal(word.text) for word in words)
    return counts


def _join_words(last: str, line: Line, counts: Counter[str]) -> tuple[str, str]:
    """How a line ending in ``last`` joins ``line``: ``last`` as kept, and the separator."""
    if len(last) < 2 or last[-1] not in _HYPHENS or not last[-2].isalnum():
        return last, " "
    stem, following = last[:-1], line.words[0].text
    if not following[0].islower() or not stem[-1].isalpha():
        return last, ""
    joined = counts[_normal(stem + following)]
    hyphenated = counts[_normal(stem + "-" + following)]
    if joined and joined >= hyphenated:
        return stem, ""
    if hyphenated or any(character in _HYPHENS for character in stem):
        return last, ""
    if counts[_normal(stem)] and counts[_normal(following)]:
        return last, ""
    return stem, ""


__all__ = ["PagedText", "join_pages"]
