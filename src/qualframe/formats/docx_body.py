"""The body of a Word document (WordprocessingML) as blocks, read with lxml.

Tracked changes are read as accepted: inserted text (``w:ins``) and moved-in
text (``w:moveTo``) are kept; deleted text (``w:del``, ``w:delText``) and
moved-out text (``w:moveFrom``) are left out; a paragraph whose mark was
deleted runs on into the next one, and deleted table rows are dropped.
Field codes are left out and their shown results kept. Drawings, text
boxes, footnote and endnote references are not read.

Headings are paragraphs of the body whose style is named Title (level 0) or
"heading N" (level N), or whose style, the styles it is based on, or the
paragraph itself sets an outline level (``w:outlineLvl`` 0-8 is level 1-9;
9 is body text). Paragraphs inside tables are never headings.

Comment ranges (``w:commentRangeStart``/``End``) and references become
:class:`~qualframe.formats.docx_layout.Anchor` values keyed by the comment id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from qualframe.formats.docx_layout import (
    Block,
    CommentNote,
    Marked,
    MarkedBuilder,
    join_marked,
)
from qualframe.formats.docx_tables import TableRow, table_blocks
from qualframe.formats.text_decoding import normalise_text

if TYPE_CHECKING:
    from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_BODY = _W + "body"
W_DOCUMENT = _W + "document"
_P, _TBL, _TR, _TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_T, _TAB, _PTAB, _BR, _CR = _W + "t", _W + "tab", _W + "ptab", _W + "br", _W + "cr"
_NO_BREAK_HYPHEN = _W + "noBreakHyphen"
_SDT, _SDT_CONTENT, _CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"
_PPR, _RPR, _TRPR, _TCPR = _W + "pPr", _W + "rPr", _W + "trPr", _W + "tcPr"
_DEL, _MOVE_FROM = _W + "del", _W + "moveFrom"
_VAL, _TYPE, _ID = _W + "val", _W + "type", _W + "id"
_ANCHORS = {
    _W + "commentRangeStart": "start",
    _W + "commentRangeEnd": "end",
    _W + "commentReference": "point",
}
#: Elements whose content is not part of the accepted, shown text.
_SKIPPED = frozenset(
    _W + name
    for name in (
        *("del", "moveFrom", "delText", "delInstrText", "instrText", "fldData"),
        *("pPr", "rPr", "drawing", "pict", "object", "footnoteReference", "endnoteReference"),
    )
) | {_MC + "AlternateContent"}
_HEADING_NAME = re.compile(r"heading ([1-9])")
#: Longest chain of based-on styles followed (a loop in a damaged file ends here).
_MAX_STYLE_DEPTH = 20


class StyleLevels:
    """The heading level of each paragraph style of ``styles.xml`` (None: no styles)."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, tuple[str, int | None, str | None]] = {}
        self._default: str | None = None
        for style in () if root is None else root.iterchildren(_W + "style"):
            if style.get(_TYPE) != "paragraph" or (style_id := style.get(_W + "styleId")) is None:
                continue
            name = _child_value(style, _W + "name") or ""
            based_on = _child_value(style, _W + "basedOn")
            ppr = style.find(_PPR)
            outline = None if ppr is None else _outline_level(ppr)
            self._styles[style_id] = (name.casefold(), outline, based_on)
            if style.get(_W + "default") in ("1", "true", "on"):
                self._default = style_id

    def level(self, paragraph: etree._Element) -> int | None:
        """The heading level of ``paragraph`` (0 for a title), or None."""
        ppr = paragraph.find(_PPR)
        style_id = None if ppr is None else _child_value(ppr, _W + "pStyle")
        direct = None if ppr is None else _outline_level(ppr)
        if direct is not None:
            return direct + 1 if direct < 9 else None
        return self._style_level(style_id or self._default, 0)

    def _style_level(self, style_id: str | None, depth: int) -> int | None:
        entry = self._styles.get(style_id or "")
        if entry is None or depth > _MAX_STYLE_DEPTH:
            return None
        name, outline, based_on = entry
        if name == "title" and depth == 0:
            return 0
        if match := _HEADING_NAME.fullmatch(name):
            return int(match.group(1))
        if outline is not None:
            return outline + 1 if outline < 9 else None
        return self._style_level(based_on, depth + 1)


def _child_value(element: etree._Element, tag: str) -> str | None:
    child = element.find(tag)
    return None if child is None else child.get(_VAL)


def _outline_level(ppr: etree._Element) -> int | None:
    value = _child_value(ppr, _W + "outlineLvl")
    return int(value) if value is not None and value.isdigit() else None


