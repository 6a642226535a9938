"""Reading Word documents, and refusing damaged or hostile ones."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest

from qualframe.errors import InputFileError
from qualframe.formats import docx_reader
from qualframe.formats.documents import DocumentFormat, read_document_bytes
from qualframe.formats.docx_reader import read_docx


def docx_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_interview() -> bytes:
    document = docx.Document()
    document.core_properties.title = "Interview 7"
    document.core_properties.author = "R. Researcher"
    document.core_properties.created = dt.datetime(2024, 5, 1, 9, 30)
    document.add_heading("Interview 7", level=1)
    document.add_paragraph("Interviewer: How did you start?")
    document.add_paragraph("")
    run = document.add_paragraph("P7: I was asked.").add_run()
    run.add_break()
    run.add_text("Then I said yes.")
    document.add_paragraph("It was a big step.")
    return docx_bytes(document)


def test_paragraphs_become_blocks_separated_by_blank_lines() -> None:
    content = read_docx(make_interview(), "interview.docx")
    assert content.text == (
        "Interview 7\n\nInterviewer: How did you start?\n\n"
        "P7: I was asked.\nThen I said yes.\n\nIt was a big step."
    )


def test_core_properties_are_kept_as_metadata() -> None:
    metadata = read_docx(make_interview(), "interview.docx").metadata
    assert metadata["title"] == "Interview 7"
    assert metadata["author"] == "R. Researcher"
    assert metadata["created"].startswith("2024-05-01T09:30")


def test_docx_document_has_paragraphs_and_speaker_turns() -> None:
    document = read_document_bytes(make_interview(), "interview.docx")
    assert document.format is DocumentFormat.DOCX
    assert document.title == "interview"
    assert [document.text[p.start : p.end] for p in document.paragraphs][1] == (
        "Interviewer: How did you start?"
    )
    assert [(t.label, document.text[t.start : t.end]) for t in document.turns] == [
        ("Interviewer", "Interviewer: How did you start?"),
        ("P7", "P7: I was asked.\nThen I said yes.\n\nIt was a big step."),
    ]


def test_table_rows_become_blocks_with_tab_separated_cells_in_document_order() -> None:
    document = docx.Document()
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Speaker"
    table.cell(0, 1).text = "Text"
    table.cell(0, 2).text = "Time"
    table.cell(1, 0).text = "Ann"
    table.cell(1, 1).text = "Line one"
    table.cell(1, 1).add_paragraph("Line two")
    merged = table.cell(1, 1).merge(table.cell(1, 2))
    assert merged is not None
    document.add_paragraph("After the table.")
    text = read_docx(docx_bytes(document), "table.docx").text
    assert text == (
        "Before the table.\n\nSpeaker\tText\tTime\n\nAnn\tLine one\nLine two\n\nAfter the table."
    )


def test_emoji_and_combining_characters_are_stored_in_nfc() -> None:
    document = docx.Document()
    document.add_paragraph("Zoe\u0308: cafe\u0301 😀 👍🏽")
    parsed = read_document_bytes(docx_bytes(document), "emoji.docx")
    assert parsed.text == "Zoë: café 😀 👍🏽"
    assert parsed.turns[0].end == len("Zoë: café 😀 👍🏽")


def test_truncated_docx_is_rejected_as_not_a_valid_word_document() -> None:
    data = make_interview()
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(data[: len(data) // 2], "cut.docx")
    assert str(caught.value).startswith("cut.docx: not a valid Word document (")


def test_docx_with_damaged_content_is_rejected_as_not_a_valid_word_document() -> None:
    source = zipfile.ZipFile(io.BytesIO(make_interview()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]  # XML cut in the middle
            target.writestr(item, data)
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(buffer.getvalue(), "damaged.docx")
    assert str(caught.value).startswith("damaged.docx: not a valid Word document (")


def test_zip_that_is_not_a_word_package_is_rejected() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(
        InputFileError,
        match=r"^book\.docx: not a valid Word document \(.*"
        r"no word/document.xml",
    ):
        read_document_bytes(buffer.getvalue(), "book.docx")


def test_text_file_renamed_docx_is_rejected() -> None:
    with pytest.raises(InputFileError, match=r"^notes\.docx: not a valid Word document"):
        read_document_bytes(b"Interviewer: hello\n", "notes.docx")


def test_empty_docx_file_is_rejected() -> None:
    with pytest.raises(InputFileError, match=r"^empty\.docx: the file is empty"):
        read_document_bytes(b"", "empty.docx")


def test_word_document_without_text_is_rejected() -> None:
    with pytest.raises(InputFileError, match=r"^blank\.docx: the Word document contains no text"):
        read_document_bytes(docx_bytes(docx.Document()), "blank.docx")


def add_member(data: bytes, name: str, payload: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, payload)
    return buffer.getvalue()


def test_highly_compressed_member_is_refused_as_a_zip_bomb() -> None:
    bomb = add_member(make_interview(), "word/media/zeros.bin", bytes(20 * 1024 * 1024))
    assert len(bomb) < 200_000
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(bomb, "bomb.docx")
    message = str(caught.value)
    assert message.startswith("bomb.docx: the Word document part 'word/media/zeros.bin'")
    assert "zip bomb" in message


def test_total_uncompressed_size_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 10_000)
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(make_interview(), "big.docx")
    assert str(caught.value).startswith("big.docx: the Word document would unpack to")
    assert "zip bomb" in caught.value.problem


def test_number_of_members_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_MEMBERS", 5)
    with pytest.raises(InputFileError, match=r"^many\.docx: not a valid Word document \(it holds"):
        read_document_bytes(make_interview(), "many.docx")
