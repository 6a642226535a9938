"""Reading the text layer of PDF documents.

Layout of the text: the text pypdf extracts from each page, with trailing
spaces removed from every line and runs of blank lines reduced to one;
pages are separated by one blank line (so a page always starts a new
paragraph). Pages without text are skipped. There is no OCR: a scanned PDF
without a text layer is refused with a message saying so.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from qualframe.errors import InputFileError
from qualframe.formats.structure import TextContent
from qualframe.formats.text_decoding import normalise_text

if TYPE_CHECKING:
    from pypdf import PdfReader

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRAILING_SPACES = re.compile(r"[^\S\n]+$", re.MULTILINE)
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")

_ENCRYPTED = "the PDF is encrypted; remove the password and import again"
_NO_TEXT = (
    "the PDF has no text layer (it is probably a scanned image); run OCR first, "
    "for example with OCRmyPDF, and import the result"
)


def read_pdf(data: bytes, source: str) -> TextContent:
    """Read the text layer of the PDF bytes of file ``source``.

    ``metadata`` holds ``pages`` (the page count), ``pages_without_text``
    when some pages have no text, and the document's ``title``/``author``
    when set. Raises :class:`InputFileError` naming ``source`` when the
    file is empty, not a PDF or damaged, encrypted with a password, or has
    no text layer.
    """
    if not data:
        raise InputFileError(source, "the file is empty (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise InputFileError(source, "this is not a PDF file (it has no '%PDF-' header)")
    reader = _open_reader(data, source)
    page_texts = _page_texts(reader, source)
    kept = [page for page in page_texts if page]
    if not kept:
        raise InputFileError(source, _NO_TEXT)
    metadata = {"pages": str(len(page_texts)), **_document_info(reader)}
    if len(kept) < len(page_texts):
        metadata["pages_without_text"] = str(len(page_texts) - len(kept))
    return TextContent(text="\n\n".join(kept), metadata=metadata)


def _open_reader(data: bytes, source: str) -> PdfReader:
    """Open the PDF, decrypting it when it only has an empty user password."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data))
    # pypdf raises many kinds of error on damaged input; all mean "bad file".
    except Exception as exc:
        raise InputFileError(source, f"the PDF is damaged or incomplete ({exc})") from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except DependencyError:
            opened = False
        except Exception as exc:
            raise InputFileError(source, f"{_ENCRYPTED} ({exc})") from None
        if not opened:
            raise InputFileError(source, _ENCRYPTED)
    return reader


def _page_texts(reader: PdfReader, source: str) -> list[str]:
    """The cleaned text of every page ('' for a page without text)."""
    from pypdf.errors import FileNotDecryptedError

    texts = []
    try:
        for page in reader.pages:
            texts.append(_clean_page(page.extract_text() or ""))
    except FileNotDecryptedError:
        raise InputFileError(source, _ENCRYPTED) from None
    except Exception as exc:
        raise InputFileError(
            source, f"the PDF is damaged and its text cannot be read ({exc})"
        ) from None
    return texts


def _clean_page(text: str) -> str:
    """Page text without control characters, trailing spaces or repeated blank lines."""
    text = normalise_text(_CONTROL_CHARACTERS.sub("", text.replace("\x0c", "\n")))
    text = _TRAILING_SPACES.sub("", text)
    return _BLANK_LINE_RUNS.sub("\n\n", text).strip()


def _document_info(reader: PdfReader) -> dict[str, str]:
    """Title and author from the document information dictionary, when readable."""
    try:
        info = reader.metadata
        values = {"title": info.title, "author": info.author} if info else {}
    except Exception:  # a damaged information dictionary is not worth refusing the file
        return {}
    return {
        key: str(value).strip() for key, value in values.items() if value and str(value).strip()
    }
