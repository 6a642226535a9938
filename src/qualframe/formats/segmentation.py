"""Splitting text into paragraphs and sentences, as spans.

Used for auto-coding by keyword over sentences or paragraphs. Spans are
Unicode code points into the text given (the stored NFC text), end
exclusive, and trimmed: they never start or end with white space.

Paragraphs are blocks of lines separated by one or more blank lines (lines
holding only white space).

Sentences are found within each paragraph: a sentence ends after ``.``,
``!`` or ``?`` (possibly repeated, and possibly followed by closing quotes
or brackets) when white space and then an upper-case letter, a digit or an
opening quote follow. A full stop does not end a sentence after a title or
a Latin abbreviation (Mr. Mrs. Ms. Dr. Prof. St. e.g. i.e. cf. vs. et al.),
after a single capital initial ("J. Smith") or after a dotted abbreviation
("U.K."), except "a.m."/"p.m.". "etc." is treated as an ordinary word: it
ends a sentence when a capital follows, as it usually closes one. A line
break alone does not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    """The white-space separated words of ``text``, as a set."""
    return frozenset(text.split())


_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
# Closing quotes and brackets may follow the punctuation; opening quotes may
# start the next sentence (curly quotes and guillemets written as escapes).
_SENTENCE_END = re.compile(r"(?<![.!?])[.!?]+[\"'\u201d\u2019\u00bb)\]]*(\s+)(?=\S)")
_OPENING_QUOTES = frozenset("\"'\u201c\u2018\u00ab")
_ABBREVIATIONS = _words(
    """mr mrs ms mx dr prof rev hon st sr jr mt e.g i.e cf vs viz al fig approx ca"""
)
_SENTENCE_FINAL_DOTTED = frozenset({"a.m", "p.m"})
_LEADING_PUNCTUATION = "\"'\u201c\u2018\u00ab([{"


@dataclass(frozen=True)
class TextSpan:
    """A span of text: ``start``/``end`` are code-point offsets, end exclusive."""

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

    Offsets are code points into ``text``; never raises.
    """
    spans: list[TextSpan] = []
    for paragraph in paragraph_spans(text):
        start = paragraph.start
        block = text[paragraph.start : paragraph.end]
        for match in _SENTENCE_END.finditer(block):
            if _ends_sentence(block, match):
                _append_trimmed(spans, text, start, paragraph.start + match.start(1))
                start = paragraph.start + match.end(1)
        _append_trimmed(spans, text, start, paragraph.end)
    return spans


def _append_trimmed(spans: list[TextSpan], text: str, start: int, end: int) -> None:
    """Append ``[start, end)`` without its leading/trailing white space, if any text is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(TextSpan(start, end))


def _ends_sentence(block: str, match: re.Match[str]) -> bool:
    """Whether the punctuation matched in ``block`` closes a sentence."""
    following = block[match.end(1)]
    if not (following.isupper() or following.isdigit() or following in _OPENING_QUOTES):
        return False
    if block[match.start()] != "." or block[match.start() : match.start() + 2] == "..":
        return True
    word_start = match.start()
    while word_start > 0 and not block[word_start - 1].isspace():
        word_start -= 1
    word = block[word_start : match.start()].lstrip(_LEADING_PUNCTUATION)
    return not _is_abbreviation(word)


def _is_abbreviation(word: str) -> bool:
    """True when ``word`` followed by a full stop is an abbreviation, not a sentence end."""
    lowered = word.casefold()
    if lowered in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True
    return "." in word and lowered not in _SENTENCE_FINAL_DOTTED
