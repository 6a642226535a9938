"""Splitting text into paragraphs and sentences, as spans.

Used for auto-coding by keyword over sentences or paragraphs. Spans are
Unicode code points into the text given (the stored NFC text), end
exclusive, and trimmed: they never start or end with white space.

Paragraphs are blocks of lines separated by one or more blank lines (lines
holding only white space).

Sentences are found within each paragraph by pysbd, a rule-based splitter
kept as a library (its English rules: titles and abbreviations such as
"Dr.", "e.g.", "U.K.", "a.m." do not end a sentence; numbers, quotes and
brackets are handled). A line break alone does not end a sentence: line
breaks inside a paragraph are read as spaces. Every sentence qualframe
uses comes from here: extending a coding to its sentence, auto-coding and
coding search hits by sentence, and the document view's "select the
sentence" key (the page asks the server), so they always agree.

Words (:func:`word_count`) are runs of characters other than ASCII white space.

Search segments (:func:`text_segments`) are what the full-text index covers:
paragraphs cut where a speaker turn starts or ends, consecutive paragraphs
of one turn joined and long blocks split, so a hit names one speaker and
stays a readable quote.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
#: Longest text pysbd is given at once, in code points (see :func:`sentences_around`).
SPLIT_WINDOW_CHARS = 2000
#: A likely sentence end, where a long paragraph may be cut into windows.
_LIKELY_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])")
#: Longest text segment in code points: longer paragraphs are split at line ends
#: (or spaces), so a hit's "paragraph" stays a readable quote.
MAX_SEGMENT_CHARS = 4000
#: Longest span of one turn's consecutive paragraphs joined into one segment.
MERGED_SEGMENT_CHARS = 2000


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A span of text: ``start``/``end`` are code-point offsets, end exclusive.

    Slotted: a transcript's reading makes hundreds of thousands of them, and
    a slotted one is made in half the time."""

    start: int
    end: int


def paragraph_spans(text: str) -> list[TextSpan]:
    """Blocks of ``text`` separated by blank lines, trimmed, in order.

    Offsets are code points into ``text``; never raises.
    """
    spans: list[TextSpan] = []
    block_start = 0
    for separator in _BLANK_LINES.finditer(text):
        _append_trimmed(spans, text, block_start, separator.start())
        block_start = separator.end()
    _append_trimmed(spans, text, block_start, len(text))
    return spans


def sentence_spans(text: str) -> list[TextSpan]:
    """Sentences of ``text``, trimmed, in order; a sentence never crosses a paragraph.

    Offsets are code points into ``text``; never raises. Costs about a
    millisecond per paragraph: split only the paragraphs you need
    (:func:`paragraph_sentences`) in long texts.
    """
    spans: list[TextSpan] = []
    for paragraph in paragraph_spans(text):
        spans += paragraph_sentences(text, paragraph)
    return spans


def paragraph_sentences(text: str, paragraph: TextSpan) -> list[TextSpan]:
    """The sentences of the ``paragraph`` of ``text`` (a span from
    :func:`paragraph_spans`, or part of one), trimmed, as code-point spans into
    ``text``. Time grows with the paragraph's length, not its square: a long
    one is split window by window (see :func:`sentences_around`)."""
    return sentences_around(text, paragraph, paragraph.start, paragraph.end)


def sentences_around(text: str, paragraph: TextSpan, start: int, end: int) -> list[TextSpan]:
    """The sentences of the ``paragraph`` of ``text`` in the windows that touch
    ``[start, end)``: the sentences around a position or a span, without
    splitting the rest of a long paragraph.

    pysbd's time grows with the square of what it is given, so a paragraph
    longer than :data:`SPLIT_WINDOW_CHARS` is first cut into windows at a
    likely sentence end (punctuation, space, a capital or a digit) in the
    second half of each window, else at a space; each window is split alone.
    """
    spans: list[TextSpan] = []
    for window_start, window_end in _windows(text, paragraph.start, paragraph.end):
        if window_end >= start and window_start <= end:
            spans += _window_sentences(text, window_start, window_end)
    return spans


def sentence_regions(
    text: str, turns: Sequence[tuple[int, int]], start: int, end: int
) -> list[TextSpan]:
    """The paragraphs of ``text`` touching ``[start, end)``, each cut where a
    speaker turn (``turns``: ``(start, end)`` in order) starts or ends, so a
    sentence never runs from one speaker into the next."""
    regions: list[TextSpan] = []
    for paragraph in paragraph_spans(text):
        if paragraph.end < start or paragraph.start > end:
            continue
        cuts = sorted(
            {paragraph.start, paragraph.end}
            | {edge for turn in turns for edge in turn if paragraph.start < edge < paragraph.end}
        )
        for left, right in itertools.pairwise(cuts):
            if right >= start and left <= end:
                regions.append(TextSpan(left, right))
    return regions