def body_blocks(body: etree._Element, styles: StyleLevels) -> tuple[list[Block], bool]:
    """The blocks of ``body`` (``w:body``) in order, and whether a table of it
    was read as a transcript (see :mod:`qualframe.formats.docx_tables`)."""
    blocks: list[Block] = []
    has_turns = False
    for item, paragraph in _items(body):
        if paragraph is None:
            table, is_transcript = _table_blocks(item)
            blocks.extend(table)
            has_turns = has_turns or is_transcript
        elif paragraph.text:
            blocks.append(Block(paragraph, heading=styles.level(item)))
    return blocks, has_turns


def _items(container: etree._Element) -> Iterator[tuple[etree._Element, Marked | None]]:
    """Paragraphs (with their cleaned text) and tables (with None) of a body or a
    cell in order; a paragraph whose mark was deleted is joined to the next."""
    carry: tuple[etree._Element, Marked] | None = None
    for item in _flattened(container):
        if item.tag == _TBL:
            if carry is not None:
                yield carry[0], carry[1].cleaned()
                carry = None
            yield item, None
            continue
        raw = paragraph_text(item)
        if carry is not None:
            raw = join_marked("", [carry[1], raw])
        if _mark_deleted(item):
            carry = (item, raw)
            continue
        carry = None
        yield item, raw.cleaned()
    if carry is not None:
        yield carry[0], carry[1].cleaned()


def _flattened(container: etree._Element) -> Iterator[etree._Element]:
    """The ``w:p`` and ``w:tbl`` children, looking inside content controls (but
    not into a table of contents, which repeats the headings)."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None and not _is_table_of_contents(child):
                yield from _flattened(content)
        elif child.tag == _CUSTOM_XML:
            yield from _flattened(child)


def _is_table_of_contents(sdt: etree._Element) -> bool:
    gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
    return gallery is not None and (gallery.get(_VAL) or "").startswith("Table of Contents")


def _mark_deleted(paragraph: etree._Element) -> bool:
    """True when the paragraph's mark is a tracked deletion (or moved away)."""
    ppr = paragraph.find(_PPR)
    rpr = None if ppr is None else ppr.find(_RPR)
    return rpr is not None and (rpr.find(_DEL) is not None or rpr.find(_MOVE_FROM) is not None)


def paragraph_text(paragraph: etree._Element) -> Marked:
    """The raw text of a paragraph with tracked changes accepted, and its anchors."""
    builder = MarkedBuilder()
    _collect(paragraph, builder)
    return builder.build()


def _collect(element: etree._Element, out: MarkedBuilder) -> None:
    for child in element:
        tag = child.tag
        if tag == _T:
            out.text(child.text or "")
        elif tag in (_TAB, _PTAB):
            out.text("\t")
        elif tag == _BR:
            if child.get(_TYPE) in (None, "textWrapping"):  # not page or column breaks
                out.text("\n")
        elif tag == _CR:
            out.text("\n")
        elif tag == _NO_BREAK_HYPHEN:
            out.text("-")
        elif tag in _ANCHORS:
            out.anchor(child.get(_ID, ""), _ANCHORS[tag])  # type: ignore[arg-type]
        elif isinstance(tag, str) and tag not in _SKIPPED:  # entities and such have no str tag
            _collect(child, out)


def _table_blocks(table: etree._Element) -> tuple[list[Block], bool]:
    rows = []
    for row in _rows(table):
        trpr = row.find(_TRPR)
        if trpr is not None and trpr.find(_DEL) is not None:
            continue  # a deleted row, accepted
        cells: list[Marked] = []
        nested: list[Block] = []
        for cell in _cells(row):
            lines: list[Marked] = []
            for item, paragraph in _items(cell):
                if paragraph is None:
                    nested.extend(_table_blocks(item)[0])
                elif paragraph.text:
                    lines.append(paragraph)
            cells.append(join_marked("\n", lines))
        rows.append(TableRow(tuple(cells), tuple(nested)))
    return table_blocks(rows)


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        if child.tag == _TR:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from _rows(content)


def _cells(row: etree._Element) -> Iterator[etree._Element]:
    for child in row:
        if child.tag == _TC:
            tcpr = child.find(_TCPR)
            merge = None if tcpr is None else tcpr.find(_W + "hMerge")
            if merge is None or merge.get(_VAL) == "restart":  # legacy merges: first cell only
                yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from _cells(content)


def comment_notes(root: etree._Element | None) -> dict[str, CommentNote]:
    """The comments of ``comments.xml`` by id: text (paragraphs on separate lines,
    tracked changes accepted), author and date as the file gives them."""
    notes: dict[str, CommentNote] = {}
    for comment in () if root is None else root.iterchildren(_W + "comment"):
        lines = []
        for _, paragraph in _items(comment):
            if paragraph is not None and paragraph.text:
                lines.append(paragraph.text)
        notes[comment.get(_ID, "")] = CommentNote(
            normalise_text("\n".join(lines)),
            (comment.get(_W + "author") or "").strip(),
            (comment.get(_W + "date") or "").strip(),
        )
    return notes
