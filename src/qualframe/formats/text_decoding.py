"""Turning the bytes of a text file into the text qualframe stores.

Decoding never guesses silently: UTF-8 (with or without BOM) and UTF-16 or
UTF-32 with a BOM are read directly; UTF-16 without a BOM is recognised by
its zero bytes (text in the Latin script has one in every other byte, all
at even or all at odd positions); anything else is detected with
charset-normalizer and accepted only when the detection is confident,
otherwise the user is asked to name the encoding (``--encoding``, which must
name a *text* encoding: ``base64`` or ``rot13`` are refused by name). The
result is normalised to Unicode NFC with ``\\n`` line endings, because
offsets (code points) are counted over exactly that text.

A NUL character (``\\x00``) is never meaningful in a transcript and no
database but SQLite stores one in text, so :func:`normalise_text` leaves NULs
out (a few stray ones in otherwise good UTF-8 are accepted that way; many
make the file binary), and turns half characters (lone surrogates, which no
database stores) into U+FFFD.
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
#: A lone surrogate: decoded text never holds a pair, so any code point in the
#: range is half a character (from ``\\ud800`` escapes or some codecs).
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Bytes looked at to recognise UTF-16 without a BOM (an even number).
_UTF16_SAMPLE_BYTES = 65536
#: In UTF-16 text, at least this share of the characters has a zero byte...
_UTF16_MIN_ZERO_SHARE = 0.1
#: ... and zero bytes at one parity outnumber those at the other this many times.
_UTF16_PARITY_RATIO = 10
#: How the user names another encoding, in messages.
_NAME_IT = "name the encoding with --encoding"
#: The hint given when a file may be UTF-16 without a BOM.
_UTF16_HINT = (
    f"if it is text saved as UTF-16 without a byte order mark, {_NAME_IT} utf-16-le (or utf-16-be)"
)


def normalise_text(text: str) -> str:
    """NFC-normalise ``text``, turn CR+LF and lone CR into LF, leave NUL
    characters out and turn lone surrogates into U+FFFD (see the module
    docstring)."""
    # Line ends first: a NUL between CR and LF leaves two line breaks, as it
    # does in the units of :func:`qualframe.formats.offset_maps.normalisation_map`.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.isascii() and _SURROGATE.search(text) is not None:
        text = _SURROGATE.sub("\ufffd", text)
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def decode_text(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode ``data`` (the bytes of file ``source``) to normalised text.

    ``encoding`` forces a codec (any text encoding Python knows); without it
    the encoding is read from a BOM, recognised as UTF-16 without a BOM,
    tried as UTF-8, then detected.

    Raises :class:`InputFileError` naming ``source`` when the file is empty,
    looks binary, does not decode with the named encoding, the named
    encoding is unknown or not a text encoding, or the encoding cannot be
    determined with confidence.
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
        codec = codecs.lookup(encoding)
    except LookupError:
        raise InputFileError(source, f"unknown encoding {encoding!r}") from None
    # ``_is_text_encoding`` is the standard library's own mark of codecs that
    # turn bytes into text; base64, hex, zlib, rot13... transform bytes or text.
    if not getattr(codec, "_is_text_encoding", True):
        raise InputFileError(
            source,
            f"--encoding {encoding!r} is not a text encoding ({codec.name} turns data into "
            "other data, not bytes into text); name the encoding the text was saved in, "
            "for example utf-8, cp1252 or utf-16-le",
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            source,
            f"the bytes at position {exc.start} are not valid {encoding}; "
            "check the encoding you named",
        ) from None
    except (UnicodeError, ValueError):  # codecs such as 'undefined' or 'idna'
        raise InputFileError(
            source, f"the file cannot be decoded as {encoding}; check the encoding you named"
        ) from None
    return text.removeprefix("\ufeff")


def _decode_detected(data: bytes, source: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _decode_named(data[len(codecs.BOM_UTF8) :], source, "utf-8")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _decode_named(data, source, "utf-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_named(data, source, "utf-16")
    if b"\x00" in data:
        return _decode_with_nuls(data, source)
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


def _decode_with_nuls(data: bytes, source: str) -> str:
    """Bytes holding zero bytes, without a BOM: UTF-16 recognised by where its
    zero bytes are, else UTF-8 with a few stray NULs (left out later; more
    than a few make the text binary, see :func:`_reject_binary`), else a
    binary file."""
    codec = utf16_without_bom(data)
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass  # not UTF-16 after all (or cut short): judged as below, with the hint
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputFileError(
            source, f"this is a binary file, not text (it contains NUL bytes); {_UTF16_HINT}"
        ) from None


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``data`` reads as UTF-16 without a
    byte order mark, else None.

    Judged on the first :data:`_UTF16_SAMPLE_BYTES` bytes of data of even
    length: characters of the Latin script, digits, spaces and line breaks
    have one zero byte, second (little-endian) or first (big-endian); so at
    least a tenth of the byte pairs (and two) have a zero byte at one parity,
    ten times as many as at the other. Binary files have zero bytes at both.
    """
    if len(data) % 2:
        return None
    sample = data[:_UTF16_SAMPLE_BYTES]
    pairs = len(sample) // 2
    first, second = sample[0::2].count(0), sample[1::2].count(0)
    dominant, other = max(first, second), min(first, second)
    if dominant < max(2, _UTF16_MIN_ZERO_SHARE * pairs) or dominant < _UTF16_PARITY_RATIO * other:
        return None
    return "utf-16-le" if second > first else "utf-16-be"


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
    """Refuse text with more than :data:`_BINARY_CONTROL_SHARE` control characters
    (NULs included: a few stray ones are left out by :func:`normalise_text`)."""
    sample = text[:65536]
    controls = len(_CONTROL_CHARACTERS.findall(sample))
    if controls > _BINARY_CONTROL_SHARE * len(sample):
        hint = f" (it contains NUL characters); {_UTF16_HINT}" if "\x00" in sample else ""
        raise InputFileError(source, f"this looks like a binary file, not text{hint}")
