"""Reading PDFs by layout: clean paragraphs from line-numbered transcripts, page spans,
and refusing PDFs that have no text."""

from __future__ import annotations

import io
import itertools
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from fpdf import FPDF
from hypothesis import assume, given, settings, strategies as st
from pypdf import PdfReader, PdfWriter
from tests.formats.pdf_samples import DEJAVU, Layout, transcript, transcript_pdf

from qualframe.errors import InputFileError
from qualframe.formats.documents import DocumentFormat, read_document, read_document_bytes
from qualframe.formats.pdf_reader import read_pdf
from qualframe.formats.structure import Page

MATH_FONT = DEJAVU.with_name("DejaVuMathTeXGyre.ttf")


def make_pdf(*pages: list[str], title: str = "Interview 3") -> bytes:
    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_author("R. Researcher")
    pdf.set_font("Helvetica", size=12)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


INTERVIEW = make_pdf(
    ["Interviewer: How did you start, Zoë?", "P3: I was asked at the café."],
    ["Second page text."],
)

#: A short interview; laid out six numbered lines a page it has a paragraph
#: running over a page break, a hyphenated word and a compound split over lines.
PARAGRAPHS = [
    "Interviewer: Thank you for agreeing to take part. Could you start by telling me how "
    "you came to work as a peer worker?",
    "P4: I was 23 when I started. I had been using the service for about three years, and "
    "my key worker suggested I apply. The partici~pation group met on Tuesdays, and 12 of "
    "us went through the training together over 6 weeks in 2019.",
    "Interviewer: What did the training cover?",
    "P4: Listening, mostly, and boundaries. We talked a lot about what to do when someone "
    "tells you about self-~harm and how to keep yourself safe afterwards. Self-harm was the "
    "part I worried about most, because of my own history with it.",
    "It changed how I see my own recovery, to be honest.",
    "INTERVIEWER: And now?",
    "P4: Now I run the group myself.",
]
PAGE_TEXTS = [
    "Interviewer: Thank you for agreeing to take part. Could you start by telling me how "
    "you came to work as a peer worker?\n\n"
    "P4: I was 23 when I started. I had been using the service for about three years, and "
    "my key worker suggested I apply. The participation group met on Tuesdays, and 12 of "
    "us went through the training together over 6 weeks",
    "in 2019.\n\nInterviewer: What did the training cover?\n\n"
    "P4: Listening, mostly, and boundaries. We talked a lot about what to do when someone "
    "tells you about self-",
    "harm and how to keep yourself safe afterwards. Self-harm was the part I worried about "
    "most, because of my own history with it.\n\n"
    "It changed how I see my own recovery, to be honest.\n\nINTERVIEWER: And now?",
    "P4: Now I run the group myself.",
]
EXPECTED = "\n\n".join(PARAGRAPHS).replace("~", "").replace("partici-pation", "participation")


def page_texts(text: str, pages: tuple[Page, ...]) -> list[str]:
    return [text[page.start : page.end] for page in pages]


def test_line_numbered_transcript_comes_in_as_clean_paragraphs() -> None:
    content = read_pdf(transcript_pdf(PARAGRAPHS, Layout(lines_per_page=6)), "p4.pdf")
    assert content.text == EXPECTED
    assert "\t" not in content.text


def test_page_spans_cover_each_pages_words_and_a_paragraph_runs_over_the_break() -> None:
    content = read_pdf(transcript_pdf(PARAGRAPHS, Layout(lines_per_page=6)), "p4.pdf")
    assert [page.number for page in content.pages] == [1, 2, 3, 4]
    assert page_texts(content.text, content.pages) == PAGE_TEXTS
    between = [
        content.text[before.end : after.start]
        for before, after in itertools.pairwise(content.pages)
    ]
    assert between == [" ", "", "\n\n"]
    assert content.pages[0] == Page(1, 0, len(PAGE_TEXTS[0]))


def test_page_count_title_and_author_are_kept_as_metadata() -> None:
    metadata = read_pdf(INTERVIEW, "interview.pdf").metadata
    assert metadata == {"pages": "2", "title": "Interview 3", "author": "R. Researcher"}


