"""Generated PDFs that look like real interview transcripts, for tests and benchmarks.

:func:`transcript` lays out paragraphs the way transcription services and
word processors deliver transcripts: margin line numbers (left or right,
continuous or restarting on each page, blank lines numbered too), a
running header, a footer with the page number, speaker labels in bold
(optionally in a hanging-indent column), hard-wrapped lines, optionally
justified or with every word placed on its own (which is how pypdf came to
put a TAB between words). Paragraphs are wrapped greedily to the text
width; a ``~`` inside a word breaks the line there with a hyphen
(``partici~pation`` ends a line with ``partici-``), as automatic hyphenation
would. Units are millimetres (fpdf2's default).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")

#: A speaker label at the start of a paragraph (set in bold when asked).
_LABEL = re.compile(r"^[A-Z][\w .'-]{0,30}:(?=\s)")

_LEFT = 30.0
_WIDTH = 160.0
_TOP = 35.0
_LINE = 5.6
_NUMBER_GAP = 6.0
_HANG = 40.0


@dataclass(frozen=True)
class Layout:
    """How a transcript is laid out on A4 pages.

    ``header``/``footer`` may hold ``{page}`` and ``{pages}``; None leaves
    them out. ``line_numbers``: ``"left"``, ``"right"`` or None.
    ``page_breaks``: indexes of paragraphs that start on a new page.
    ``hanging_labels`` sets labels in a column of their own, the words
    after them (and their following lines) in a column to the right.
    """

    line_numbers: str | None = "left"
    restart_numbers: bool = False
    number_blank_lines: bool = True
    header: str | None = "Peer Support Study - Interview P4 - Transcript"
    footer: str | None = "Page {page} of {pages}"
    footer_align: str = "C"
    lines_per_page: int = 40
    blank_line_between: bool = True
    first_line_indent: float = 0.0
    hanging_labels: bool = False
    justify: bool = False
    word_by_word: bool = False
    bold_labels: bool = True
    font_size: float = 11.0
    unicode: bool = False
    page_breaks: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class _Line:
    """One text line: its label words (bold), its other words, where it starts."""

    label: tuple[str, ...]
    words: tuple[str, ...]
    indent: float
    first_of_paragraph: bool
    last_of_paragraph: bool

    @property
    def text(self) -> str:
        return " ".join(self.label + self.words)


@dataclass(frozen=True)
class Transcript:
    """A generated PDF and the text lines of each page (what a reader should keep).

    ``page_ends``: indexes of the paragraphs that end a page, the next
    paragraph starting the next one (nothing on the page shows the break).
    """

    pdf: bytes
    pages: tuple[tuple[str, ...], ...]
    page_ends: frozenset[int]


def transcript(
    paragraphs: Sequence[str],
    layout: Layout | None = None,
    *,
    title: str = "Interview P4",
    author: str = "R. Researcher",
) -> Transcript:
    """Lay out ``paragraphs`` as ``layout`` says; the PDF and each page's text lines."""
    layout = layout or Layout()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(title)
    pdf.set_author(author)
    regular = _fonts(pdf, layout.unicode)
    pages = _paginate(pdf, paragraphs, layout, regular)
    number = 0
    for page_number, lines in enumerate(pages, start=1):
        pdf.add_page()
        _furniture(pdf, layout, regular, page_number, len(pages))
        if layout.restart_numbers:
            number = 0
        for row, line in enumerate(lines):
            baseline = _TOP + row * _LINE
            if line is None and not layout.number_blank_lines:
                continue
            number += 1
            if layout.line_numbers:
                _line_number(pdf, layout, regular, number, baseline)
            if line is not None:
                _draw_line(pdf, layout, regular, line, baseline)
    texts = tuple(tuple(line.text for line in lines if line is not None) for lines in pages)
    return Transcript(bytes(pdf.output()), texts, _page_ends(pages))


def _page_ends(pages: list[list[_Line | None]]) -> frozenset[int]:
    """Indexes of the paragraphs whose last line is the last text line of a page."""
    ends = set()
    paragraph = -1
    for number, lines in enumerate(pages):
        for line in lines:
            if line is not None and line.first_of_paragraph:
                paragraph += 1
        texts = [line for line in lines if line is not None]
        if number + 1 < len(pages) and texts and texts[-1].last_of_paragraph:
            ends.add(paragraph)
    return frozenset(ends)


_VOCABULARY_TEXT = """peer worker support ward team staff service user trust hope recovery time week
month manager training group meeting listen talk felt really started helped difficult
boundaries lived experience shift night day family friends money housing benefits
appointment doctor nurse community voluntary paid role job career confidence anxious
worried proud changed learned people someone everyone nobody always never sometimes often
self-harm well-being follow-up the a an and but so because when then that this it we they
I you my our their was were is are had have felt think know said told asked went came"""
_VOCABULARY = tuple(_VOCABULARY_TEXT.split())


def interview_paragraphs(rng: random.Random, words: int) -> list[str]:
    """About ``words`` words of an interview: questions, answers of one to three
    paragraphs (only the first labelled), numbers such as ages now and then."""
    paragraphs: list[str] = []
    count = 0
    while count < words:
        question = _sentence(rng, 8, 18).rstrip(".") + "?"
        paragraphs.append(f"Interviewer: {question}")
        count += len(question.split())
        for number in range(rng.randrange(1, 4)):
            answer = " ".join(_sentence(rng, 6, 24) for _ in range(rng.randrange(1, 6)))
            paragraphs.append(f"P4: {answer}" if number == 0 else answer)
            count += len(answer.split())
    return paragraphs


