"""Quotable text: a coded passage as it is quoted, without the transcript's
speaker label or timestamp in front (the speaker is shown beside a quote);
and a quote's passage, a sub-span of its coding kept inside the coding's span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A bracketed timestamp opening a passage: ``[00:01:23]``, ``(0:05)``, ``[12:05.3]``.
_LEADING_TIME = re.compile(r"[\[(]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])][ \t]*")
#: How a label is written in front of the words: opening mark, closing marks.
_LABEL_FORMS = (
    ("", (":",)),
    ("**", ("**:", ":**")),
    ("__", ("__:", ":__")),
    ("[", ("]:", "]")),
)


def quotable(text: str, speaker: str | None) -> str:
    """``text`` (a coded passage) without the ``speaker``'s label at its start
    (``Name:``, ``**Name**:``, ``**Name:**``, ``[Name]``) or a bracketed
    timestamp after it (``[00:01:23]``), and without the white space that
    followed them. Only a complete label counts: "Really good" keeps its "R"
    when the speaker is "R". Text not opening with them is returned as is; a
    passage that is only a label is kept whole (there is nothing else to quote)."""
    start = 0 if speaker is None else _label_end(text, speaker)
    timed = _LEADING_TIME.match(text, start)
    if timed is not None:
        start = timed.end()
    rest = text[start:]
    return rest if rest.strip() else text


def _label_end(text: str, label: str) -> int:
    """Where the words start after ``label`` written in one of the label forms at
    the start of ``text`` (white space skipped), or 0 when it does not open so."""
    for opening, closings in _LABEL_FORMS:
        head = opening + label
        if not text.startswith(head):
            continue
        for closing in closings:
            if text.startswith(closing, len(head)):
                position = len(head) + len(closing)
                while position < len(text) and text[position].isspace():
                    position += 1
                return position
    return 0


@dataclass(frozen=True, slots=True)
class CodedSpan:
    """A coding's span ``[start, end)`` (code points of its document) and its
    text (``text[i]`` is the document's ``start + i``), named for messages."""

    coding_id: int
    start: int
    end: int
    text: str

    def piece(self, start: int, end: int) -> str:
        """The text of ``[start, end)``, inside the span."""
        return self.text[start - self.start : end - self.start]


def trimmed_span(coding: CodedSpan, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` (inside the coding) without white space at either end;
    None when nothing else is left. Pure."""
    piece = coding.piece(start, end)
    words = piece.strip()
    if not words:
        return None
    first = start + (len(piece) - len(piece.lstrip()))
    return first, first + len(words)


def whole_or_span(coding: CodedSpan, span: tuple[int, int]) -> tuple[int, int] | None:
    """A trimmed passage ``span`` as stored: None when it is the whole coding
    (white space around the coding's words left aside). Pure."""
    return None if span == trimmed_span(coding, coding.start, coding.end) else span


def clamped_passage(
    coding: CodedSpan, start: int | None, end: int | None
) -> tuple[int, int] | None:
    """A quoted passage ``[start, end)`` kept inside ``coding`` after the
    coding's span changed: the part still inside it, trimmed of white space;
    None (the whole coding) when nothing of it is left, when it covers the
    whole coding, or when there was no passage. Pure."""
    if start is None or end is None:
        return None
    inside = max(start, coding.start), min(end, coding.end)
    if inside[0] >= inside[1]:
        return None
    span = trimmed_span(coding, *inside)
    return None if span is None else whole_or_span(coding, span)