@pytest.mark.parametrize(
    "layout",
    [
        Layout(lines_per_page=6, footer="{page}/{pages}", footer_align="R"),
        Layout(lines_per_page=7, footer="- {page} -", header=None),
        Layout(lines_per_page=8, footer="{page}", header="Interview P4 (page {page} of {pages})"),
        Layout(lines_per_page=6, footer="Page {page}", footer_align="L", restart_numbers=True),
        Layout(lines_per_page=9, line_numbers="right", number_blank_lines=False),
        Layout(lines_per_page=6, word_by_word=True, justify=True),
        Layout(lines_per_page=10, hanging_labels=True),
        Layout(lines_per_page=6, blank_line_between=False, first_line_indent=10.0),
        Layout(lines_per_page=5, line_numbers=None, header=None, footer=None),
    ],
    ids=[
        "n-slash-m",
        "dashed",
        "bare-number-and-numbered-header",
        "page-n-numbers-restart",
        "right-margin-numbers",
        "every-word-placed-justified",
        "hanging-labels",
        "indented-paragraphs",
        "plain",
    ],
)
def test_transcript_layouts_give_the_same_text(layout: Layout) -> None:
    content = read_pdf(transcript_pdf(PARAGRAPHS, layout), "p4.pdf")
    assert content.text == EXPECTED


def test_numbers_in_the_text_are_kept_even_at_a_line_start() -> None:
    years = " ".join(str(year) for year in range(1961, 2011))
    paragraphs = [
        "Interviewer: How old were you then?",
        "23",
        f"P4: I moved a lot. The years were {years}, and 7 of them in care.",
        "Interviewer: And 10 years later?",
    ]
    generated = transcript(paragraphs, Layout(lines_per_page=5))
    assert any(line.split()[0].isdigit() for page in generated.pages for line in page[1:])
    assert read_pdf(generated.pdf, "numbers.pdf").text == "\n\n".join(paragraphs)


@pytest.mark.parametrize(
    ("written", "elsewhere", "read"),
    [
        ("partici~pation", "", "participation"),
        ("self-~harm", "Self-harm came up again.", "self-harm"),
        ("well~being", "Her wellbeing mattered.", "wellbeing"),
        ("mother-in-~law", "", "mother-in-law"),
        ("COVID~19", "", "COVID-19"),
    ],
)
def test_hyphens_at_line_ends_are_rejoined_as_the_document_writes_the_word(
    written: str, elsewhere: str, read: str
) -> None:
    filler = "We met in the old community centre on the high street near the station"
    paragraphs = ["Interviewer: Where did you meet?", f"P4: {filler} {written} today. {elsewhere}"]
    content = read_pdf(transcript_pdf(paragraphs, Layout(header=None)), "hyphens.pdf")
    assert content.text == (
        f"Interviewer: Where did you meet?\n\nP4: {filler} {read} today. {elsewhere}".strip()
    )


def test_a_one_page_transcript_loses_its_page_number_but_keeps_its_text() -> None:
    paragraphs = ["Interviewer: Shall we start?", "P4: Yes, I am ready.", "42"]
    for footer in ("Page {page} of {pages}", "{page}"):
        content = read_pdf(transcript_pdf(paragraphs, Layout(header=None, footer=footer)), "a")
        assert content.text == "Interviewer: Shall we start?\n\nP4: Yes, I am ready.\n\n42"
        assert content.pages == (Page(1, 0, len(content.text)),)


def test_a_diagonal_watermark_is_left_out() -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in ("Interviewer: Was it hard?", "P4: At first it was."):
        pdf.add_page()
        pdf.text(20, 30, text)
        with pdf.rotation(45, x=100, y=150):
            pdf.set_font_size(60)
            pdf.text(40, 150, "CONFIDENTIAL")
            pdf.set_font_size(12)
    content = read_pdf(bytes(pdf.output()), "watermarked.pdf")
    assert content.text == "Interviewer: Was it hard?\n\nP4: At first it was."


