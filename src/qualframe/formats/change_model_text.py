"""Measuring and wrapping the text of a change model's diagram, and the
words for its evidence counts.

Widths are DejaVu Sans's advance widths (the font the PNG is drawn in and
the SVG names first), so wrapped labels fit their boxes in both; characters
outside ASCII are estimated (accented letters as their base letter, wide
East Asian characters one em, combining marks nothing). Pure functions.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "DARK_TEXT",
    "LIGHT_TEXT",
    "clean_text",
    "evidence_state",
    "evidence_words",
    "safe_colour",
    "text_colour_on",
    "text_width",
    "wrap_text",
]

DARK_TEXT = "#1A1A1A"
LIGHT_TEXT = "#FFFFFF"
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")

#: Lines a wrapped label takes at most (the last one ends in "…" when cut).
MAX_LABEL_LINES = 6

# Advance widths of DejaVu Sans, 1/1000 em, for the printable ASCII characters.
_ASCII_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip
_BOLD_FACTOR = 1.09
# Characters XML 1.0 forbids (and lone surrogates, noncharacters): never written.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (control characters
    other than tab and newline, half surrogate pairs)."""
    return _INVALID_XML.sub("", text)


def _char_width(char: str) -> float:
    code = ord(char)
    if 32 <= code < 127:
        return _ASCII_WIDTHS[code - 32] / 1000
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    base = unicodedata.normalize("NFKD", char)[:1]
    if base and 32 <= ord(base) < 127:
        return _ASCII_WIDTHS[ord(base) - 32] / 1000
    return 0.65


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width in px of one line of ``text`` at ``size`` px in DejaVu Sans
    (measured advance widths; other characters estimated)."""
    width = sum(_char_width(char) for char in text) * size
    return width * _BOLD_FACTOR if bold else width


def wrap_text(
    text: str,
    size: float,
    width: float,
    max_lines: int = MAX_LABEL_LINES,
    *,
    bold: bool = False,
) -> tuple[str, ...]:
    """``text`` wrapped into lines at most ``width`` px wide at ``size`` px:
    line breaks kept, words kept whole unless longer than a line, at most
    ``max_lines`` lines (the last one ending in "…" when text was cut);
    ``bold``: measured in the bold face."""
    lines: list[str] = []
    for paragraph in clean_text(text).replace("\t", " ").split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, bold=bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:  # a word too long for a line is cut where it must be
                if line and text_width(line + char, size, bold=bold) > width:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…", size, bold=bold) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return tuple(lines) or ("",)


def evidence_state(supports: int, contradicts: int) -> str:
    """ "supported", "mixed", "contradicted" or "no evidence"."""
    if supports and contradicts:
        return "mixed"
    if contradicts:
        return "contradicted"
    return "supported" if supports else "no evidence"


def evidence_words(supports: int, contradicts: int) -> str:
    """Counts as a short label: "3 for · 1 against", "2 for", "no evidence"."""
    parts = [f"{supports} for"] if supports else []
    if contradicts:
        parts.append(f"{contradicts} against")
    return " · ".join(parts) or "no evidence"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def text_colour_on(fill: str) -> str:
    """:data:`LIGHT_TEXT` or :data:`DARK_TEXT`, whichever contrasts more with ``fill``."""
    lum = _luminance(safe_colour(fill))
    white = 1.05 / (lum + 0.05)
    dark = (lum + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    return LIGHT_TEXT if white >= dark else DARK_TEXT


def safe_colour(value: str) -> str:
    """``value`` as ``#RRGGBB`` (upper case), or a dark grey when it is not one
    (nothing else reaches an attribute or a style)."""
    return value.upper() if _COLOUR.fullmatch(value) else "#5F5F5F"
