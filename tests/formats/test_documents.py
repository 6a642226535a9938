"""Reading documents of every supported kind through one entry point."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from qualframe.errors import InputFileError
from qualframe.formats.documents import (
    SUPPORTED_SUFFIXES,
    DocumentFormat,
    ParsedDocument,
    SpeakerHints,
    TextSpan,
    document_format,
    read_document,
    read_document_bytes,
)

TRANSCRIPT = "Interview 4\n\nInterviewer: How did you start?\n\nP4: I was asked.\nThen I agreed.\n"


def test_supported_suffixes_cover_every_format() -> None:
    assert SUPPORTED_SUFFIXES == (
        ".txt",
        ".md",
        ".markdown",
        ".rst",
        ".docx",
        ".pdf",
        ".vtt",
        ".srt",
        ".odt",
        ".rtf",
        ".html",
        ".htm",
    )
    assert {document_format(f"a{suffix}") for suffix in SUPPORTED_SUFFIXES} == set(DocumentFormat)


def test_suffix_is_matched_case_insensitively() -> None:
    assert document_format("NOTES.TXT") is DocumentFormat.TEXT
    assert document_format("x.MarkDown") is DocumentFormat.MARKDOWN


def test_text_file_gives_text_paragraphs_and_turns(tmp_path: Path) -> None:
    path = tmp_path / "interview-4.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    document = read_document(path)
    assert document == ParsedDocument(
        name="interview-4.txt",
        title="interview-4",
        format=DocumentFormat.TEXT,
        text=TRANSCRIPT,
        paragraphs=(TextSpan(0, 11), TextSpan(13, 44), TextSpan(46, len(TRANSCRIPT) - 1)),
        cues=(),
        turns=document.turns,
        metadata={},
    )
    assert [(t.label, TRANSCRIPT[t.start : t.end]) for t in document.turns] == [
        ("Interviewer", "Interviewer: How did you start?"),
        ("P4", "P4: I was asked.\nThen I agreed."),
    ]


@pytest.mark.parametrize(
    ("name", "kind", "data"),
    [
        ("notes.md", DocumentFormat.MARKDOWN, b"# Focus group\n\n**Ann**: Hello.\n"),
        ("notes.markdown", DocumentFormat.MARKDOWN, b"# Focus group\n\n**Ann**: Hello.\n"),
        ("notes.rst", DocumentFormat.RST, b"Focus group\n===========\n\n**Ann**: Hello.\n"),
    ],
)
def test_markup_files_are_rendered_to_text_with_sections_and_turns(
    name: str, kind: DocumentFormat, data: bytes
) -> None:
    document = read_document_bytes(data, name)
    assert document.format is kind
    assert document.text == "Focus group\n\nAnn: Hello.\n"
    assert [(t.label, document.text[t.start : t.end]) for t in document.turns] == [
        ("Ann", "Ann: Hello.")
    ]
    assert [(s.title, s.level, s.start) for s in document.sections] == [("Focus group", 1, 0)]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("notes.odt", DocumentFormat.ODT), ("notes.rtf", DocumentFormat.RTF),
     ("notes.html", DocumentFormat.HTML), ("notes.htm", DocumentFormat.HTML)],
)  # fmt: skip
def test_new_suffixes_pick_their_readers(name: str, kind: DocumentFormat) -> None:
    assert document_format(name) is kind


def test_project_hints_decide_labels_used_once() -> None:
    text = "Opening words.\n\nBridget: ten minutes left.\n\nClosing words.\n"
    assert read_document_bytes(text.encode(), "n.txt").turns == ()
    hinted = read_document_bytes(
        text.encode(), "n.txt", speakers=SpeakerHints(known=frozenset({"Bridget"}))
    )
    assert [t.label for t in hinted.turns] == ["Bridget"]


def test_upload_name_with_folders_keeps_only_the_file_name() -> None:
    document = read_document_bytes(b"hello", "C:\\fakepath\\Site A\\notes.txt")
    assert (document.name, document.title) == ("notes.txt", "notes")


def test_offsets_are_code_points_into_the_nfc_text_with_emoji_and_combining_marks() -> None:
    data = "Zoe\u0308: cafe\u0301 😀\r\n\r\nBjörn: 👍🏽 done\r\n".encode()
    document = read_document_bytes(data, "emoji.txt")
    assert document.text == "Zoë: café 😀\n\nBjörn: 👍🏽 done\n"
    assert unicodedata.is_normalized("NFC", document.text)
    assert document.paragraphs == (TextSpan(0, 11), TextSpan(13, 27))
    assert [(t.start, t.end) for t in document.turns] == [(0, 11), (13, 27)]


def test_named_encoding_is_used_for_text_files(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Ŝi diris: ĉu?".encode("iso-8859-3"))
    assert read_document(path, encoding="iso-8859-3").text == "Ŝi diris: ĉu?"


def test_covid_inquiry_transcript_is_read_with_its_turns(shared_dir: Path) -> None:
    path = shared_dir / "datasets" / "uk-covid-inquiry-transcripts" / "module-1" / "2022-10-04.rst"
    document = read_document(path)
    assert document.format is DocumentFormat.RST
    assert document.title == "2022-10-04"
    assert document.turns[0].label == "Lady Hallett"
    assert len(document.paragraphs) > 100


def test_unsupported_suffix_is_rejected_listing_the_supported_ones() -> None:
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(b"data", "survey.xlsx")
    message = str(caught.value)
    assert message.startswith("survey.xlsx: files ending in '.xlsx' cannot be imported")
    assert "supported: .txt, .md, .markdown, .rst, .docx, .pdf, .vtt, .srt" in message


def test_file_without_suffix_is_rejected() -> None:
    with pytest.raises(InputFileError, match=r"^README: files without a suffix cannot be"):
        read_document_bytes(b"data", "README")


def test_unsupported_suffix_is_rejected_before_reading_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"files ending in '\.pages'"):
        read_document(tmp_path / "missing.pages")


def test_missing_file_is_rejected_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    with pytest.raises(InputFileError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: the file does not exist"


def test_folder_is_rejected(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InputFileError, match=r"this is a folder, not a file"):
        read_document(folder)


def test_empty_text_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputFileError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: the file is empty (0 bytes)"


def test_binary_file_renamed_txt_is_rejected() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(200))
    with pytest.raises(InputFileError, match=r"^photo\.txt: this is a binary file"):
        read_document_bytes(png, "photo.txt")


def test_undecodable_bytes_are_rejected_with_advice_to_name_the_encoding() -> None:
    with pytest.raises(InputFileError) as caught:
        read_document_bytes("naïve".encode("utf-16-le"), "odd.md", encoding="utf-8")
    assert str(caught.value).startswith("odd.md: the bytes at position")
    assert "not valid utf-8" in caught.value.problem


def test_too_large_file_is_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALFRAME_LIMIT_FILE_BYTES", "10")
    path = tmp_path / "big.txt"
    path.write_text("x" * 100)
    with pytest.raises(
        InputFileError,
        match=r"big\.txt: the file is 100 bytes, more than the 10 bytes allowed; "
        r"the limit is QUALFRAME_LIMIT_FILE_BYTES",
    ):
        read_document(path)


def test_a_rejected_bold_label_joins_the_turn_before() -> None:
    data = b"**Ann**: Hello.\n\n**You say**: quoted words.\n\n**Bo**: Hi.\n"
    hinted = read_document_bytes(
        data, "day.md", speakers=SpeakerHints(rejected=frozenset({"you say"}))
    )
    assert [(t.label, hinted.text[t.start : t.end]) for t in hinted.turns] == [
        ("Ann", "Ann: Hello.\n\nYou say: quoted words."),
        ("Bo", "Bo: Hi."),
    ]