def _windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``[start, end)`` cut into pieces of at most :data:`SPLIT_WINDOW_CHARS`."""
    while end - start > SPLIT_WINDOW_CHARS:
        limit = start + SPLIT_WINDOW_CHARS
        cut = -1
        for match in _LIKELY_END.finditer(text, start + SPLIT_WINDOW_CHARS // 2, limit):
            cut = match.end()
        if cut <= start:
            cut = text.rfind(" ", start + 1, limit) + 1 or limit
        yield start, cut
        start = cut
    yield start, end


def _window_sentences(text: str, start: int, end: int) -> list[TextSpan]:
    """pysbd's sentences of ``text[start:end]``, trimmed, as spans into ``text``."""
    # Same length, so offsets hold: a line break inside a paragraph is a space.
    block = text[start:end].replace("\n", " ")
    spans: list[TextSpan] = []
    position = 0
    for piece in _sentence_splitter().segment(block):
        found = block.find(piece, position) if piece else -1
        if found < 0:  # not a piece of the text as given: keep the rest whole
            break
        _append_trimmed(spans, text, start + found, start + found + len(piece))
        position = found + len(piece)
    _append_trimmed(spans, text, start + position, end)
    return spans


@functools.cache
def _sentence_splitter() -> Any:
    """pysbd's English splitter, keeping the text as given (made on first use:
    importing pysbd takes a tenth of a second)."""
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _append_trimmed(spans: list[TextSpan], text: str, start: int, end: int) -> None:
    """Append ``[start, end)`` without its leading/trailing white space, if any text is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(TextSpan(start, end))


# ---------------------------------------------------------------- search segments


def text_segments(
    text: str, paragraphs: Sequence[TextSpan], turns: Sequence[tuple[int, int]]
) -> list[tuple[int, int, int | None]]:
    """The search segments of ``text``: each paragraph cut where a speaker turn
    starts or ends, trimmed of white space, long ones split.

    ``turns`` are ``(start, end)`` in text order, not overlapping. Returns
    ``(start, end, index of the turn holding the segment or None)`` in text
    order; offsets are code points.
    """
    # One pass (a corpus has hundreds of thousands of pieces): each piece is
    # trimmed, split if long (_add_segment), and joined to the segment before
    # when both lie in one speaker turn, up to MERGED_SEGMENT_CHARS: fewer,
    # turn-sized segments make the full-text index markedly cheaper to build
    # (FTS5 pays per row) while a hit still names one speaker; the paragraph of
    # a hit is found again inside its segment when coding hits.
    merged: list[tuple[int, int, int | None]] = []
    for start, end, turn in pieces_within_turns(paragraphs, turns):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        if end - start > MAX_SEGMENT_CHARS:
            long: list[tuple[int, int, int | None]] = []
            _add_segment(long, text, start, end, turn)
            for piece in long:
                _join(merged, piece)
        elif merged and turn is not None and merged[-1][2] == turn:
            _join(merged, (start, end, turn))
        else:
            merged.append((start, end, turn))
    return merged


def _join(merged: list[tuple[int, int, int | None]], piece: tuple[int, int, int | None]) -> None:
    """Append ``piece`` to ``merged``, or extend the last segment over it when
    both lie in one speaker turn and the whole stays within
    :data:`MERGED_SEGMENT_CHARS`."""
    _, end, turn = piece
    if merged and turn is not None:
        first, _, previous_turn = merged[-1]
        if turn == previous_turn and end - first <= MERGED_SEGMENT_CHARS:
            merged[-1] = (first, end, turn)
            return
    merged.append(piece)


def pieces_within_turns(
    paragraphs: Sequence[TextSpan], turns: Sequence[tuple[int, int]]
) -> Iterator[tuple[int, int, int | None]]:
    """The paragraphs cut wherever a speaker turn starts or ends.

    ``turns`` are ``(start, end)`` in text order, not overlapping. Yields
    ``(start, end, index of the turn holding the piece or None)`` in text
    order, untrimmed; offsets are code points.
    """
    index, count = 0, len(turns)
    for paragraph in paragraphs:
        position, end = paragraph.start, paragraph.end
        while position < end:
            while index < count and turns[index][1] <= position:
                index += 1
            turn: int | None = None
            if index < count and turns[index][0] <= position:
                cut, turn = min(end, turns[index][1]), index
            else:
                cut = min(end, turns[index][0]) if index < count else end
            yield position, cut, turn
            position = cut


def _add_segment(
    result: list[tuple[int, int, int | None]], text: str, start: int, end: int, turn: int | None
) -> None:
    """Append ``[start, end)`` trimmed, in pieces of at most :data:`MAX_SEGMENT_CHARS`."""
    while True:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start <= MAX_SEGMENT_CHARS:
            break
        # Cut a long block at its last line end (else space) in the second half of a piece.
        low, high = start + MAX_SEGMENT_CHARS // 2, start + MAX_SEGMENT_CHARS
        cut = text.rfind("\n", low, high)
        if cut < 0:
            cut = text.rfind(" ", low, high)
        if cut < 0:
            cut = high
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        result.append((start, piece_end, turn))
        start = cut
    if start < end:
        result.append((start, end, turn))


#: Each byte mapped to 0 (ASCII white space, as ``bytes.split`` takes it) or 1.
_WORD_BYTES = bytes(0 if byte in b" \t\n\r\x0b\x0c" else 1 for byte in range(256))


def word_count(encoded: bytes) -> int:
    """The number of words in UTF-8 ``encoded`` text: ``len(encoded.split())``
    without building a list (a third of a second per 50 million characters
    less), counted as the starts of runs of non-space bytes."""
    marks = encoded.translate(_WORD_BYTES)
    return marks.count(b"\x00\x01") + (1 if marks[:1] == b"\x01" else 0)
