"""The units agreement is measured on, and the passages coders disagree on.

Pure functions on texts and spans (code points, end exclusive); no session.

- **Units** (:func:`document_units`): a document's speaker turns, its
  paragraphs (:func:`~qualframe.formats.segmentation.paragraph_spans`) or its
  sentences (the sentences every feature uses: each paragraph cut where a
  speaker turn starts or ends, split by
  :func:`~qualframe.formats.segmentation.paragraph_sentences`). A document
  without speaker turns is measured on its paragraphs when the unit is
  turns; in one with turns, the text outside every turn (a header note)
  makes units of its own, its paragraphs (:func:`outside_turns`). A coding
  applies its code to every unit it overlaps by at least one character
  (:func:`units_overlapping`).
- **Clusters** (:func:`clusters`): overlapping spans joined, the passages of
  disagreements on the text itself.
- **Context** (:func:`context`): the words around a passage.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from qualframe.formats.segmentation import paragraph_sentences, paragraph_spans, sentence_regions
from qualframe.vocabulary import AgreementUnit

#: A span of a text: ``(start, end)``, code points, end exclusive.
Interval = tuple[int, int]
#: How many characters of context a disagreement shows on each side (about).
CONTEXT_CHARS = 200


def document_units(
    unit: AgreementUnit, text: str, turns: Sequence[Interval]
) -> tuple[list[Interval], bool]:
    """The units of ``text`` in text order, not overlapping, and whether the
    document fell back to paragraphs (unit "turn" and no speaker ``turns``).

    ``turns`` are the document's speaker turns in text order. Never called
    with the unit "span" (the text itself has no units). Pure."""
    if unit is AgreementUnit.TURN:
        if turns:
            return sorted([*turns, *outside_turns(text, turns)]), False
        return _paragraphs(text), True
    if unit is AgreementUnit.PARAGRAPH:
        return _paragraphs(text), False
    sentences = {
        (sentence.start, sentence.end)
        for region in sentence_regions(text, turns, 0, len(text))
        for sentence in paragraph_sentences(text, region)
    }
    return sorted(sentences), False


def outside_turns(text: str, turns: Sequence[Interval]) -> list[Interval]:
    """The paragraphs of the text outside every speaker turn (a header note,
    text between turns), each cut to the stretch between turns and trimmed:
    units of their own when the unit is "turn", so no coding goes uncounted.
    Empty without ``turns`` (the whole text is paragraphs then). Pure."""
    if not turns:
        return []
    gaps: list[Interval] = []
    previous = 0
    for start, end in sorted(turns):
        if start > previous:
            gaps.append((previous, start))
        previous = max(previous, end)
    if previous < len(text):
        gaps.append((previous, len(text)))
    found: list[Interval] = []
    for paragraph_start, paragraph_end in _paragraphs(text):
        for gap_start, gap_end in gaps:
            start, end = max(paragraph_start, gap_start), min(paragraph_end, gap_end)
            piece = text[start:end] if start < end else ""
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                found.append((start + lead, start + len(piece.rstrip())))
    return found


def _paragraphs(text: str) -> list[Interval]:
    return [(span.start, span.end) for span in paragraph_spans(text)]


class UnitIndex:
    """A document's units (in text order, not overlapping), finding those a span overlaps."""

    def __init__(self, units: Sequence[Interval]) -> None:
        self.units = list(units)
        self._starts = [start for start, _ in self.units]
        self._ends = [end for _, end in self.units]

    def __len__(self) -> int:
        return len(self.units)

    def overlapping(self, start: int, end: int) -> range:
        """The indices of the units ``[start, end)`` overlaps by at least one character."""
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._starts, end)
        return range(first, max(first, last))


def units_overlapping(index: UnitIndex, spans: Iterable[Interval]) -> set[int]:
    """The indices of the units any of ``spans`` overlaps (the units the spans
    apply their code to)."""
    found: set[int] = set()
    for start, end in spans:
        found.update(index.overlapping(start, end))
    return found


def clusters(spans: Iterable[Interval]) -> list[Interval]:
    """``spans`` joined where they overlap (by at least one character; spans
    that only touch stay apart), in text order."""
    joined: list[Interval] = []
    for start, end in sorted(spans):
        if joined and start < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def overlaps(span: Interval, start: int, end: int) -> bool:
    """Whether ``span`` overlaps ``[start, end)`` by at least one character."""
    return span[0] < end and span[1] > start


def replaced_within(
    spans: Iterable[Interval], start: int, end: int, reading: Iterable[Interval]
) -> list[Interval]:
    """``spans`` with what lies in ``[start, end)`` replaced by ``reading``
    (clipped to it): a coder's spans after a resolved passage took the agreed
    reading. Overlapping results are joined, and so are stretches meeting at
    the passage's edges."""
    kept: list[Interval] = []
    for span_start, span_end in spans:
        if span_start < start:
            kept.append((span_start, min(span_end, start)))
        if span_end > end:
            kept.append((max(span_start, end), span_end))
    for span_start, span_end in reading:
        clipped = (max(span_start, start), min(span_end, end))
        if clipped[0] < clipped[1]:
            kept.append(clipped)
    # A stretch the passage's edge cut in two is one stretch again.
    joined: list[Interval] = []
    for piece in clusters(kept):
        if joined and joined[-1][1] == piece[0] and piece[0] in (start, end):
            joined[-1] = (joined[-1][0], piece[1])
        else:
            joined.append(piece)
    return joined


def context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Up to about ``chars`` characters of ``text`` before ``start`` and after
    ``end``, cut at word boundaries (no half word at the far ends)."""
    before_start = max(0, start - chars)
    before = text[before_start:start]
    if before_start > 0 and not text[before_start - 1].isspace():
        space = next((i for i, c in enumerate(before) if c.isspace()), -1)
        before = before[space + 1 :] if space >= 0 else ""
    after_end = min(len(text), end + chars)
    after = text[end:after_end]
    if after_end < len(text) and not text[after_end].isspace():
        space = max((i for i, c in enumerate(after) if c.isspace()), default=-1)
        after = after[:space] if space >= 0 else ""
    return before, after
