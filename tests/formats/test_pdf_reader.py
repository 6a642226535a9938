"""Reading the text layer of PDFs, and refusing PDFs that have none."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from qualframe.errors import InputFileError
from qualframe.formats.documents import DocumentFormat, read_document, read_document_bytes
from qualframe.formats.pdf_reader import read_pdf

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


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


def test_pages_are_read_in_order_and_separated_by_a_blank_line() -> None:
    content = read_pdf(INTERVIEW, "interview.pdf")
    assert content.text == (
        "Interviewer: How did you start, Zoë?\nP3: I was asked at the café.\n\nSecond page text."
    )
    assert unicodedata.is_normalized("NFC", content.text)


def test_page_count_title_and_author_are_kept_as_metadata() -> None:
    metadata = read_pdf(INTERVIEW, "interview.pdf").metadata
    assert metadata == {"pages": "2", "title": "Interview 3", "author": "R. Researcher"}


def test_pdf_document_has_paragraphs_per_page_and_speaker_turns(tmp_path: Path) -> None:
    path = tmp_path / "Interview 3.PDF"
    path.write_bytes(INTERVIEW)
    document = read_document(path)
    assert document.format is DocumentFormat.PDF
    assert (document.name, document.title) == ("Interview 3.PDF", "Interview 3")
    assert len(document.paragraphs) == 2
    assert [t.label for t in document.turns] == ["Interviewer", "P3"]


def test_pages_without_text_are_skipped_and_counted() -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.cell(0, 8, "Only page with text")
    pdf.add_page()
    pdf.rect(10, 10, 50, 50, style="F")
    content = read_pdf(bytes(pdf.output()), "mixed.pdf")
    assert content.text == "Only page with text"
    assert content.metadata["pages"] == "2"
    assert content.metadata["pages_without_text"] == "1"


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs the DejaVu Sans font")
def test_unicode_text_offsets_are_code_points_into_nfc_text() -> None:
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.cell(0, 8, "Ŝ: ĉu vi ☺ vidis Łódź?")
    document = read_document_bytes(bytes(pdf.output()), "esperanto.pdf")
    assert document.text == "Ŝ: ĉu vi ☺ vidis Łódź?"
    assert document.turns[0].label == "Ŝ"
    assert document.turns[0].end == len(document.text)


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
