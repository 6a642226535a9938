"""Turning the bytes of a text file into the text qualframe stores.

Decoding never guesses silently: UTF-8 (with or without BOM) and UTF-16
with a BOM are read directly; anything else is detected with
charset-normalizer and accepted only when the detection is confident,
otherwise the user is asked to name the encoding. The result is normalised
to Unicode NFC with ``\\n`` line endings, because offsets (code points) are
counted over exactly that text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from qualframe.errors import InputFileError

#: Share of control characters (other than tab, CR, LF, FF) above which a
#: file is treated as binary rather than text.
_BINARY_CONTROL_SHARE = 0.05
#: C0 and C1 control characters other than tab, LF, FF and CR.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
#: Highest charset-normalizer "chaos" accepted for a detected encoding.
_MAX_CHAOS = 0.2
#: Highest share of accented letters in text accepted as Windows-1252.
_MAX_ACCENTED_SHARE = 0.3


def normalise_text(text: str) -> str:
    """NFC-normalise ``text`` and turn CR+LF and lone CR into LF."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def decode_text(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode ``data`` (the bytes of file ``source``) to normalised text.

    ``encoding`` forces a codec (any name Python knows); without it the
    encoding is read from a BOM, tried as UTF-8, then detected.

    Raises :class:`InputFileError` naming ``source`` when the file is empty,
    looks binary, does not decode with the named encoding, or its encoding
    cannot be determined with confidence.
    """
    if not data:
        raise InputFileError(source, "the file is empty (0 bytes)")
    text = _decode_named(data, source, encoding) if encoding else _decode_detected(data, source)
    if not text.strip():
        raise InputFileError(source, "the file is empty (only white space)")
    _reject_binary(text, source)
    return normalise_text(text)


def _decode_named(data: bytes, source: str, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputFileError(source, f"unknown encoding {encoding!r}") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            source,
            f"the bytes at position {exc.start} are not valid {encoding}; "
            "check the encoding you named",
        ) from None
    return text.removeprefix("\ufeff")


def _decode_detected(data: bytes, source: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _decode_named(data[len(codecs.BOM_UTF8) :], source, "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_named(data, source, "utf-16")
    if b"\x00" in data:
        raise InputFileError(source, "this is a binary file, not text (it contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Windows-1252 is by far the commonest legacy encoding of English-language
    # transcripts and survey exports; statistical detection misreads short
    # cp1252 texts as Cyrillic, so it is tried first and kept only when every
    # letter it yields is Latin.
    try:
        latin = data.decode("cp1252")
    except UnicodeDecodeError:
        latin = None
    if latin is not None and _letters_are_latin(latin):
        return latin
    # Imported lazily: detection is only needed for the rare non-UTF-8 file.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS or best.encoding in {"utf_8", "ascii"}:
        raise InputFileError(
            source,
            f"the text is not UTF-8 (invalid byte at position {utf8_error.start}) and its "
            "encoding could not be detected with confidence; name it with --encoding "
            "(for example cp1252 or latin-1)",
        )
    return str(best)


def _letters_are_latin(text: str) -> bool:
    """True when ``text`` reads as Western European: Latin letters only, and
    accented ones a minority (a text in another script mis-read as cp1252
    is mostly accented letters)."""
    letters = [ch for ch in text if ch.isalpha()]
    accented = [ch for ch in letters if not ch.isascii()]
    if len(accented) > _MAX_ACCENTED_SHARE * max(len(letters), 1):
        return False
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in set(accented))


def _reject_binary(text: str, source: str) -> None:
    sample = text[:65536]
    controls = len(_CONTROL_CHARACTERS.findall(sample))
    if "\x00" in sample or controls > _BINARY_CONTROL_SHARE * len(sample):
        raise InputFileError(source, "this looks like a binary file, not text")
