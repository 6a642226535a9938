"""Reading Word documents, and refusing damaged or hostile ones."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
import word_samples
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import assume, given, settings, strategies as st

from qualframe.errors import InputFileError
from qualframe.formats.documents import DocumentFormat, read_document_bytes
from qualframe.formats.docx_package import OfficePackage
from qualframe.formats.docx_reader import read_docx
from qualframe.formats.docx_tables import parse_time
from qualframe.formats.sections import Section
from qualframe.formats.segmentation import paragraph_spans
from qualframe.formats.speaker_turns import SpeakerTurn, detect_speaker_turns
from qualframe.formats.structure import Comment
from qualframe.formats.text_decoding import normalise_text


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


def test_docx_document_has_paragraphs_sections_and_leaves_labels_to_the_detector() -> None:
    content = read_docx(make_interview(), "interview.docx")
    assert content.turns is None  # "Name:" paragraphs are the dispatcher's to find
    assert content.sections == (Section("Interview 7", 1, 0, len(content.text)),)
    document = read_document_bytes(make_interview(), "interview.docx")
    assert document.format is DocumentFormat.DOCX
    assert document.title == "interview"
    assert [document.text[p.start : p.end] for p in document.paragraphs][1] == (
        "Interviewer: How did you start?"
    )
    assert document.turns == tuple(detect_speaker_turns(document.text))


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


def test_emoji_and_combining_characters_are_stored_in_nfc_with_code_point_offsets() -> None:
    document = docx.Document()
    document.add_heading("Zoe\u0308 😀", level=1)
    table = document.add_table(rows=2, cols=2)
    for row, (label, words) in zip(
        table.rows,
        [("Zoe\u0308", "cafe\u0301 😀 👍🏽 and more words than a label"), ("Zoe\u0308", "Oui")],
        strict=True,
    ):
        row.cells[0].text = label
        row.cells[1].text = words
    parsed = read_document_bytes(docx_bytes(document), "emoji.docx")
    assert parsed.text == "Zoë 😀\n\nZoë: café 😀 👍🏽 and more words than a label\n\nOui"
    assert parsed.sections == (Section("Zoë 😀", 1, 0, len(parsed.text)),)
    assert parsed.turns == (SpeakerTurn("Zoë", 7, len(parsed.text)),)


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
    assert "QUALFRAME_LIMIT_COMPRESSION_RATIO" in message


def test_total_uncompressed_size_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALFRAME_LIMIT_UNPACKED_BYTES", "10000")
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(make_interview(), "big.docx")
    assert str(caught.value).startswith("big.docx: the Word document says it unpacks to")
    assert "zip bomb" in caught.value.problem
    assert "QUALFRAME_LIMIT_UNPACKED_BYTES" in caught.value.problem


def test_number_of_members_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALFRAME_LIMIT_ARCHIVE_MEMBERS", "5")
    with pytest.raises(
        InputFileError, match=r"^many\.docx: the Word document holds more than the 5 files"
    ):
        read_document_bytes(make_interview(), "many.docx")


# --- Structure: headings, speaker tables, tracked changes, comments ---------------------


def test_reviewed_transcript_text_has_changes_accepted_and_one_block_per_row() -> None:
    content = read_docx(word_samples.interview_docx(), "interview-12.docx")
    assert content.text == word_samples.DOCX_TEXT
    assert "quite" not in content.text  # the tracked deletion
    assert content.paragraphs == tuple(paragraph_spans(content.text))


def test_title_and_heading_styles_become_sections_with_the_title_above_them() -> None:
    content = read_docx(word_samples.interview_docx(), "interview-12.docx")
    text = content.text
    background, transcript, notes = (text.index(h) for h in ("Background", "Transcript", "Notes"))
    assert content.sections == (
        Section("Interview 12: Peer support", 1, 0, len(text)),
        Section("Background", 2, background, transcript),
        Section("Transcript", 2, transcript, notes),
        Section("Notes", 2, notes, len(text)),
    )


def test_speaker_table_rows_become_turns_with_their_times() -> None:
    content = read_docx(word_samples.interview_docx(), "interview-12.docx")
    assert content.turns is not None
    assert [(t.label, content.text[t.start : t.end], t.seconds) for t in content.turns] == [
        (
            "Interviewer",
            "Interviewer: Can you tell me how you first heard about the peer support service?",
            5.0,
        ),
        (
            "P12",
            "P12: A friend told me about it. I was nervous at first, but the staff were kind.",
            12.0,
        ),
        ("Interviewer", "Interviewer: What changed for you after the first few weeks?", 41.0),
        (
            "P12",
            "P12: I felt less alone and I started going out again.\n\n"
            "Not every week, but most weeks.",
            62.0,
        ),
    ]


def test_comments_are_anchored_to_the_words_they_mark_with_author_and_date() -> None:
    content = read_docx(word_samples.interview_docx(), "interview-12.docx")
    text = content.text
    nervous = text.index("nervous")
    relaxed = text.index("relaxed and spoke freely")
    date = word_samples.DOCX_COMMENT_DATE
    assert content.comments == (
        Comment(nervous, nervous + 7, "Anxiety about joining", "R. Researcher", date),
        Comment(relaxed, relaxed + 24, "Check against the recording", "A. Analyst", date),
    )


def test_dispatcher_keeps_the_structure_the_word_reader_found() -> None:
    data = word_samples.interview_docx()
    content = read_docx(data, "interview-12.docx")
    document = read_document_bytes(data, "interview-12.docx")
    assert document.text == content.text
    assert document.turns == content.turns
    assert document.sections == content.sections
    assert document.comments == content.comments
    assert document.paragraphs == content.paragraphs


def paragraph_with(document: docx.document.Document, xml: str) -> None:
    """Append a body paragraph whose inner XML is ``xml`` (w: prefix declared)."""
    paragraph = document.add_paragraph()
    for element in parse_xml(f"<w:root {nsdecls('w')}>{xml}</w:root>"):
        paragraph._p.append(element)


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_moves_and_deleted_paragraph_marks_are_read_as_accepted() -> None:
    document = docx.Document()
    paragraph_with(
        document,
        f'<w:moveFrom w:id="1" w:author="E">{run("Later ")}</w:moveFrom>'
        f"{run('we met.')}"
        f'<w:moveTo w:id="2" w:author="E">{run(" Later on.")}</w:moveTo>',
    )
    joined = document.add_paragraph("The first half ")
    joined._p.get_or_add_pPr().append(
        parse_xml(f'<w:rPr {nsdecls("w")}><w:del w:id="3" w:author="E"/></w:rPr>')
    )
    document.add_paragraph("and the second half.")
    gone = document.add_paragraph()
    gone._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="4" w:author="E">'
            f"<w:r><w:delText>Removed entirely.</w:delText></w:r></w:del>"
        )
    )
    text = read_docx(docx_bytes(document), "moves.docx").text
    assert text == "we met. Later on.\n\nThe first half and the second half."


def test_deleted_table_rows_are_left_out() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "kept", "row"
    table.cell(1, 0).text, table.cell(1, 1).text = "deleted", "row"
    table.rows[1]._tr.get_or_add_trPr().append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="5" w:author="E"/>')
    )
    assert read_docx(docx_bytes(document), "rows.docx").text == "kept\trow"


def test_speaker_table_without_times_merges_a_speakers_consecutive_rows() -> None:
    document = docx.Document()
    document.add_paragraph("Focus group 2")
    rows = [
        ("Speaker", "Transcript"),
        ("Facilitator:", "Who would like to start with the first question today?"),
        ("Ann", "I can start."),
        ("Ann", "It was hard to find the building the first time I came here."),
        ("Facilitator:", "Thank you."),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    content = read_docx(docx_bytes(document), "group.docx")
    assert content.text == (
        "Focus group 2\n\n"
        "Facilitator: Who would like to start with the first question today?\n\n"
        "Ann: I can start.\n\n"
        "It was hard to find the building the first time I came here.\n\n"
        "Facilitator: Thank you."
    )
    assert content.turns is not None
    assert [(t.label, content.text[t.start : t.end].split("\n\n")) for t in content.turns] == [
        ("Facilitator", ["Facilitator: Who would like to start with the first question today?"]),
        (
            "Ann",
            ["Ann: I can start.", "It was hard to find the building the first time I came here."],
        ),
        ("Facilitator", ["Facilitator: Thank you."]),
    ]
    assert all(t.seconds is None for t in content.turns)
    assert content.sections == ()


def test_table_of_names_and_roles_is_not_a_transcript() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row, (name, role) in zip(
        table.rows,
        [("Ann Smith", "Nurse"), ("Bob Jones", "Nurse"), ("Cy Young", "Porter")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = name, role
    content = read_docx(docx_bytes(document), "staff.docx")
    assert content.text == "Ann Smith\tNurse\n\nBob Jones\tNurse\n\nCy Young\tPorter"
    assert content.turns is None


def test_a_style_with_an_outline_level_makes_headings() -> None:
    document = docx.Document()
    style = document.styles.add_style("Interview question", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
    document.add_paragraph("Q1 How did you hear about us?", style="Interview question")
    document.add_paragraph("From a friend.")
    document.add_heading("Part two", level=1)
    content = read_docx(docx_bytes(document), "questions.docx")
    part_two = content.text.index("Part two")
    assert content.sections == (
        Section("Q1 How did you hear about us?", 2, 0, part_two),
        Section("Part two", 1, part_two, len(content.text)),
    )


def test_comment_without_a_range_covers_its_paragraph() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("First paragraph.")
    document.add_comment(paragraph.runs, text="General remark", author="Ann")
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for element in paragraph._p.findall(qn(f"w:{tag}")):
            paragraph._p.remove(element)
    document.add_paragraph("Second paragraph.")
    comments = read_docx(docx_bytes(document), "remark.docx").comments
    assert [(c.start, c.end, c.text, c.author) for c in comments] == [
        (0, 16, "General remark", "Ann")
    ]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.text(
            st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1, max_size=12
        ),
        min_size=3,
        max_size=6,
    ),
    st.data(),
)
def test_a_comment_spans_exactly_the_runs_it_marks(pieces: list[str], data: st.DataObject) -> None:
    assume(all(piece.strip() for piece in pieces))
    marked = data.draw(st.integers(0, len(pieces) - 1))
    document = docx.Document()
    paragraph = document.add_paragraph()
    runs = [paragraph.add_run(piece) for piece in pieces]
    document.add_comment(runs[marked], text="c", author="a")
    content = read_docx(docx_bytes(document), "property.docx")
    (comment,) = content.comments
    assert content.text == normalise_text("".join(pieces)).strip()
    assert content.text[comment.start : comment.end] in normalise_text(pieces[marked])
    assert content.text[comment.start : comment.end] == (
        content.text[comment.start : comment.end].strip()
    )


# --- The package: zip limits counted as members are inflated ---------------------------


def test_inflated_bytes_are_counted_against_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_interview()
    sizes = {i.filename: i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    total = sum(sizes.values())
    # Under the limit as declared, over it once every part is read a second time.
    monkeypatch.setenv("QUALFRAME_LIMIT_UNPACKED_BYTES", str(total))
    package = OfficePackage.open(
        data, "counted.docx", what="the Word document", kind=".docx", invalid="{}"
    )
    for name in sizes:
        package.read(name)
    with pytest.raises(InputFileError, match=r"^counted\.docx: the Word document unpacked to"):
        for name in sizes:
            package.read(name)


def test_package_whose_directory_understates_a_size_is_refused_as_damaged() -> None:
    data = bytearray(make_interview())
    name = b"word/document.xml"
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name))  # its central directory entry
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")  # uncompressed size
    with pytest.raises(InputFileError) as caught:
        read_docx(bytes(data), "lying.docx")
    assert str(caught.value).startswith("lying.docx: not a valid Word document (")


def test_time_ranges_give_the_start_and_a_timed_row_without_speaker_is_a_new_turn() -> None:
    document = docx.Document()
    rows = [
        ("00:00:01 - 00:00:07", "Interviewer", "Shall we begin with how you found the service?"),
        ("00:00:08 - 00:00:20", "P3", "Through my doctor, who gave me the leaflet."),
        ("00:00:21 - 00:00:30", "", "Then a friend said it helped her too."),
        ("00:00:31 - 00:00:33", "Interviewer", "Thanks."),
    ]
    table = document.add_table(rows=len(rows), cols=3)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    content = read_docx(docx_bytes(document), "ranges.docx")
    assert content.turns is not None
    assert [(t.label, content.text[t.start : t.end], t.seconds) for t in content.turns] == [
        ("Interviewer", "Interviewer: Shall we begin with how you found the service?", 1.0),
        ("P3", "P3: Through my doctor, who gave me the leaflet.", 8.0),
        ("P3", "P3: Then a friend said it helped her too.", 21.0),
        ("Interviewer", "Interviewer: Thanks.", 31.0),
    ]


def test_a_table_of_contents_is_not_read() -> None:
    document = docx.Document()
    document.element.body.insert(
        0,
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtPr><w:docPartObj>"
            '<w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>'
            f"<w:sdtContent><w:p>{run('Contents')}</w:p><w:p>{run('Findings 3')}</w:p>"
            "</w:sdtContent></w:sdt>"
        ),
    )
    document.add_heading("Findings", level=1)
    assert read_docx(docx_bytes(document), "toc.docx").text == "Findings"


@pytest.mark.parametrize(
    ("cell", "seconds"),
    [
        ("00:01:23", 83.0),
        ("0:05", 5.0),
        ("[00:01:23]", 83.0),
        ("(01:23.5)", 83.5),
        ("1:00:00 --> 1:00:04", 3600.0),
        ("00:61:00", None),
        ("12:75", None),
        ("10 to 11", None),
        ("Ann", None),
    ],
)
def test_table_times_are_read_in_the_usual_forms(cell: str, seconds: float | None) -> None:
    assert parse_time(cell) == seconds
