"""Reading HTML documents (.html, .htm) as plain text.

The page is parsed by lxml's HTML parser with no network access (entities
are the HTML ones only; nothing external is loaded) and rendered as
:mod:`qualframe.formats.markup_reader` renders Markdown: scripts, styles,
templates, the ``<head>`` and elements marked ``hidden`` are left out; block
elements (``<p>``, ``<div>``, ``<li>``, ``<blockquote>``...) become
paragraphs, ``<br>`` a line break, white space elsewhere collapses to one
space; ``<pre>`` keeps its text as written; ``<h1>``-``<h6>`` become section
titles of levels 1-6; a table row becomes one paragraph of its cells'
text joined by ``" | "``; list items start with ``"- "`` or their number;
``<hr>`` ends a speaker turn. A paragraph opening with a bold label,
``<b>Name</b>: words`` or ``<strong>Name:</strong> words``, starts a
speaker turn as ``**Name**:`` does in Markdown. The page's ``<title>`` goes
to metadata.

Offsets are Unicode code points into the stored text, end exclusive.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qualframe.errors import InputFileError
from qualframe.formats.markup_reader import Block, assemble_blocks, paragraph_block
from qualframe.formats.structure import TextContent

if TYPE_CHECKING:
    from lxml import html as lxml_html

#: Some tag of an HTML document (a file with none is not HTML).
_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|title|meta|p|div|span|br|hr|h[1-6]|table|tr|td|ul|ol"
    r"|li|b|i|em|strong|a|section|article|main|pre|blockquote|font|center)(?=[\s>/])",
    re.IGNORECASE,
)
#: Elements whose content is never shown as text.
_SKIPPED = (
    "head", "script", "style", "template", "noscript", "svg", "math", "canvas", "iframe",
    "object", "embed", "select", "datalist", "button", "textarea",
)  # fmt: skip
#: Elements that hold paragraphs or are one.
_BLOCKS = frozenset((
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header",
    "hgroup", "html", "legend", "main", "menu", "nav", "p", "section", "summary", "caption",
    "table", "thead", "tbody", "tfoot", "li",
))  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = frozenset({"ul", "ol", "menu", "dir"})
_BOLD = frozenset({"b", "strong"})
#: A document type declaration, possibly with an internal subset (its entity
#: declarations are never used; left in, the HTML parser would show part of it).
_DOCTYPE = re.compile(r"<!DOCTYPE[^\[>]*(?:\[.*?\])?[^>]*>", re.IGNORECASE | re.DOTALL)
_SPACE_RUN = re.compile(r"\s+")
_SPACES_AROUND_BREAK = re.compile(r" *\n *")
_DOUBLE_SPACE = re.compile(r" {2,}")


def read_html(text: str, source: str) -> TextContent:
    """The decoded HTML ``text`` of file ``source``, rendered to plain text.

    Raises :class:`InputFileError` naming ``source`` when the file holds no
    HTML tag, cannot be parsed, or shows no text.
    """
    if not _HTML_TAG.search(text):
        raise InputFileError(source, "is not an HTML page: it holds no HTML tags")
    from lxml import etree, html as lxml_html

    declaration = _DOCTYPE.search(text, 0, 4096)
    if declaration is not None:
        text = text[: declaration.start()] + text[declaration.end() :]
    parser = lxml_html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, encoding="utf-8"
    )
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputFileError(source, f"could not be read as HTML ({error})") from error
    title = " ".join((root.findtext(".//title") or "").split())
    etree.strip_elements(root, *_SKIPPED, with_tail=False)
    for hidden in root.xpath("//*[@hidden]"):
        hidden.drop_tree()
    walker = _Walker()
    walker.element(root)
    walker.flush()
    if not any(block.text.strip() for block in walker.blocks):
        raise InputFileError(source, "has no text to import")
    return assemble_blocks(walker.blocks, {"title": title} if title else None)


class _Walker:
    """Collects an element tree's text into blocks, one paragraph at a time."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._pieces: list[str] = []
        self._lead: str | None = None  # the bold text the paragraph opens with
        self._prefix: str | None = None  # the marker waiting for a list item's first block

    def element(self, element: lxml_html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if tag in _HEADINGS:
            self.flush()
            title = " ".join(element.text_content().split())
            self._add(Block("heading", title, _HEADINGS[tag]))
        elif tag == "pre":
            self.flush()
            code = element.text_content()
            self._add(Block("paragraph", code.removeprefix("\n").rstrip()))
        elif tag == "tr":
            self.flush()
            cells = [" ".join(c.text_content().split()) for c in element if _tag(c) in ("td", "th")]
            self._add(Block("paragraph", " | ".join(cells)))
        elif tag == "hr":
            self.flush()
            self.blocks.append(Block("break", ""))
        elif tag == "br":
            self._pieces.append("\n")
        elif tag in _LISTS:
            self.flush()
            self._list(element, ordered=tag == "ol")
        elif tag in _BLOCKS:
            self.flush()
            self._content(element)
            self.flush()
        elif tag in _BOLD and not "".join(self._pieces).strip():
            self._content(element)
            self._lead = _normalised("".join(self._pieces)).strip()
        else:
            self._content(element)

    def _content(self, element: lxml_html.HtmlElement) -> None:
        """The text and children of ``element`` (each child followed by its tail)."""
        if element.text:
            self._pieces.append(_SPACE_RUN.sub(" ", element.text))
        for child in element:
            self.element(child)
            if child.tail:
                self._pieces.append(_SPACE_RUN.sub(" ", child.tail))

    def _list(self, element: lxml_html.HtmlElement, *, ordered: bool) -> None:
        """List items, each behind its marker (``-`` or its number)."""
        number = _start(element) if ordered else 0
        for child in element:
            if _tag(child) == "li":
                self.flush()
                self._prefix = f"{number}." if ordered else "-"
                number += 1
                self.element(child)
                self._prefix = None
            else:
                self.element(child)
            if child.tail and child.tail.strip():
                self._pieces.append(_SPACE_RUN.sub(" ", child.tail))
                self.flush()

    def flush(self) -> None:
        """End the paragraph being collected."""
        text = _normalised("".join(self._pieces)).strip()
        lead = self._lead
        self._pieces, self._lead = [], None
        if text:
            valid_lead = lead if lead and text.startswith(lead) else None
            self._add(paragraph_block(text, valid_lead))

    def _add(self, block: Block) -> None:
        if not block.text.strip():
            return
        if self._prefix is not None:
            block = Block("paragraph", f"{self._prefix} {block.text}")
            self._prefix = None
        self.blocks.append(block)


def _tag(element: lxml_html.HtmlElement) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _start(element: lxml_html.HtmlElement) -> int:
    """The number of an ordered list's first item (its ``start`` attribute, else 1)."""
    try:
        return int(element.get("start", "1"))
    except ValueError:
        return 1


def _normalised(text: str) -> str:
    """Collapsed white space: no spaces around line breaks, no double spaces."""
    return _DOUBLE_SPACE.sub(" ", _SPACES_AROUND_BREAK.sub("\n", text))
