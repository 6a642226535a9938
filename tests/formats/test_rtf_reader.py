"""Reading RTF documents: code pages, Unicode escapes, paragraphs and bad files."""

from __future__ import annotations

import pytest
import word_samples
from hypothesis import given, strategies as st

from qualframe.errors import InputFileError
from qualframe.formats.documents import DocumentFormat, read_document_bytes
from qualframe.formats.rtf_reader import read_rtf
from qualframe.formats.text_decoding import normalise_text


def test_accents_in_code_page_and_unicode_escapes_are_decoded() -> None:
    content = read_rtf(word_samples.interview_rtf(), "entretien.rtf")
    assert content.text == word_samples.RTF_TEXT
    assert content.sections is None  # headings and turns are left to the detectors
    assert content.turns is None


def test_rtf_document_goes_through_the_dispatcher() -> None:
    document = read_document_bytes(word_samples.interview_rtf(), "entretien.rtf")
    assert document.format is DocumentFormat.RTF
    assert document.text == word_samples.RTF_TEXT
    assert [document.text[p.start : p.end] for p in document.paragraphs][2] == (
        "P3: Tr\u00e8s bien, la premi\u00e8re fois.\nJ\u2019y suis retourn\u00e9e."
    )


def test_the_code_page_named_by_ansicpg_decodes_hex_escapes_and_raw_bytes() -> None:
    rtf = (
        b"{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\fnil Arial;}}"
        b"\\f0 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2\\par " + "мир".encode("cp1251") + b"\\par}"
    )
    assert read_rtf(rtf, "cyrillic.rtf").text == "Привет\n\nмир"


def test_table_rows_become_blocks_of_tab_separated_cells() -> None:
    rtf = (
        b"{\\rtf1\\ansi Before\\par"
        b"\\trowd\\cellx2000\\cellx4000 \\intbl Site\\cell Visits\\cell\\row"
        b"\\trowd\\cellx2000\\cellx4000 \\intbl North\\cell 12\\cell\\row"
        b"\\pard After\\par}"
    )
    assert read_rtf(rtf, "table.rtf").text == "Before\n\nSite\tVisits\n\nNorth\t12\n\nAfter"


def test_escaped_backslashes_and_braces_are_text() -> None:
    rtf = b"{\\rtf1\\ansi C:\\\\line\\\\cell \\{x\\}\\par}"
    assert read_rtf(rtf, "escapes.rtf").text == "C:\\line\\cell {x}"


def test_hyperlinks_read_as_the_text_they_show() -> None:
    link = b'{\\field{\\*\\fldinst{HYPERLINK "https://example.org/%d"}}{\\fldrslt{site %d}}}'
    rtf = b"{\\rtf1\\ansi See " + link % (1, 1) + b" and " + link % (2, 2) + b".\\par}"
    assert read_rtf(rtf, "links.rtf").text == "See site 1 and site 2."


def test_file_that_is_not_rtf_is_rejected_naming_the_file() -> None:
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(b"Interviewer: hello\n", "notes.rtf")
    assert str(caught.value) == "notes.rtf: not an RTF document (it does not start with {\\rtf)"


def test_empty_and_textless_rtf_files_are_rejected() -> None:
    with pytest.raises(InputFileError, match=r"^empty\.rtf: the file is empty"):
        read_rtf(b"", "empty.rtf")
    with pytest.raises(InputFileError, match=r"^blank\.rtf: the RTF document contains no text"):
        read_rtf(b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\par\\par}", "blank.rtf")


def test_unknown_code_page_is_rejected() -> None:
    with pytest.raises(InputFileError, match=r"^odd\.rtf: .*code page 99999"):
        read_rtf(b"{\\rtf1\\ansi\\ansicpg99999 x\\par}", "odd.rtf")


def rtf_escaped(paragraph: str, code_page_escapes: bool) -> str:
    """``paragraph`` written as 7-bit RTF: \\'xx where Windows-1252 has the
    character (if asked), else \\uN with a fallback (surrogate pairs beyond the BMP)."""
    out = []
    for char in paragraph:
        if char in "\\{}":
            out.append("\\" + char)
        elif char == "\t":
            out.append("\\tab ")
        elif char.isascii():
            out.append(char)
        elif code_page_escapes and len(encoded := char.encode("cp1252", "ignore")) == 1:
            out.append(f"\\'{encoded[0]:02x}")
        else:
            units = char.encode("utf-16-le")
            for index in range(0, len(units), 2):
                value = int.from_bytes(units[index : index + 2], "little")
                out.append(f"\\u{value - 65536 if value > 32767 else value}?")
    return "".join(out)


@given(
    st.lists(
        st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20),
        min_size=1,
        max_size=5,
    ),
    st.booleans(),
)
def test_any_text_written_as_rtf_reads_back(paragraphs: list[str], code_page: bool) -> None:
    expected = "\n\n".join(b for p in paragraphs if (b := normalise_text(p).strip()))
    body = "".join(rtf_escaped(p, code_page) + "\\par\r\n" for p in paragraphs)
    data = ("{\\rtf1\\ansi\\ansicpg1252\\uc1 " + body + "}").encode("ascii")
    if not expected:
        with pytest.raises(InputFileError):
            read_rtf(data, "property.rtf")
    else:
        assert read_rtf(data, "property.rtf").text == expected
