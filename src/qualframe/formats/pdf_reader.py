"""Reading the text layer of PDF documents by its layout.

PDF transcripts are often delivered the way transcription services and
word processors print them: numbered lines, a running header, a footer
with the page number, lines wrapped to the page. The reader keeps the
words and drops the rest:

1. the words of every page with their positions
   (:mod:`qualframe.formats.pdf_words`, read with PDFium), grouped into
   lines (:mod:`qualframe.formats.pdf_lines`);
2. margin line numbers, running headers and footers and page numbers
   removed (:mod:`qualframe.formats.pdf_furniture`);
3. lines joined into paragraphs by single spaces, paragraphs separated by
   one blank line, end-of-line hyphens rejoined where the document says the
   joined form is the word (:mod:`qualframe.formats.pdf_paragraphs`).

PDFium is used because it is fast enough for the command line: on the
100-page, 40-line-a-page transcript of ``benchmarks/pdf_import.py`` the
whole reader takes about 0.8 s, where pdfplumber's ``extract_words`` alone
took 10 s and pypdf's ``extract_text`` (no positions) 1 s.

Structure: ``pages`` holds a :class:`~qualframe.formats.structure.Page` for
every page with text (1-based number, code-point span of its words in the
text, end exclusive); sections and speaker turns are left to be found in
the text (each speaker label starts a paragraph). There is no OCR: a scanned
PDF without a text layer is refused with a message saying so. Two-column
pages are read line by line across both columns.

Limits (:mod:`qualframe.limits`), checked on what the file is: the pages
PDFium finds in the page tree (``pdf_pages``, before any page is read), the
characters of the pages read so far (``document_characters``, counted
before each page's text is extracted) and the time spent (``read_seconds``,
between pages; PDFium's work on one page is not interrupted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from qualframe.errors import InputFileError
from qualframe.formats.read_limits import Deadline, check_characters, limit_note
from qualframe.formats.structure import TextContent
from qualframe.formats.text_decoding import normalise_text
from qualframe.limits import limit

if TYPE_CHECKING:
    from qualframe.formats.pdf_lines import PageLines

_ENCRYPTED = "the PDF is encrypted; remove the password and import again"
_NO_TEXT = (
    "the PDF has no text layer (it is probably a scanned image); run OCR first, "
    "for example with OCRmyPDF, and import the result"
)


def read_pdf(data: bytes, source: str) -> TextContent:
    """Read the text layer of the PDF bytes of file ``source``, by layout.

    ``metadata`` holds ``pages`` (the page count), ``pages_without_text``
    when some pages have no text left once page furniture is removed, and
    the document's ``title``/``author`` when set. Raises
    :class:`InputFileError` naming ``source`` when the file is empty, not a
    PDF or damaged, encrypted with a password, or has no text layer, and when
    it has more pages than ``pdf_pages``, more text than
    ``document_characters`` or takes longer than ``read_seconds`` (checked
    before reading and between pages; see :mod:`qualframe.limits`).
    """
    from qualframe.formats.pdf_furniture import remove_furniture
    from qualframe.formats.pdf_paragraphs import join_pages
    from qualframe.formats.pdf_words import PDFIUM_LOCK

    if not data:
        raise InputFileError(source, "the file is empty (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise InputFileError(source, "this is not a PDF file (it has no '%PDF-' header)")
    deadline = Deadline(source)
    with PDFIUM_LOCK:
        document = _open_document(data, source)
        try:
            _check_page_count(len(document), source)
            pages = _page_lines(document, source, deadline)
            metadata = {"pages": str(len(pages)), **_document_info(document)}
        finally:
            document.close()
    if not any(page.lines for page in pages):
        raise InputFileError(source, _NO_TEXT)
    joined = join_pages(remove_furniture(pages))
    if not joined.text:
        raise InputFileError(source, _NO_TEXT)
    if len(joined.pages) < len(pages):
        metadata["pages_without_text"] = str(len(pages) - len(joined.pages))
    return TextContent(text=joined.text, pages=joined.pages, metadata=metadata)


def _open_document(data: bytes, source: str) -> Any:
    """Open the PDF with PDFium (an empty user password is tried by PDFium itself)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputFileError(source, _ENCRYPTED) from None
        raise InputFileError(source, f"the PDF is damaged or incomplete ({_reason(exc)})") from None


def _reason(exc: Exception) -> str:
    """PDFium's own words for a failure, without the wrapper's."""
    message = str(exc)
    if "(PDFium: " in message:
        return message.split("(PDFium: ", 1)[1].rstrip(").")
    return message


def _check_page_count(count: int, source: str) -> None:
    """Refuse a PDF listing more pages than ``pdf_pages`` before any page is read
    (a page tree can list one page a hundred thousand times in a few bytes)."""
    allowed = limit("pdf_pages")
    if count > allowed:
        raise InputFileError(
            source,
            f"the PDF has {count:,} pages, more than the {allowed:,} allowed (its page "
            f"tree may list one page many times); {limit_note('pdf_pages')}",
        )


def _page_lines(document: Any, source: str, deadline: Deadline) -> list[PageLines]:
    """The lines of every page, in page order (a page without text has none).

    Between pages, the time spent and the characters read so far are held to
    ``read_seconds`` and ``document_characters``; a page's characters are
    counted before its text is extracted.
    """
    import pypdfium2 as pdfium

    from qualframe.formats.pdf_lines import PageLines, group_lines
    from qualframe.formats.pdf_words import page_words

    characters = 0
    pages = []
    for index in range(len(document)):
        where = f"page {index + 1:,}"
        deadline.check(where)
        try:
            page = document[index]
            textpage = page.get_textpage()
            try:
                characters += max(textpage.count_chars(), 0)
                check_characters(characters, source, where=where)
                words = page_words(textpage)
                left, _, right, _ = page.get_bbox()
            finally:
                textpage.close()
                page.close()
        except pdfium.PdfiumError as exc:
            raise InputFileError(
                source, f"the PDF is damaged: page {index + 1} cannot be read ({_reason(exc)})"
            ) from None
        pages.append(PageLines(index + 1, group_lines(words), left=left, right=right))
    return pages


def _document_info(document: Any) -> dict[str, str]:
    """Title and author from the document information dictionary, when readable."""
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except Exception:  # a damaged information dictionary is not worth refusing the file
        return {}
    values = {"title": info.get("Title"), "author": info.get("Author")}
    cleaned = {
        key: normalise_text(value.replace("\x00", "")).strip()
        for key, value in values.items()
        if value
    }
    return {key: value for key, value in cleaned.items() if value}
