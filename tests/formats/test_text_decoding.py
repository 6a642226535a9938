"""Decoding the bytes of text files into the text qualframe stores."""

from __future__ import annotations

import codecs
import random
import unicodedata
from pathlib import Path

import pytest

from qualframe.errors import InputFileError
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