def test_pdf_document_has_paragraphs_pages_and_speaker_turns(tmp_path: Path) -> None:
    path = tmp_path / "Interview 3.PDF"
    path.write_bytes(
        make_pdf(
            ["Interviewer: How did you start, Zoë?", "P3: I was asked at the café."],
            ["Interviewer: And then?", "P3: I said yes."],
        )
    )
    document = read_document(path)
    assert document.format is DocumentFormat.PDF
    assert (document.name, document.title) == ("Interview 3.PDF", "Interview 3")
    assert len(document.paragraphs) == 4
    assert [page.number for page in document.pages] == [1, 2]
    assert [t.label for t in document.turns] == ["Interviewer", "P3", "Interviewer", "P3"]


def test_pages_without_text_are_skipped_and_counted() -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.cell(0, 8, "Only page with text")
    pdf.add_page()
    pdf.rect(10, 10, 50, 50, style="F")
    content = read_pdf(bytes(pdf.output()), "mixed.pdf")
    assert content.text == "Only page with text"
    assert content.pages == (Page(1, 0, len("Only page with text")),)
    assert content.metadata["pages"] == "2"
    assert content.metadata["pages_without_text"] == "1"


@pytest.mark.skipif(not MATH_FONT.exists(), reason="needs the DejaVu fonts")
def test_unicode_text_offsets_are_code_points_into_nfc_text() -> None:
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.add_font("Math", fname=str(MATH_FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=12)
    pdf.text(20, 20, "Ŝ: ĉu vi ☺ vidis Łódź?")
    pdf.set_font("Math", size=12)
    pdf.text(20, 80, "𝐀𝐁 = 𝐂")
    pdf.add_page()
    pdf.set_font("DejaVu", size=12)
    pdf.text(20, 20, "Zoe\u0308 said so on the \ufb01rst \ufb02oor.")
    content = read_pdf(bytes(pdf.output()), "esperanto.pdf")
    assert content.text == "Ŝ: ĉu vi ☺ vidis Łódź?\n\n𝐀𝐁 = 𝐂\n\nZoë said so on the first floor."
    assert unicodedata.is_normalized("NFC", content.text)
    assert page_texts(content.text, content.pages) == [
        "Ŝ: ĉu vi ☺ vidis Łódź?\n\n𝐀𝐁 = 𝐂",
        "Zoë said so on the first floor.",
    ]


def test_pdf_without_text_layer_is_rejected_with_a_clear_message() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 150, style="F")
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(bytes(pdf.output()), "scan.pdf")
    assert str(caught.value).startswith(
        "scan.pdf: the PDF has no text layer (it is probably a scanned image); run OCR first"
    )


def test_encrypted_pdf_is_rejected_with_a_clear_message() -> None:
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(encrypted(INTERVIEW, "secret"), "locked.pdf")
    assert str(caught.value) == (
        "locked.pdf: the PDF is encrypted; remove the password and import again"
    )


def test_pdf_with_only_an_owner_password_is_read() -> None:
    content = read_pdf(encrypted(INTERVIEW, ""), "restricted.pdf")
    assert content.text.startswith("Interviewer: How did you start")


