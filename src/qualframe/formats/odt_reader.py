"""Reading OpenDocument text (.odt) documents into text and structure.

The text is laid out as for Word documents (see
:mod:`qualframe.formats.docx_reader`): one block per paragraph, heading and
table row, blocks separated by one blank line; list items are paragraphs;
footnotes, frames and indexes (tables of contents) are not read.

Structure:

* headings (``text:h``, level ``text:outline-level``; a paragraph in the
  Title style is the document title) give the sections (``()`` when none);
* tracked changes are read as accepted: an .odt body already holds inserted
  text and keeps deleted text only in its change log
  (``text:tracked-changes``), which is not read;
* annotations (``office:annotation``, up to the ``office:annotation-end`` of
  the same name) are comments with their author and date;
* tables are rows of tab-separated cells, or speaker turns when laid out as
  a transcript (:mod:`qualframe.formats.docx_tables`); otherwise turns are
  left to the speaker-label detector (``None``).

The archive is checked and read under the same limits as a .docx
(:mod:`qualframe.formats.archives`); XML is parsed without resolving
entities, and the characters collected are counted against
``document_characters`` while the body is read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from qualframe.errors import InputFileError
from qualframe.formats.docx_layout import (
    Block,
    CommentNote,
    Marked,
    MarkedBuilder,
    join_marked,
    lay_out,
)
from qualframe.formats.docx_package import OfficePackage
from qualframe.formats.docx_tables import TableRow, table_blocks
from qualframe.formats.read_limits import check_characters
from qualframe.formats.structure import TextContent
from qualframe.formats.text_decoding import normalise_text
from qualframe.limits import limit

if TYPE_CHECKING:
    from lxml import etree

#: Most times a repeated table cell or row (``number-*-repeated``) is read.
MAX_REPEATS = 64
#: Most spaces one ``text:s`` gives.
MAX_SPACES = 1000

_INVALID = "not a valid OpenDocument text ({})"
_TEXT_MIMETYPES = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
)
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_P, _H, _LIST, _SECTION = _TEXT + "p", _TEXT + "h", _TEXT + "list", _TEXT + "section"
_LIST_PARTS = frozenset({_TEXT + "list-item", _TEXT + "list-header", _LIST, _SECTION})
_ANNOTATION, _ANNOTATION_END = _OFFICE + "annotation", _OFFICE + "annotation-end"
_NAME = _OFFICE + "name"
#: Inline elements whose content is not shown text of the paragraph.
_SKIPPED = frozenset(
    {_TEXT + name for name in ("note", "change", "change-start", "change-end", "ruby-text")}
) | {_DRAW + name for name in ("frame", "custom-shape", "g", "rect", "line", "ellipse", "a")}
_WHITE_SPACE = re.compile(r"[ \t\r\n]+")
_REPEAT_CELLS = _TABLE + "number-columns-repeated"


def read_odt(data: bytes, source: str) -> TextContent:
    """Read the bytes of an .odt file named ``source``.

    Returns the text laid out as described in the module docstring, its
    sections, comments, speaker turns from a transcript table (else None)
    and what ``meta.xml`` says (title, author, subject, keywords, created,
    modified). Offsets are code points of the returned text, end exclusive.
    Raises :class:`InputFileError` naming ``source`` when the file is not a
    ZIP package, is damaged, is too large or too compressed when unpacked,
    is another kind of OpenDocument file, or has no text.
    """
    package = OfficePackage.open(
        data, source, what="the OpenDocument text", kind=".odt", invalid=_INVALID
    )
    if package.has("mimetype"):
        mimetype = package.read("mimetype").decode("ascii", "replace").strip()
        if mimetype not in _TEXT_MIMETYPES:
            raise package.damaged(f"it is another kind of OpenDocument file: {mimetype}")
    if not package.has("content.xml"):
        raise package.damaged("the ZIP package has no content.xml part")
    content = package.parse("content.xml")
    body = content.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise package.damaged("its content.xml holds no text body")
    styles = package.parse("styles.xml") if package.has("styles.xml") else None
    reader = _BodyReader(_title_styles(content, styles), source)
    blocks = reader.blocks(body)
    meta = package.parse("meta.xml") if package.has("meta.xml") else None
    laid_out = lay_out(blocks, reader.notes, has_turns=reader.has_turns, metadata=_metadata(meta))
    if not laid_out.text.strip():
        raise InputFileError(source, "the OpenDocument text contains no text")
    return laid_out


def _title_styles(content: etree._Element, styles: etree._Element | None) -> frozenset[str]:
    """Names of the paragraph styles that are, or derive from, the Title style."""
    parents: dict[str, str] = {}
    for root in (content, styles):
        for style in () if root is None else root.iter(_STYLE + "style"):
            name = style.get(_STYLE + "name")
            if name is not None and style.get(_STYLE + "family") == "paragraph":
                parents[name] = style.get(_STYLE + "parent-style-name") or ""
    titles = set()
    for name in parents:
        current, seen = name, set()
        while current and current not in seen:  # a loop in a damaged file ends here
            if current == "Title":
                titles.add(name)
                break
            seen.add(current)
            current = parents.get(current, "")
    return frozenset(titles | {"Title"})


class _BodyReader:
    """Turns ``office:text`` into blocks, collecting annotations as it goes.

    The characters collected are counted against ``document_characters`` as
    they are collected: ``text:s`` makes up to :data:`MAX_SPACES` characters
    from a few bytes of XML.
    """

    def __init__(self, title_styles: frozenset[str], source: str) -> None:
        self._titles = title_styles
        self._source = source
        self._characters = 0
        self._allowed = limit("document_characters")
        self.notes: dict[str, CommentNote] = {}
        self.has_turns = False

    def _text(self, out: MarkedBuilder, text: str) -> None:
        """Append ``text`` to ``out``, counting it against the characters allowed."""
        self._characters += len(text)
        if self._characters > self._allowed:
            check_characters(self._characters, self._source)
        out.text(text)

    def blocks(self, container: etree._Element) -> list[Block]:
        """The blocks of a body in order (headings only outside tables)."""
        blocks: list[Block] = []
        for item, text in self._items(container):
            if text is None:
                blocks.extend(self._table(item))
            elif text.text:
                blocks.append(Block(text, heading=self._heading(item)))
        return blocks

    def _heading(self, item: etree._Element) -> int | None:
        if item.tag == _H:
            level = item.get(_TEXT + "outline-level") or "1"
            return min(max(int(level), 1), 10) if level.isdigit() else 1
        return 0 if item.get(_TEXT + "style-name") in self._titles else None

    def _items(self, container: etree._Element) -> Iterator[tuple[etree._Element, Marked | None]]:
        """Paragraphs and headings (with their cleaned text) and tables (with None)."""
        for child in container:
            if child.tag in (_P, _H):
                builder = MarkedBuilder()
                self._collect(child, builder)
                yield child, builder.build().cleaned()
            elif child.tag == _TABLE + "table":
                yield child, None
            elif child.tag in _LIST_PARTS:
                yield from self._items(child)

    def _collect(self, element: etree._Element, out: MarkedBuilder) -> None:
        """Shown text of ``element``: white space in the XML collapses to one space
        (as ODF says); spaces, tabs and line breaks are elements."""
        self._text(out, _WHITE_SPACE.sub(" ", element.text or ""))
        for child in element:
            tag = child.tag
            if tag == _TEXT + "s":
                count = child.get(_TEXT + "c") or "1"
                self._text(out, " " * min(int(count) if count.isdigit() else 1, MAX_SPACES))
            elif tag == _TEXT + "tab":
                self._text(out, "\t")
            elif tag == _TEXT + "line-break":
                self._text(out, "\n")
            elif tag == _ANNOTATION:
                self._annotation(child, out)
            elif tag == _ANNOTATION_END:
                out.anchor(child.get(_NAME) or "", "end")
            elif isinstance(tag, str) and tag not in _SKIPPED:
                self._collect(child, out)
            self._text(out, _WHITE_SPACE.sub(" ", child.tail or ""))

    def _annotation(self, annotation: etree._Element, out: MarkedBuilder) -> None:
        """Anchor an annotation and keep its content; one without a name marks a point."""
        name = annotation.get(_NAME) or annotation.get(_DRAW + "name")
        key = name or f"\0{len(self.notes)}"  # a key no named annotation can have
        out.anchor(key, "start" if name else "point")
        lines = [text.text for _, text in self._items(annotation) if text is not None and text.text]
        self.notes[key] = CommentNote(
            normalise_text("\n".join(lines)),
            (annotation.findtext(_DC + "creator") or "").strip(),
            (annotation.findtext(_DC + "date") or "").strip(),
        )

    def _table(self, table: etree._Element) -> list[Block]:
        rows = []
        for row in _rows(table):
            cells: list[Marked] = []
            nested: list[Block] = []
            for cell in row.iterchildren(_TABLE + "table-cell"):
                lines: list[Marked] = []
                for item, text in self._items(cell):
                    if text is None:
                        nested.extend(self._table(item))
                    elif text.text:
                        lines.append(text)
                # Only empty cells are repeated (LibreOffice writes a run of empty
                # cells as one): a repeated cell with words, or a repeated row,
                # would multiply text past every size limit (a few hundred bytes
                # of XML could make millions of characters), so it counts once.
                repeats = 1 if lines or nested else _repeats(cell, _REPEAT_CELLS)
                cells.extend([join_marked("\n", lines)] * repeats)
            rows.append(TableRow(tuple(cells), tuple(nested)))
        blocks, is_transcript = table_blocks(rows)
        self.has_turns = self.has_turns or is_transcript
        return blocks


def _rows(container: etree._Element) -> Iterator[etree._Element]:
    """The rows of a table, inside header rows and row groups too."""
    for child in container:
        if child.tag == _TABLE + "table-row":
            yield child
        elif child.tag in (
            _TABLE + "table-header-rows",
            _TABLE + "table-rows",
            _TABLE + "table-row-group",
        ):
            yield from _rows(child)


def _repeats(element: etree._Element, attribute: str) -> int:
    value = element.get(attribute) or "1"
    return min(int(value), MAX_REPEATS) if value.isdigit() and int(value) > 0 else 1


def _metadata(meta: etree._Element | None) -> dict[str, str]:
    """Title, author, subject, keywords, created and modified from ``meta.xml``."""
    found = None if meta is None else meta.find(_OFFICE + "meta")
    if found is None:
        return {}

    def text(tag: str) -> str:
        return (found.findtext(tag) or "").strip()

    keywords = ", ".join(
        word for k in found.iterchildren(_META + "keyword") if (word := (k.text or "").strip())
    )
    values = {
        "title": text(_DC + "title"),
        "author": text(_META + "initial-creator") or text(_DC + "creator"),
        "subject": text(_DC + "subject"),
        "keywords": keywords,
        "created": _iso_time(text(_META + "creation-date")),
        "modified": _iso_time(text(_DC + "date")),
    }
    return {key: value for key, value in values.items() if value}


def _iso_time(value: str) -> str:
    """An ODF date-time as ISO 8601 (fractions of seconds kept as given); as given
    if unreadable."""
    try:
        return dt.datetime.fromisoformat(value).isoformat() if value else ""
    except ValueError:
        return value
