"""Hostile files are refused by what they are, not by what they claim: each refusal
names the file, the problem and the limit that stopped it, and comes from the limit
being hit (work bounded by it), never from a timer."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator

import pytest
from tests.formats import hostile_samples as samples
from tests.formats.hostile_samples import MIB, RawEntry

from qualframe.errors import InputFileError
from qualframe.formats import archives, read_limits
from qualframe.formats.archives import CHUNK_BYTES, RATIO_FROM_BYTES, GuardedArchive
from qualframe.formats.documents import read_document_bytes
from qualframe.formats.tables import read_table_bytes


def guarded(data: bytes, name: str = "bomb.docx") -> GuardedArchive:
    return GuardedArchive.open(data, name, what="the archive", kind=".zip", invalid="bad ({})")


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(InputFileError) as caught:
        read_document_bytes(data, name)
    return str(caught.value)


# --- Zip bombs ------------------------------------------------------------------------


def test_honest_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated() -> None:
    data = samples.honest_bomb_docx()
    assert len(data) < 100_000
    message = refusal(data, "honest.docx")
    assert message.startswith(
        "honest.docx: the Word document part 'word/document.xml' says it unpacks to "
    )
    assert "it may be a zip bomb; the limit is QUALFRAME_LIMIT_COMPRESSION_RATIO" in message


@pytest.mark.parametrize(
    "make", [samples.lying_ratio_docx, samples.understated_docx], ids=["over", "under"]
)
def test_a_directory_lying_about_sizes_is_caught_on_the_bytes_actually_inflated(
    make: Callable[[], bytes],
) -> None:
    data = make()
    message = refusal(data, "lying.docx")
    assert message == (
        "lying.docx: the Word document part 'word/document.xml' unpacked to more than 200 "
        "times its compressed size; it may be a zip bomb; the limit is "
        "QUALFRAME_LIMIT_COMPRESSION_RATIO"
    )
    archive = guarded(data)
    with pytest.raises(InputFileError, match="QUALFRAME_LIMIT_COMPRESSION_RATIO"):
        archive.read("word/document.xml")
    assert archive.inflated <= RATIO_FROM_BYTES + CHUNK_BYTES  # of 20 MB


def test_a_false_uncompressed_size_inflates_no_further_than_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 1 GiB of zeros declared as 100 bytes; the ratio limit out of the way.
    gigabyte = samples.deflate_repeated(b"", bytes(MIB), 1024, b"", checksum=False)
    data = samples.raw_zip([RawEntry("zeros.bin", gigabyte, claimed_size=100)])
    assert len(data) < 2 * MIB
    monkeypatch.setenv("QUALFRAME_LIMIT_COMPRESSION_RATIO", "100000")
    monkeypatch.setenv("QUALFRAME_LIMIT_UNPACKED_BYTES", str(16 * MIB))
    archive = guarded(data, "false.zip")
    with pytest.raises(InputFileError) as caught:
        archive.inflate_all()
    assert str(caught.value) == (
        "false.zip: the archive unpacked to more than 16 MB; it may be a zip bomb; "
        "the limit is QUALFRAME_LIMIT_UNPACKED_BYTES"
    )
    assert archive.inflated == 16 * MIB + 1


def test_a_word_main_part_with_a_false_size_stops_at_the_unpacked_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bomb = samples.comment_bomb(64)
    data = samples.docx_with_main(RawEntry("word/document.xml", bomb, claimed_size=1000))
    monkeypatch.setenv("QUALFRAME_LIMIT_COMPRESSION_RATIO", "100000")
    monkeypatch.setenv("QUALFRAME_LIMIT_UNPACKED_BYTES", str(4 * MIB))
    assert refusal(data, "false.docx") == (
        "false.docx: the Word document unpacked to more than 4 MB; it may be a zip bomb; "
        "the limit is QUALFRAME_LIMIT_UNPACKED_BYTES"
    )


def test_a_member_that_differs_from_its_directory_is_refused_as_damaged() -> None:
    stream = samples.deflated(b"<x>" + b"a" * 5000 + b"</x>")
    data = samples.raw_zip([RawEntry("part.xml", stream, claimed_size=5)])
    with pytest.raises(InputFileError, match=r"^odd\.zip: bad \(its part part\.xml does not"):
        guarded(data, "odd.zip").inflate_all()


def test_many_parts_just_under_the_ratio_threshold_are_stopped_by_the_whole_archive() -> None:
    data = samples.many_parts_xlsx()  # 190 parts of 1 MiB - 1 byte each
    assert len(data) < 400_000
    with pytest.raises(InputFileError) as caught:
        read_table_bytes(data, "parts.xlsx")
    assert str(caught.value) == (
        "parts.xlsx: the workbook unpacked to more than 200 times its compressed size; it "
        "may be a zip bomb; the limit is QUALFRAME_LIMIT_COMPRESSION_RATIO"
    )
    archive = guarded(data)
    with pytest.raises(InputFileError, match="QUALFRAME_LIMIT_COMPRESSION_RATIO"):
        archive.inflate_all()
    assert archive.inflated <= RATIO_FROM_BYTES + CHUNK_BYTES  # of 190 MB


def test_many_parts_over_the_total_are_refused_whatever_their_ratio(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = samples.diluted_parts_xlsx()  # 40 parts of 1 MiB after 256 KB of noise
    monkeypatch.setenv("QUALFRAME_LIMIT_UNPACKED_BYTES", str(8 * MIB))
    with pytest.raises(InputFileError) as caught:
        read_table_bytes(data, "parts.xlsx")
    assert str(caught.value) == (
        "parts.xlsx: the workbook says it unpacks to 40.2 MB, more than the 8 MB allowed; "
        "it may be a zip bomb; the limit is QUALFRAME_LIMIT_UNPACKED_BYTES"
    )


def test_many_parts_under_a_false_directory_stop_at_the_first_part(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    part = samples.deflated(b"<x>" + b" " * (MIB - 8) + b"</x>")
    entries = [RawEntry(f"part{index}.xml", part, claimed_size=10) for index in range(40)]
    # Each part's size is checked once it is inflated: the lie is found at the first
    # part's end, before the next one is touched.
    monkeypatch.setenv("QUALFRAME_LIMIT_COMPRESSION_RATIO", "100000")
    archive = guarded(samples.raw_zip(entries), "parts.xlsx")
    with pytest.raises(InputFileError, match="does not match the archive's directory"):
        archive.inflate_all()
    assert archive.inflated == MIB - 1


def test_openpyxl_never_opens_a_workbook_the_guard_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import openpyxl

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", fail)
    with pytest.raises(InputFileError, match="zip bomb"):
        read_table_bytes(samples.many_parts_xlsx(), "parts.xlsx")


def test_members_are_counted_before_the_directory_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entries = [RawEntry(f"p{index}.xml", samples.deflated(b"<p/>")) for index in range(6)]

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the directory was parsed")

    monkeypatch.setenv("QUALFRAME_LIMIT_ARCHIVE_MEMBERS", "5")
    monkeypatch.setattr(archives.zipfile, "ZipFile", never)
    with pytest.raises(InputFileError) as caught:
        read_table_bytes(samples.raw_zip(entries), "many.xlsx")
    assert str(caught.value) == (
        "many.xlsx: the workbook holds more than the 5 files allowed; "
        "the limit is QUALFRAME_LIMIT_ARCHIVE_MEMBERS"
    )


def test_a_member_compressed_with_another_method_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(InputFileError, match=r"with a method qualframe does not read \(method 12"):
        read_table_bytes(buffer.getvalue(), "odd.xlsx")


def test_odt_spaces_are_counted_while_the_body_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from qualframe.formats import odt_reader

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the body was laid out")

    data = samples.spaces_odt()  # 10 million spaces from about 10 KB
    monkeypatch.setenv("QUALFRAME_LIMIT_DOCUMENT_CHARACTERS", "100000")
    monkeypatch.setattr(odt_reader, "lay_out", fail)
    assert refusal(data, "spaces.odt") == (
        "spaces.odt: its text is longer than the 100,000 characters allowed; "
        "the limit is QUALFRAME_LIMIT_DOCUMENT_CHARACTERS"
    )


# --- PDF ------------------------------------------------------------------------------


def test_pdf_page_tree_bomb_is_refused_before_any_page_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from qualframe.formats import pdf_words

    def fail(*args: object) -> None:
        raise AssertionError("a page was read")

    data = samples.page_tree_bomb()  # one page listed 99,000 times
    assert len(data) < 8_000
    monkeypatch.setattr(pdf_words, "page_words", fail)
    assert refusal(data, "pages.pdf") == (
        "pages.pdf: the PDF has 99,000 pages, more than the 5,000 allowed (its page tree "
        "may list one page many times); the limit is QUALFRAME_LIMIT_PDF_PAGES"
    )


def test_pdf_characters_are_counted_page_by_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALFRAME_LIMIT_PDF_PAGES", "1000000")
    monkeypatch.setenv("QUALFRAME_LIMIT_DOCUMENT_CHARACTERS", "1000")
    # Each page holds "Hello page": ten characters.
    assert refusal(samples.page_tree_bomb(), "pages.pdf") == (
        "pages.pdf: its text is longer than the 1,000 characters allowed (reading stopped "
        "at page 101); the limit is QUALFRAME_LIMIT_DOCUMENT_CHARACTERS"
    )


def test_pdf_reading_time_is_checked_between_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = iter(range(1_000_000))

    def clock() -> float:  # a clock on which every look takes a second
        return float(next(ticks))

    monkeypatch.setenv("QUALFRAME_LIMIT_PDF_PAGES", "1000000")
    monkeypatch.setenv("QUALFRAME_LIMIT_READ_SECONDS", "5")
    monkeypatch.setattr(read_limits, "clock", clock)
    assert refusal(samples.page_tree_bomb(), "slow.pdf") == (
        "slow.pdf: reading it took longer than the 5 seconds allowed (reading stopped at "
        "page 6); the limit is QUALFRAME_LIMIT_READ_SECONDS"
    )


# --- Text -----------------------------------------------------------------------------


def _refuse_parsing(monkeypatch: pytest.MonkeyPatch, module: str, function: str) -> None:
    import importlib

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"{function} parsed an over-long text")

    monkeypatch.setattr(importlib.import_module(module), function, fail)


@pytest.mark.parametrize(
    ("name", "module", "function"),
    [
        ("long.txt", "qualframe.formats.transcript_text", "read_plain_text"),
        ("long.md", "qualframe.formats.markup_reader", "read_markdown"),
        ("long.rst", "qualframe.formats.markup_reader", "read_rst"),
        ("long.html", "qualframe.formats.html_reader", "read_html"),
        ("long.vtt", "qualframe.formats.subtitle_reader", "read_vtt"),
        ("long.srt", "qualframe.formats.subtitle_reader", "read_srt"),
    ],
)
def test_over_long_text_is_refused_after_decoding_before_any_parsing(
    monkeypatch: pytest.MonkeyPatch, name: str, module: str, function: str
) -> None:
    monkeypatch.setenv("QUALFRAME_LIMIT_DOCUMENT_CHARACTERS", "1000")
    _refuse_parsing(monkeypatch, module, function)
    assert refusal(b"words " * 200, name) == (
        f"{name}: its text is longer than the 1,000 characters allowed; "
        "the limit is QUALFRAME_LIMIT_DOCUMENT_CHARACTERS"
    )


def test_every_readers_text_is_held_to_the_character_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A real Word document of about 50 characters, read whole, then measured.
    monkeypatch.setenv("QUALFRAME_LIMIT_DOCUMENT_CHARACTERS", "20")
    assert refusal(samples.small_docx(), "short.docx") == (
        "short.docx: its text is longer than the 20 characters allowed; "
        "the limit is QUALFRAME_LIMIT_DOCUMENT_CHARACTERS"
    )


def test_uploaded_bytes_are_held_to_the_file_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALFRAME_LIMIT_FILE_BYTES", "1024")
    assert refusal(b"a" * 2048, "big.txt") == (
        "big.txt: the file is 2 KB, more than the 1 KB allowed; "
        "the limit is QUALFRAME_LIMIT_FILE_BYTES"
    )


def test_a_limit_set_to_nonsense_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from qualframe.errors import ConfigurationError

    monkeypatch.setenv("QUALFRAME_LIMIT_UNPACKED_BYTES", "lots")
    with pytest.raises(ConfigurationError, match="QUALFRAME_LIMIT_UNPACKED_BYTES"):
        read_document_bytes(samples.small_docx(), "any.docx")


@pytest.fixture(autouse=True)
def _no_limits_from_outside(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test sees the default limits unless it sets one."""
    import os

    for variable in [v for v in os.environ if v.startswith("QUALFRAME_LIMIT_")]:
        monkeypatch.delenv(variable)
    yield
