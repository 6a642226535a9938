"""The words of a PDF page with their positions, read with PDFium.

PDFium (through pypdfium2, which pdfplumber depends on) gives each page's
characters in content order, with the spaces and line breaks it infers
from the gaps between them; a word here is a run of characters between
those white spaces. Each word gets its box from the first and last
character's font box (so every word of a line in one font has the same top
and bottom) and its baseline from the first character's origin.

Coordinates are points (1/72 inch) in the page's user space with ``y``
negated, so ``y`` grows down the page like reading order; only differences
between positions are meaningful.

What PDFium reports specially is undone here: a hyphen it recognised at a
line end (``U+FFFE``, or ``U+0002``) joins the two halves into one run,
which is split again into ``"partici-"`` and ``"pation"`` (the lines are
joined back, or not, by :mod:`qualframe.formats.pdf_paragraphs`); a run
of characters from several lines (PDFium joins a column of margin numbers
into "12") is split where the characters change line. Soft hyphens and
control characters are dropped, ligatures such as ``ﬁ`` become their
letters, and each word is NFC. Words written at another angle than most
of the page (diagonal watermarks, vertical margin notes) are left out.
PDFium is not thread-safe: callers hold :data:`PDFIUM_LOCK` while using it.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable

#: Held around every use of PDFium (one document at a time per process).
PDFIUM_LOCK = threading.Lock()

#: A word: a run of characters, ending at PDFium's line-end hyphen marker if any.
_TOKEN = re.compile("[^\\s\ufffe\x02]+[\ufffe\x02]?|[\ufffe\x02]")
_HYPHEN_MARKERS = "\ufffe\x02"
#: Soft hyphens, zero-width characters and controls: nothing a reader sees.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff\ufffe\uffff]")
#: The Latin ligatures fonts put in place of letter pairs (U+FB00..U+FB06).
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
#: Radians within which a word counts as written at the page's usual angle.
_ANGLE_TOLERANCE = 0.05


class Word(NamedTuple):
    """One word on a page and its box, in points (``x`` rightwards, ``y`` downwards).

    A named tuple rather than a frozen dataclass: a 100-page transcript has
    some 50,000 words, and building them is the reader's hottest loop.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float

    @property
    def height(self) -> float:
        """The height of the word's font box, in points."""
        return self.bottom - self.top


def page_words(textpage: Any) -> list[Word]:
    """The words of a pypdfium2 ``PdfTextPage``, in PDFium's character order.

    Call with :data:`PDFIUM_LOCK` held. Raises pypdfium2's ``PdfiumError``
    when the page's text cannot be read.
    """
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range()
    char_index = _char_indexer(textpage, text, count)
    chars = _Chars(textpage)
    found: list[tuple[float, Word]] = []
    for match in _TOKEN.finditer(text):
        first, last = char_index(match.start()), char_index(match.end() - 1)
        start = chars.box(first)
        end = start if last == first else chars.box(last)
        if start is None or end is None:
            continue
        if end is start or _one_run(start, end):
            found.append(chars.word(match.group(), first, start, end))
        else:  # PDFium ran characters of several lines together ("1" over "2" as "12")
            boxes = [
                (position, chars.box(char_index(position))) for position in range(*match.span())
            ]
            for span in _runs(boxes):
                token = text[span[0][0] : span[-1][0] + 1]
                found.append(chars.word(token, char_index(span[0][0]), span[0][1], span[-1][1]))
    return _at_usual_angle([(angle, word) for angle, word in found if word.text])


Box = tuple[float, float, float, float]


class _Chars:
    """PDFium's character boxes, origins and angles on one text page (ctypes bound once:
    they run for every word of the document)."""

    def __init__(self, textpage: Any) -> None:
        import ctypes

        import pypdfium2.raw as pdfium_c

        self._page = textpage
        self._rect = pdfium_c.FS_RECTF()
        self._rect_ref = ctypes.byref(self._rect)
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._x_ref, self._y_ref = ctypes.byref(self._x), ctypes.byref(self._y)
        self._loose_box = pdfium_c.FPDFText_GetLooseCharBox
        self._origin = pdfium_c.FPDFText_GetCharOrigin
        self._angle = pdfium_c.FPDFText_GetCharAngle

    def box(self, index: int) -> Box | None:
        """``(left, top, right, bottom)`` of character ``index``, ``y`` downwards; None if
        PDFium has none."""
        if index < 0 or not self._loose_box(self._page, index, self._rect_ref):
            return None
        rect = self._rect
        return rect.left, -rect.top, rect.right, -rect.bottom

    def word(self, token: str, first: int, start: Box, end: Box) -> tuple[float, Word]:
        """The angle and :class:`Word` of ``token``, whose first character is ``first``."""
        self._origin(self._page, first, self._x_ref, self._y_ref)
        cleaned = token if token.isascii() and token.isprintable() else _clean(token)
        x1 = max(end[2], start[0])
        word = Word(cleaned, start[0], x1, start[1], start[3], -self._y.value)
        return self._angle(self._page, first), word


def _one_run(start: Box, end: Box) -> bool:
    """Whether a word's first and last characters sit on one line, left to right."""
    height = max(start[3] - start[1], 1.0)
    return abs(end[3] - start[3]) <= 0.5 * height and end[0] > start[0] - 0.5


def _runs(boxes: list[tuple[int, Box | None]]) -> list[list[tuple[int, Box]]]:
    """Characters split where the next one is on another line or back to the left."""
    runs: list[list[tuple[int, Box]]] = []
    for position, box in boxes:
        if box is None:
            continue
        if runs and _one_run(runs[-1][-1][1], box):
            runs[-1].append((position, box))
        else:
            runs.append([(position, box)])
    return runs


def _clean(token: str) -> str:
    """A token's visible text: a line-end hyphen marker becomes ``-``, typographic
    ligatures their letters (so "ﬁnd" is found by a search for "find"), NFC."""
    hyphen = token[-1] in _HYPHEN_MARKERS
    text = _INVISIBLE.sub("", token).translate(_LIGATURES)
    if hyphen:
        text += "-"
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text


def _char_indexer(textpage: Any, text: str, count: int) -> Callable[[int], int]:
    """Map an index into ``text`` (code points) to PDFium's character index.

    PDFium counts UTF-16 units and may leave characters out of the text it
    returns; when the lengths agree the indexes are the same.
    """
    if len(text) == count:
        return lambda index: index
    import pypdfium2.raw as pdfium_c

    units = [0] * (len(text) + 1)
    for position, character in enumerate(text):
        units[position + 1] = units[position] + (2 if ord(character) > 0xFFFF else 1)
    return lambda index: int(pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, units[index]))


def _at_usual_angle(found: list[tuple[float, Word]]) -> list[Word]:
    """The words written at the page's most common angle (watermarks left out)."""
    if not found:
        return []
    usual = Counter(round(angle, 2) for angle, _ in found).most_common(1)[0][0]
    return [word for angle, word in found if _angle_between(angle, usual) <= _ANGLE_TOLERANCE]


def _angle_between(first: float, second: float) -> float:
    """The difference of two angles in radians, 0..pi (0 and 2 pi are the same angle)."""
    difference = abs(first - second) % math.tau
    return min(difference, math.tau - difference)


__all__ = ["PDFIUM_LOCK", "Word", "page_words"]
