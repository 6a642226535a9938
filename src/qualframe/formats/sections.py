"""Finding section headings in plain, Markdown and reStructuredText documents.

Three kinds of heading are recognised, each at the start of a line:

* Markdown ATX headings: ``# Title`` to ``###### Title``; the level is the
  number of ``#``.
* reStructuredText titles: a title line underlined (and optionally also
  overlined) by a line of one repeated punctuation character (``= - ^ ~ *
  + # " ' ` _``) at least as long as the title. As in RST, levels follow the
  order in which each adornment style (character, overlined or not) first
  appears: the first style met is level 1, the next new one level 2, and so
  on.
* Interview-question headings: lines such as ``Q1.``, ``Q 2:``,
  ``Question 3:`` or ``**Q4.** How did you...`` (a number is required, so
  ``Q:`` stays a speaker label). They are placed one level below the
  deepest other heading of the document.

A section runs from the start of its heading line (the overline, for an
overlined title) to the start of the next heading of the same or a higher
(smaller-numbered) level, or to the end of the text. All offsets are
Unicode code points into ``text``, end exclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The line patterns below start with a literal "\n" and are matched against
# "\n" + text: a literal first character lets the regex engine skip ahead
# quickly (about ten times faster than a MULTILINE "^" on large texts), and
# the position of that "\n" in the padded text is the line start in text.

#: Markdown ATX heading: up to three spaces, 1-6 ``#``, a space, the title.
_ATX_HEADING = re.compile(r"\n {0,3}(#{1,6})[ \t]+([^\n]*)", re.MULTILINE)
#: A line of at least three identical adornment characters.
_ADORNMENT = re.compile(r"\n([=\-^~*+#\"'`_])\1{2,}[ \t]*$", re.MULTILINE)
#: Interview-question heading: ``Q1.``, ``Q 2:``, ``Question 3)``, optionally in bold.
_QUESTION_HEADING = re.compile(
    r"\n[ \t]{0,3}(?:\*\*|__)?(?:Q|Question)[ \t]?\d{1,3}[a-z]?[.:)](?:\*\*|__)?(?=[ \t]|$)[^\n]*",
    re.MULTILINE | re.IGNORECASE,
)
_ADORNMENT_LINE = re.compile(r"([=\-^~*+#\"'`_])\1{2,}[ \t]*")
_EMPHASIS_MARKS = re.compile(r"\*\*|__")


@dataclass(frozen=True)
class Section:
    """A heading and the text under it.

    ``title`` is the heading text without markup, ``level`` starts at 1
    (the highest), ``start``/``end`` are code-point offsets, end exclusive.
    """

    title: str
    level: int
    start: int
    end: int


@dataclass(frozen=True)
class _Heading:
    title: str
    level: int
    start: int


def detect_sections(text: str) -> list[Section]:
    """Return the sections of ``text`` in document order.

    ``text`` is the stored document text (NFC, ``\\n`` line endings). Never
    raises; a text without headings gives an empty list.
    """
    padded = "\n" + text
    headings = _markdown_headings(padded) + _rst_headings(text, padded)
    deepest = max((h.level for h in headings), default=0)
    taken = {h.start for h in headings}
    headings += [h for h in _question_headings(padded, deepest + 1) if h.start not in taken]
    headings.sort(key=lambda h: h.start)
    return _close_sections(headings, len(text))


def heading_starts(text: str) -> list[int]:
    """Offsets (code points) of the first character of every heading in ``text``, sorted."""
    return [section.start for section in detect_sections(text)]


def _close_sections(headings: list[_Heading], text_end: int) -> list[Section]:
    """Give each heading its end: the next heading of the same or a higher level."""
    ends = [text_end] * len(headings)
    open_indexes: list[int] = []
    for index, heading in enumerate(headings):
        while open_indexes and headings[open_indexes[-1]].level >= heading.level:
            ends[open_indexes.pop()] = heading.start
        open_indexes.append(index)
    return [
        Section(title=h.title, level=h.level, start=h.start, end=end)
        for h, end in zip(headings, ends, strict=True)
    ]


def _markdown_headings(padded: str) -> list[_Heading]:
    headings = []
    for match in _ATX_HEADING.finditer(padded):
        title = _without_closing_hashes(match.group(2).strip())
        if title:
            headings.append(_Heading(title, len(match.group(1)), match.start()))
    return headings


def _without_closing_hashes(title: str) -> str:
    """``title`` without a closing ``#`` sequence (which must follow a space, as in
    CommonMark); done without a regex to stay linear on hostile lines."""
    bare = title.rstrip("#")
    if bare == title or (bare and not bare[-1].isspace()):
        return title
    return bare.strip()


def _line_at(text: str, start: int) -> tuple[int, int]:
    """(start, end) of the line beginning at ``start``; end excludes the ``\\n``."""
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def _is_title_line(line: str) -> bool:
    """A possible RST title: not blank, not indented, not itself an adornment."""
    return bool(line.strip()) and not line[0].isspace() and not _ADORNMENT_LINE.fullmatch(line)


def _rst_headings(text: str, padded: str) -> list[_Heading]:
    """RST titles, levels assigned by order of first appearance of each style."""
    styles: dict[tuple[str, bool], int] = {}
    headings: list[_Heading] = []
    consumed: set[int] = set()
    for match in _ADORNMENT.finditer(padded):
        line_start = match.start()
        if line_start in consumed:
            continue
        adornment = match.group(0)[1:].rstrip()
        found = _underlined_title(text, line_start, adornment)
        if found is None:
            found = _overlined_title(text, line_start, match.end() - 1, adornment)
            if found is None:
                continue
            consumed.add(found[2])
        title, start = found[0], found[1]
        style = (adornment[0], found[2] >= 0)
        level = styles.setdefault(style, len(styles) + 1)
        headings.append(_Heading(title, level, start))
    return headings


def _underlined_title(text: str, at: int, adornment: str) -> tuple[str, int, int] | None:
    """(title, heading start, -1) when the line before ``at`` is a title it underlines."""
    if at == 0:
        return None
    title_start = text.rfind("\n", 0, at - 1) + 1
    line = text[title_start : at - 1]
    if not _is_title_line(line) or len(line.rstrip()) > len(adornment):
        return None
    return line.strip(), title_start, -1


def _overlined_title(
    text: str, at: int, line_end: int, adornment: str
) -> tuple[str, int, int] | None:
    """(title, heading start, underline start) for an overline/title/underline triple."""
    if line_end >= len(text):
        return None
    title_start, title_end = _line_at(text, line_end + 1)
    title = text[title_start:title_end].strip()
    if not title or title_end >= len(text) or len(title) > len(adornment):
        return None
    under_start, under_end = _line_at(text, title_end + 1)
    if text[under_start:under_end].rstrip() != adornment:
        return None
    return title, at, under_start


def _question_headings(padded: str, level: int) -> list[_Heading]:
    headings = []
    for match in _QUESTION_HEADING.finditer(padded):
        title = _EMPHASIS_MARKS.sub("", match.group(0)).strip()
        headings.append(_Heading(title, level, match.start()))
    return headings
