"""Decoding the bytes of text files into the text qualframe stores."""

from __future__ import annotations

import codecs
import random
import unicodedata
from pathlib import Path

import pytest

from qualframe.errors import InputFileError
from qualframe.formats.offset_maps import normalisation_map
from qualframe.formats.text_decoding import decode_text, normalise_text

TEXT = "Interviewer: Café, naïve — “quoted” 😀\nParticipant 1: Ça va.\n"


def test_utf8_is_decoded_as_is() -> None:
    assert decode_text(TEXT.encode("utf-8"), "a.txt") == TEXT


def test_utf8_byte_order_mark_is_dropped() -> None:
    assert decode_text(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "a.txt") == TEXT


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_byte_order_mark_is_decoded(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_text(bom + TEXT.encode(codec), "a.txt") == TEXT


def test_windows_1252_file_is_detected(shared_dir: Path) -> None:
    path = shared_dir / "datasets" / "games-as-art-coded" / "bopp_test.csv"
    text = decode_text(path.read_bytes(), path.name)
    assert "different “experiments”" in text
    assert "it\u2019s" in text
    assert "\ufffd" not in text


def test_short_windows_1252_text_is_detected() -> None:
    text = "She said “it\u2019s fine” \u2013 café."
    assert decode_text(text.encode("cp1252"), "a.txt") == text


def test_decomposed_characters_are_normalised_to_nfc() -> None:
    decomposed = "cafe\u0301 and n\u0303"
    text = decode_text(decomposed.encode("utf-8"), "a.txt")
    assert text == "café and ñ"
    assert unicodedata.is_normalized("NFC", text)
    assert len(text) == len("café and ñ")


def test_crlf_and_lone_cr_become_lf() -> None:
    assert decode_text(b"one\r\ntwo\rthree\n", "a.txt") == "one\ntwo\nthree\n"


def test_normalise_text_applies_nfc_and_lf() -> None:
    assert normalise_text("e\u0301\r\nx\r") == "é\nx\n"


def test_empty_file_is_rejected_with_a_clear_message() -> None:
    with pytest.raises(InputFileError) as caught:
        decode_text(b"", "empty.txt")
    assert "empty.txt" in str(caught.value)
    assert "empty" in caught.value.problem


def test_white_space_only_file_is_rejected_as_empty() -> None:
    with pytest.raises(InputFileError, match=r"blank\.txt: .*empty"):
        decode_text(b"  \r\n\t\n", "blank.txt")


def test_png_renamed_to_txt_is_rejected_as_binary() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
    with pytest.raises(InputFileError) as caught:
        decode_text(png, "photo.txt")
    assert str(caught.value).startswith("photo.txt: ")
    assert "binary" in caught.value.problem


def test_random_bytes_with_nuls_are_rejected_as_binary() -> None:
    data = bytes(random.Random(7).randrange(256) for _ in range(4096)) + b"\x00\x00"
    with pytest.raises(InputFileError, match=r"noise\.txt: .*binary"):
        decode_text(data, "noise.txt")


def test_bytes_invalid_in_the_named_encoding_are_rejected() -> None:
    data = "café".encode() + b"\xff\xfe\xfa"
    with pytest.raises(InputFileError) as caught:
        decode_text(data, "notes.txt", encoding="utf-8")
    assert "notes.txt" in str(caught.value)
    assert "not valid utf-8" in caught.value.problem


def test_named_encoding_is_used() -> None:
    assert decode_text("Ŝ ĉ".encode("iso-8859-3"), "a.txt", encoding="iso-8859-3") == "Ŝ ĉ"


def test_unknown_encoding_name_is_rejected() -> None:
    with pytest.raises(InputFileError) as caught:
        decode_text(b"hello", "a.txt", encoding="klingon-8")
    assert str(caught.value) == "a.txt: unknown encoding 'klingon-8'"


# ---------------------------------------------------------------- both databases (issue 11)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_recognised(codec: str) -> None:
    text = "Interviewer: How was it?\nSam: Grüße, it was fine.\n"
    assert decode_text(text.encode(codec), "notes.txt") == text


def test_utf16_of_mostly_other_scripts_is_recognised_by_its_spaces_and_digits() -> None:
    text = "Интервью 1: как это было? Хорошо, спасибо. 2 3 4 5 6 7 8 9 10\n"
    assert decode_text(text.encode("utf-16-le"), "notes.txt") == text


def test_utf32_with_a_byte_order_mark_is_decoded() -> None:
    assert decode_text("Grüße\n".encode("utf-32"), "notes.txt") == "Grüße\n"


def test_cut_short_utf16_is_refused_with_a_hint_to_name_the_encoding() -> None:
    data = "Interviewer: How was it?".encode("utf-16-le")[:-1]
    with pytest.raises(InputFileError) as caught:
        decode_text(data, "notes.txt")
    assert "binary" in caught.value.problem
    assert "--encoding utf-16-le" in caught.value.problem


def test_a_binary_file_with_nul_bytes_hints_at_utf16() -> None:
    noise = random.Random(3)
    data = bytes(noise.randrange(256) for _ in range(512)) + b"\x00" * 4
    with pytest.raises(InputFileError, match=r"binary.*--encoding utf-16-le"):
        decode_text(data, "noise.txt")


def test_a_few_stray_nul_characters_are_left_out_of_the_text() -> None:
    text = "Interviewer: How was it?\nSam: It was fine, thank you for asking.\n"
    data = text.replace("fine", "fi\x00ne").encode()
    assert decode_text(data, "notes.txt") == text


def test_nul_characters_in_a_named_encoding_are_left_out() -> None:
    data = "Sam: It was fine, thank you.\x00\n".encode("cp1252")
    assert decode_text(data, "notes.txt", encoding="cp1252") == "Sam: It was fine, thank you.\n"


@pytest.mark.parametrize(
    ("codec", "shown"),
    [("base64", "base64"), ("rot13", "rot-13"), ("hex", "hex"), ("zlib", "zlib"), ("bz2", "bz2")],
)
def test_a_non_text_codec_is_refused_naming_the_option_and_the_codec(
    codec: str, shown: str
) -> None:
    with pytest.raises(InputFileError) as caught:
        decode_text(b"aGVsbG8=", "notes.txt", encoding=codec)
    assert caught.value.problem.startswith(f"--encoding {codec!r} is not a text encoding ({shown}")
    assert "utf-8" in caught.value.problem


def test_a_codec_that_cannot_decode_anything_is_refused_without_a_traceback() -> None:
    with pytest.raises(InputFileError, match="cannot be decoded as undefined"):
        decode_text(b"hello", "notes.txt", encoding="undefined")


def test_normalising_leaves_nul_out_and_marks_half_characters() -> None:
    assert normalise_text("a\x00b\ud800c") == "ab\ufffdc"


def test_a_nul_between_cr_and_lf_leaves_two_line_breaks() -> None:
    assert normalise_text("a\r\x00\nb") == "a\n\nb"


@pytest.mark.parametrize("raw", ["e\x00\u0301", "\r\x00\n", "\u1100\x00\u1161", "x\ud800\u0301"])
def test_offsets_map_across_a_left_out_nul(raw: str) -> None:
    assert normalisation_map(raw).target_length == len(normalise_text(raw))