def _sentence(rng: random.Random, shortest: int, longest: int) -> str:
    """A sentence of random words, capitalised, sometimes with a number in it."""
    words = [rng.choice(_VOCABULARY) for _ in range(rng.randrange(shortest, longest))]
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), str(rng.randrange(2, 60)))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def transcript_pdf(paragraphs: Sequence[str], layout: Layout | None = None) -> bytes:
    """The PDF bytes of :func:`transcript`."""
    return transcript(paragraphs, layout).pdf


def _fonts(pdf: FPDF, unicode: bool) -> str:
    """Register the fonts; the name of the family."""
    if not unicode:
        return "Helvetica"
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.add_font("DejaVu", style="B", fname=str(DEJAVU_BOLD))
    return "DejaVu"


def _paginate(
    pdf: FPDF, paragraphs: Sequence[str], layout: Layout, font: str
) -> list[list[_Line | None]]:
    """The lines of every page (None for a blank line)."""
    pages: list[list[_Line | None]] = [[]]
    for index, paragraph in enumerate(paragraphs):
        if index in layout.page_breaks and pages[-1]:
            pages.append([])
        elif index and layout.blank_line_between:
            if len(pages[-1]) == layout.lines_per_page:
                pages.append([])
            if pages[-1]:
                pages[-1].append(None)
        for line in _wrap(pdf, paragraph, layout, font):
            if len(pages[-1]) == layout.lines_per_page:
                pages.append([])
            pages[-1].append(line)
    return pages


def _wrap(pdf: FPDF, paragraph: str, layout: Layout, font: str) -> list[_Line]:
    """The lines of one paragraph, wrapped greedily (``~`` forces a hyphenated break)."""
    label_match = _LABEL.match(paragraph)
    label = tuple(label_match.group().split()) if label_match else ()
    words = paragraph.split()[len(label) :]
    pdf.set_font(font, style="B", size=layout.font_size)
    label_width = pdf.get_string_width(" ".join(label) + " ") if label else 0.0
    if layout.hanging_labels and label:
        label_width = _HANG
    first = layout.first_line_indent + label_width
    later = _HANG if layout.hanging_labels and label else 0.0
    rows = _greedy(pdf, words, layout, font, first, later)
    return [
        _Line(
            label=label if number == 0 else (),
            words=tuple(row),
            indent=layout.first_line_indent if number == 0 else later,
            first_of_paragraph=number == 0,
            last_of_paragraph=number == len(rows) - 1,
        )
        for number, row in enumerate(rows)
    ]


def _greedy(
    pdf: FPDF, words: list[str], layout: Layout, font: str, first: float, later: float
) -> list[list[str]]:
    """Greedy filling: the first line starts ``first`` mm in, later lines ``later`` mm."""
    pdf.set_font(font, size=layout.font_size)
    space = pdf.get_string_width(" ")
    rows: list[list[str]] = [[]]
    used = first
    for word in words:
        head, _, tail = word.partition("~")
        pieces = [head if head.endswith("-") else head + "-", tail] if tail else [head]
        for number, piece in enumerate(pieces):
            width = pdf.get_string_width(piece) + (space if rows[-1] else 0.0)
            if rows[-1] and used + width > _WIDTH:
                rows.append([])
                used = later
                width = pdf.get_string_width(piece)
            rows[-1].append(piece)
            used += width
            if number == 0 and tail:
                rows.append([])
                used = later
    return [row for row in rows if row]


def _furniture(pdf: FPDF, layout: Layout, font: str, page: int, pages: int) -> None:
    """The running header and the footer of one page."""
    pdf.set_font(font, size=9)
    if layout.header:
        pdf.text(_LEFT, 18.0, layout.header.format(page=page, pages=pages))
    if layout.footer:
        footer = layout.footer.format(page=page, pages=pages)
        width = pdf.get_string_width(footer)
        x = {"L": _LEFT, "C": _LEFT + (_WIDTH - width) / 2, "R": _LEFT + _WIDTH - width}
        pdf.text(x[layout.footer_align], 282.0, footer)


def _line_number(pdf: FPDF, layout: Layout, font: str, number: int, baseline: float) -> None:
    """A margin line number, right-aligned left of the text or left-aligned right of it."""
    pdf.set_font(font, size=layout.font_size - 2)
    shown = str(number)
    if layout.line_numbers == "left":
        pdf.text(_LEFT - _NUMBER_GAP - pdf.get_string_width(shown), baseline, shown)
    else:
        pdf.text(_LEFT + _WIDTH + _NUMBER_GAP, baseline, shown)


def _draw_line(pdf: FPDF, layout: Layout, font: str, line: _Line, baseline: float) -> None:
    """Draw one text line: as one string, or word by word (justified if asked)."""
    x = _LEFT + line.indent
    if line.label:
        label = " ".join(line.label)
        pdf.set_font(font, style="B" if layout.bold_labels else "", size=layout.font_size)
        pdf.text(x, baseline, label)
        x = _LEFT + _HANG if layout.hanging_labels else x + pdf.get_string_width(label + " ")
    pdf.set_font(font, size=layout.font_size)
    words = list(line.words)
    if not words:
        return
    justify = layout.justify and not line.last_of_paragraph
    if not (justify or layout.word_by_word):
        pdf.text(x, baseline, " ".join(words))
        return
    widths = [pdf.get_string_width(word) for word in words]
    gap = pdf.get_string_width(" ")
    if justify and len(words) > 1:
        gap = (_LEFT + _WIDTH - x - sum(widths)) / (len(words) - 1)
    for word, width in zip(words, widths, strict=True):
        pdf.text(x, baseline, word)
        x += width + gap


__all__ = [
    "DEJAVU",
    "Layout",
    "Transcript",
    "interview_paragraphs",
    "transcript",
    "transcript_pdf",
]
