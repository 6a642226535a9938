"""Reading OpenDocument text files, and refusing damaged or hostile ones."""

from __future__ import annotations

import io
import zipfile

import pytest
import word_samples
from odf import table, text
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText

from qualframe.errors import InputFileError
from qualframe.formats.documents import DocumentFormat, read_document_bytes
from qualframe.formats.odt_reader import read_odt
from qualframe.formats.sections import Section
from qualframe.formats.structure import Comment


def odt_bytes(document: OpenDocumentText) -> bytes:
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def test_field_notes_text_has_headings_paragraphs_and_changes_accepted() -> None:
    content = read_odt(word_samples.interview_odt(), "notes.odt")
    assert content.text == word_samples.ODT_TEXT
    assert "twice" not in content.text  # the tracked deletion stays in the change log
    follow_up = content.text.index("Follow-up")
    assert content.sections == (
        Section("Field notes", 1, 0, len(content.text)),
        Section("Follow-up", 2, follow_up, len(content.text)),
    )
    assert content.turns is None


def test_annotation_is_a_comment_on_the_words_it_spans() -> None:
    content = read_odt(word_samples.interview_odt(), "notes.odt")
    booked = content.text.index("booked")
    assert content.comments == (
        Comment(booked, booked + 6, "Which room?", "R. Researcher", "2024-05-03T11:00:00"),
    )


def test_meta_xml_gives_the_metadata() -> None:
    metadata = read_odt(word_samples.interview_odt(), "notes.odt").metadata
    assert metadata == {
        "title": "Field notes 3",
        "author": "R. Researcher",
        "created": "2024-05-03T10:00:00",
    }


def test_odt_document_goes_through_the_dispatcher() -> None:
    document = read_document_bytes(word_samples.interview_odt(), "notes.odt")
    assert document.format is DocumentFormat.ODT
    assert document.text == word_samples.ODT_TEXT
    first = document.paragraphs[0]
    assert document.text[first.start : first.end] == "Field notes"
    assert len(document.comments) == 1


def test_lists_spaces_tabs_and_line_breaks_are_kept() -> None:
    document = OpenDocumentText()
    items = text.List()
    for words in ("first item", "second item"):
        item = text.ListItem()
        item.addElement(text.P(text=words))
        items.addElement(item)
    document.text.addElement(items)
    paragraph = text.P(text="a")
    paragraph.addElement(text.S(c=3))
    paragraph.addText("b")
    paragraph.addElement(text.Tab())
    paragraph.addText("c")
    paragraph.addElement(text.LineBreak())
    paragraph.addText("d")
    document.text.addElement(paragraph)
    content = read_odt(odt_bytes(document), "list.odt")
    assert content.text == "first item\n\nsecond item\n\na   b\tc\nd"


def add_table(document: OpenDocumentText, rows: list[tuple[str, ...]]) -> None:
    grid = table.Table(name="T")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=len(rows[0])))
    for values in rows:
        row = table.TableRow()
        for value in values:
            cell = table.TableCell()
            if value:
                cell.addElement(text.P(text=value))
            row.addElement(cell)
        grid.addElement(row)
    document.text.addElement(grid)


def test_speaker_table_in_an_odt_gives_turns_with_times() -> None:
    document = OpenDocumentText()
    add_table(
        document,
        [
            ("Time", "Speaker", "Text"),
            ("00:00:03", "Interviewer", "What brought you to the group in the first place?"),
            ("00:00:09", "P5", "My sister did."),
            ("00:01:30", "Interviewer", "And now?"),
            ("00:01:34", "P5", "Now I come on my own every Tuesday."),
        ],
    )
    content = read_odt(odt_bytes(document), "group.odt")
    assert content.turns is not None
    assert [(t.label, content.text[t.start : t.end], t.seconds) for t in content.turns] == [
        ("Interviewer", "Interviewer: What brought you to the group in the first place?", 3.0),
        ("P5", "P5: My sister did.", 9.0),
        ("Interviewer", "Interviewer: And now?", 90.0),
        ("P5", "P5: Now I come on my own every Tuesday.", 94.0),
    ]


def test_other_tables_are_rows_of_tab_separated_cells() -> None:
    document = OpenDocumentText()
    add_table(document, [("Site", "Visits"), ("North", "12"), ("", "")])
    content = read_odt(odt_bytes(document), "visits.odt")
    assert content.text == "Site\tVisits\n\nNorth\t12"
    assert content.turns is None


def test_damaged_odt_is_rejected_naming_the_file() -> None:
    source = zipfile.ZipFile(io.BytesIO(word_samples.interview_odt()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "content.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(buffer.getvalue(), "damaged.odt")
    assert str(caught.value).startswith(
        "damaged.odt: not a valid OpenDocument text (its part content.xml is damaged"
    )


def test_truncated_odt_is_rejected() -> None:
    data = word_samples.interview_odt()
    with pytest.raises(InputFileError, match=r"^cut\.odt: not a valid OpenDocument text \("):
        read_odt(data[: len(data) // 2], "cut.odt")


def test_file_that_is_not_a_zip_is_rejected_as_not_an_odt() -> None:
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(b"Interviewer: hello\n", "notes.odt")
    assert str(caught.value).startswith(
        "notes.odt: not a valid OpenDocument text (the file is damaged, incomplete or not a .odt"
    )


def test_spreadsheet_renamed_odt_is_rejected() -> None:
    buffer = io.BytesIO()
    OpenDocumentSpreadsheet().write(buffer)
    with pytest.raises(InputFileError, match=r"^sheet\.odt: .*another kind of OpenDocument"):
        read_odt(buffer.getvalue(), "sheet.odt")


def test_empty_and_textless_odt_files_are_rejected() -> None:
    with pytest.raises(InputFileError, match=r"^empty\.odt: the file is empty"):
        read_odt(b"", "empty.odt")
    with pytest.raises(InputFileError, match=r"^blank\.odt: the OpenDocument text contains no"):
        read_odt(odt_bytes(OpenDocumentText()), "blank.odt")


def test_highly_compressed_member_is_refused_as_a_zip_bomb() -> None:
    buffer = io.BytesIO(word_samples.interview_odt())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Pictures/zeros.bin", bytes(20 * 1024 * 1024))
    with pytest.raises(InputFileError, match=r"^bomb\.odt: .*zip bomb"):
        read_odt(buffer.getvalue(), "bomb.odt")


def test_total_uncompressed_size_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALFRAME_LIMIT_UNPACKED_BYTES", "1000")
    with pytest.raises(InputFileError, match=r"^big\.odt: the OpenDocument text says it unpacks"):
        read_odt(word_samples.interview_odt(), "big.odt")


def test_repeated_cells_and_rows_with_words_count_once() -> None:
    document = OpenDocumentText()
    grid = table.Table(name="Bomb")
    row = table.TableRow(numberrowsrepeated=64)
    cell = table.TableCell(numbercolumnsrepeated=64)
    cell.addElement(text.P(text="words"))
    row.addElement(cell)
    row.addElement(table.TableCell(numbercolumnsrepeated=3))
    grid.addElement(row)
    document.text.addElement(grid)
    buffer = io.BytesIO()
    document.write(buffer)
    content = read_odt(buffer.getvalue(), "bomb.odt")
    assert content.text.count("words") == 1
