"""Reading Word (.docx) documents into plain text.

Layout of the text: every non-empty paragraph of the body becomes one block,
and blocks are separated by one blank line. A line break inside a Word
paragraph stays a ``\\n`` inside its block. Tables are read in place, in
document order: each row becomes one block whose cells are separated by a
tab (a cell holding several paragraphs keeps them on separate lines; merged
cells count once; nested tables follow their row). Headers, footers,
footnotes and comments are not read.

A .docx is a ZIP archive from outside, so it is checked before python-docx
opens it: the number of members, the total uncompressed size and each large
member's compression ratio are limited (see the module constants), which
stops "zip bombs". python-docx parses XML without resolving entities.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from qualframe.errors import InputFileError
from qualframe.formats.archives import check_unpacked_size
from qualframe.formats.structure import TextContent
from qualframe.formats.text_decoding import normalise_text

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import Table

#: Most members a .docx may hold.
MAX_MEMBERS = 5_000
#: Largest total uncompressed size of all members, in bytes.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Largest uncompressed/compressed size ratio of one member...
MAX_COMPRESSION_RATIO = 100
#: ...checked for members at least this large uncompressed, in bytes (small
#: XML parts legitimately compress very well).
RATIO_CHECK_MIN_BYTES = 1024 * 1024

_INVALID = "not a valid Word document ({})"


def read_docx(data: bytes, source: str) -> TextContent:
    """Read the bytes of a .docx file named ``source``.

    Returns the body text laid out as described in the module docstring and
    the non-empty core properties (title, author, subject, keywords,
    created, modified as ISO 8601). Raises :class:`InputFileError` naming
    ``source`` when the file is not a ZIP package, is damaged, is too large
    or too compressed when unpacked, is not a Word document, or has no text.
    """
    check_zip_limits(data, source)
    document = _open_document(data, source)
    try:
        blocks = list(_body_blocks(document))
    except Exception as exc:  # malformed XML inside a valid package
        raise InputFileError(source, _INVALID.format(f"its content is damaged: {exc}")) from None
    text = normalise_text("\n\n".join(blocks))
    if not text.strip():
        raise InputFileError(source, "the Word document contains no text")
    return TextContent(text=text, metadata=_core_properties(document))


def check_zip_limits(data: bytes, source: str) -> None:
    """Refuse a ZIP archive that is damaged or would unpack to too much data.

    Only the central directory is read (no member is decompressed). Raises
    :class:`InputFileError` naming ``source``.
    """
    if not data:
        raise InputFileError(source, "the file is empty (0 bytes)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise InputFileError(
            source, _INVALID.format(f"the file is damaged, incomplete or not a .docx: {exc}")
        ) from None
    if len(members) > MAX_MEMBERS:
        raise InputFileError(
            source, _INVALID.format(f"it holds {len(members)} parts; at most {MAX_MEMBERS}")
        )
    check_unpacked_size(
        members,
        source,
        "the Word document",
        max_bytes=MAX_UNCOMPRESSED_BYTES,
        max_ratio=MAX_COMPRESSION_RATIO,
        ratio_from_bytes=RATIO_CHECK_MIN_BYTES,
    )
    if "word/document.xml" not in {member.filename for member in members}:
        raise InputFileError(
            source, _INVALID.format("the ZIP package has no word/document.xml part")
        )


def _open_document(data: bytes, source: str) -> DocxDocument:
    """Open the package with python-docx, turning any failure into InputFileError."""
    import docx  # imported lazily: only needed when a .docx is read

    try:
        return docx.Document(io.BytesIO(data))
    # python-docx raises many kinds of error on damaged input (BadZipFile,
    # KeyError, ValueError, lxml syntax errors...); all mean "bad file".
    except Exception as exc:
        raise InputFileError(source, _INVALID.format(_describe(exc))) from None


def _describe(exc: Exception) -> str:
    message = str(exc).strip() or type(exc).__name__
    if "content type" in message and "not a Word file" in message:
        return "it is another kind of Office file, for example a macro-enabled .docm"
    return f"the file is damaged or incomplete: {message}"


def _body_blocks(document: DocxDocument) -> Iterator[str]:
    """Text blocks of the body in order: one per paragraph or table row."""
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            yield from _table_blocks(item)
        elif block := _clean_block(item.text):
            yield block


def _table_blocks(table: Table) -> Iterator[str]:
    """One block per table row (cells tab-separated), then any nested tables."""
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        nested: list[Table] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            lines = [_clean_block(p.text) for p in cell.paragraphs]
            cells.append("\n".join(line for line in lines if line))
            nested.extend(cell.tables)
        if block := "\t".join(cells).strip():
            yield block
        for inner in nested:
            yield from _table_blocks(inner)


def _clean_block(text: str) -> str:
    """A paragraph's text with line ends unified and blank lines removed, so that
    it stays one block."""
    lines = normalise_text(text).split("\n")
    return "\n".join(line.rstrip() for line in lines if line.strip()).strip()


def _core_properties(document: DocxDocument) -> dict[str, str]:
    properties = document.core_properties
    values = {
        "title": properties.title,
        "author": properties.author,
        "subject": properties.subject,
        "keywords": properties.keywords,
        "created": properties.created.isoformat() if properties.created else "",
        "modified": properties.modified.isoformat() if properties.modified else "",
    }
    return {key: value.strip() for key, value in values.items() if value and value.strip()}
