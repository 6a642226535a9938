"""Reading Rich Text Format (.rtf) documents into plain text.

RTF is 7-bit text: other characters are written as ``\\'xx`` (a byte of
the document's code page, ``\\ansicpgN``; Windows-1252 when none is named,
Mac Roman for ``\\mac``, code page 437 for ``\\pc`` and 850 for ``\\pca``,
or the code page of the font's character set) or ``\\uN`` (a Unicode
character, a pair of them for characters beyond the Basic Multilingual
Plane). Bytes above 127 written as they are, which some programs do, are
read in the document's code page too. striprtf strips the control words.

Layout of the text: each RTF paragraph (``\\par``) becomes one block and
blocks are separated by one blank line; a line break (``\\line``) stays a
``\\n`` inside its block; a table row becomes one block of tab-separated
cells. Headers, footers, footnotes, comments and pictures are not read.
Headings and speaker turns are left to be found in the text.
"""

from __future__ import annotations

import codecs
import re

from qualframe.errors import InputFileError
from qualframe.formats.structure import TextContent
from qualframe.formats.text_decoding import normalise_text

_SIGNATURE = b"{\\rtf"
#: The header is searched for the code page this far, in bytes.
_HEADER_BYTES = 4096
_CODE_PAGE = re.compile(rb"\\ansicpg(\d{1,5})(?![0-9])")
_CHARSETS = (
    (re.compile(rb"\\mac(?![a-z])"), "mac_roman"),
    (re.compile(rb"\\pca(?![a-z])"), "cp850"),
    (re.compile(rb"\\pc(?![a-z])"), "cp437"),
)
#: Code pages Python knows under another name.
_CODE_PAGE_NAMES = {10000: "mac_roman", 65001: "utf-8", 20127: "ascii", 28591: "latin-1"}
#: Control words rewritten before striprtf reads the text: an escaped
#: backslash (kept as it is), line breaks and table cells (striprtf would make
#: them a paragraph end and "|"), the code page (already applied) and field
#: instructions (spelled so that striprtf's hyperlink rewriting, a greedy
#: pattern that garbles several links on one line, leaves them alone: a link
#: reads as the text it shows).
_REWRITTEN = re.compile(r"\\\\|\\(line|cell|nestcell|ansicpg|fldinst)(?![a-zA-Z])(-?\d{1,10})? ?")
#: Written for ``\\line``: a Unicode line separator, in a group that skips no
#: fallback character; turned into ``\\n`` inside its block afterwards.
_LINE_SEPARATOR = "\u2028"
_REPLACEMENTS = {
    "line": r"{\uc0\u8232}",
    "cell": r"{\uc0\u9}",
    "nestcell": r"{\uc0\u9}",
    "fldinst": "\\fldinst ",
}


def read_rtf(data: bytes, source: str) -> TextContent:
    """Read the bytes of an .rtf file named ``source``.

    Returns the text laid out as described in the module docstring
    (sections and turns left to the detectors). Raises
    :class:`InputFileError` naming ``source`` when the file is empty, is
    not RTF (does not start with ``{\\rtf``), names a code page Python
    cannot decode, has characters its code page does not define, or holds
    no text.
    """
    if not data:
        raise InputFileError(source, "the file is empty (0 bytes)")
    data = data.removeprefix(codecs.BOM_UTF8).lstrip()
    if not data.startswith(_SIGNATURE):
        raise InputFileError(source, "not an RTF document (it does not start with {\\rtf)")
    encoding = _code_page(data[:_HEADER_BYTES], source)
    # surrogateescape keeps bytes the code page does not define (in embedded
    # pictures, which are dropped) instead of failing on them.
    rtf = _REWRITTEN.sub(_rewrite, data.decode(encoding, "surrogateescape"))
    from striprtf.striprtf import rtf_to_text  # imported lazily: only needed for .rtf

    try:
        plain = rtf_to_text(rtf, encoding=encoding, errors="strict")
    except UnicodeDecodeError as exc:
        problem = f"the RTF document has characters its code page ({encoding}) does not define"
        raise InputFileError(source, f"{problem}: {exc.reason}") from None
    # striprtf fails on malformed escapes in several ways (a \u beyond Unicode...).
    except (ValueError, TypeError, IndexError, OverflowError, LookupError) as exc:
        raise InputFileError(source, f"the RTF document is damaged: {exc}") from None
    text = normalise_text("\n\n".join(_blocks(_joined_surrogates(plain))))
    if not text.strip():
        raise InputFileError(source, "the RTF document contains no text")
    return TextContent(text)


def _code_page(header: bytes, source: str) -> str:
    """The codec of the document's code page, from its header."""
    if match := _CODE_PAGE.search(header):
        number = int(match.group(1))
        name = _CODE_PAGE_NAMES.get(number, f"cp{number}")
        try:
            return codecs.lookup(name).name
        except LookupError:
            raise InputFileError(
                source, f"the RTF document uses code page {number}, which qualframe cannot read"
            ) from None
    for pattern, name in _CHARSETS:
        if pattern.search(header):
            return name
    return "cp1252"


def _rewrite(match: re.Match[str]) -> str:
    word = match.group(1)
    if word is None:
        return match.group(0)  # an escaped backslash
    return _REPLACEMENTS.get(word, "")


def _joined_surrogates(text: str) -> str:
    """Pairs of ``\\uN`` surrogates joined into one character; a lone surrogate
    (or an undefined byte kept by surrogateescape) becomes U+FFFD."""
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _blocks(plain: str) -> list[str]:
    """One block per non-blank paragraph, its line breaks kept as ``\\n``."""
    blocks = []
    for paragraph in plain.split("\n"):
        lines = [line.rstrip() for line in paragraph.split(_LINE_SEPARATOR)]
        if block := "\n".join(line for line in lines if line.strip()).strip():
            blocks.append(block)
    return blocks