def test_truncated_pdf_is_rejected_as_damaged() -> None:
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(INTERVIEW[: len(INTERVIEW) // 2], "cut.pdf")
    assert str(caught.value).startswith("cut.pdf: the PDF is damaged")


def test_file_renamed_pdf_is_rejected_as_not_a_pdf() -> None:
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(b"Interviewer: hello", "notes.pdf")
    assert str(caught.value) == "notes.pdf: this is not a PDF file (it has no '%PDF-' header)"


def test_empty_pdf_file_is_rejected() -> None:
    with pytest.raises(InputFileError, match=r"^empty\.pdf: the file is empty"):
        read_document_bytes(b"", "empty.pdf")


VOCABULARY = [
    "we",
    "the",
    "a",
    "and",
    "to",
    "of",
    "I",
    "it",
    "was",
    "peer",
    "worker",
    "support",
    "service",
    "team",
    "group",
    "weeks",
    "felt",
    "really",
    "about",
    "training",
    "listen",
    "people",
    "yes.",
    "well,",
    "(laughs)",
    "23",
    "2019",
    "12",
    "7",
    "self-harm",
    "well-being",
    "café",
    "£40",
    "Tuesday,",
    "hard.",
    "started",
    "manager",
]
LABELS = ("Interviewer:", "P4:", "INTERVIEWER:", "Service user 2:")
PARAGRAPH = st.builds(
    lambda label, words: " ".join(((label,) if label else ()) + tuple(words)),
    st.one_of(st.none(), st.sampled_from(LABELS)),
    st.sampled_from([60, 35, 20, 8, 3, 1]).flatmap(
        lambda size: st.lists(st.sampled_from(VOCABULARY), min_size=size, max_size=size)
    ),
)
#: How paragraphs are told apart: a blank line, a first-line indent, or a
#: blank line with the speaker labels in a column of their own.
STYLES: dict[str, dict[str, Any]] = {
    "blank line": {},
    "indent": {"blank_line_between": False, "first_line_indent": 10.0},
    "hanging labels": {"hanging_labels": True},
}
LAYOUTS = st.builds(
    lambda style, **options: Layout(**STYLES[style], **options),
    st.sampled_from(sorted(STYLES)),
    line_numbers=st.sampled_from(["left", "right", None]),
    restart_numbers=st.booleans(),
    number_blank_lines=st.booleans(),
    header=st.sampled_from([None, "Peer Support Study - Interview P4", "P4 - page {page}"]),
    footer=st.sampled_from([None, "Page {page} of {pages}", "{page}/{pages}", "- {page} -"]),
    lines_per_page=st.integers(min_value=6, max_value=40),
    justify=st.booleans(),
    word_by_word=st.booleans(),
)


def merged_only_at_page_ends(paragraphs: list[str], text: str, page_ends: frozenset[int]) -> bool:
    """Whether ``text`` holds ``paragraphs`` in order, two joined only where a page
    ended with one and the next page started with the other (the layout shows no break)."""
    index = 0
    for block in text.split("\n\n"):
        end = index
        while " ".join(paragraphs[index : end + 1]) != block:
            if end not in page_ends or end + 1 >= len(paragraphs):
                return False
            end += 1
        index = end + 1
    return index == len(paragraphs)


def repeats_at_page_edges(pages: tuple[tuple[str, ...], ...]) -> bool:
    """Whether some text line is among the first or last three of two pages."""
    edges = [set(lines[:3]) | set(lines[-3:]) for lines in pages]
    return any(a & b for index, a in enumerate(edges) for b in edges[index + 1 :])


@settings(max_examples=30, deadline=None)
@given(st.lists(PARAGRAPH, min_size=1, max_size=15), LAYOUTS)
def test_any_transcript_layout_gives_back_every_word_and_paragraph(
    paragraphs: list[str], layout: Layout
) -> None:
    generated = transcript(paragraphs, layout)
    # What the layout cannot show is not asked for: a header repeating on one
    # page, a column of numbers beside two lines, and, when nearly every
    # paragraph is one line, the line spacing and the width of the text (so
    # whether a line ended early). A quarter of the lines must be wrapped.
    # Unnumbered text that repeats at the top or bottom of most pages is a
    # running header, whatever the author meant.
    lines = sum(map(len, generated.pages))
    assume(layout.header is None or len(generated.pages) > 1)
    assume(layout.line_numbers is None or lines >= 3)
    assume(lines - len(paragraphs) - len(generated.pages) >= lines / 4)
    assume(layout.line_numbers is not None or not repeats_at_page_edges(generated.pages))
    content = read_pdf(generated.pdf, "generated.pdf")
    assert content.text.split() == " ".join(paragraphs).split()
    assert merged_only_at_page_ends(paragraphs, content.text, generated.page_ends)
    assert [page.number for page in content.pages] == list(range(1, len(generated.pages) + 1))
    for page, page_lines in zip(content.pages, generated.pages, strict=True):
        assert content.text[page.start : page.end].split() == " ".join(page_lines).split()


def test_a_speaker_label_opening_every_page_is_speech_not_a_running_header() -> None:
    paragraphs = ["Interviewer:", "How did it start?", "Interviewer:", "And then?"]
    layout = Layout(lines_per_page=2, header=None, footer=None, line_numbers=None)
    content = read_pdf(transcript_pdf(paragraphs, layout), "labels.pdf")
    assert content.text.count("Interviewer:") == 2
