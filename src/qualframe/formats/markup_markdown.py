"""Rendering Markdown to blocks (see :mod:`qualframe.formats.markup_reader`).

Markdown is parsed by markdown-it-py as CommonMark with GitHub's tables and
strikethrough; raw HTML is allowed and its tags removed (the text inside
HTML blocks is kept, scripts, styles and comments are not). Bullets become
``"- "``, numbered items keep their number and delimiter (``"3. "``,
``"3) "``). Links keep their text (an autolink's text is its URL); images
keep their alternative text. Front matter (a leading block of ``key:
value`` lines between ``---`` lines) is left out of the text.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING, Any

from qualframe.formats.markup_reader import Block, paragraph_block

if TYPE_CHECKING:
    from markdown_it.token import Token

_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_YAML_LINE = re.compile(r"[A-Za-z_][\w -]*:(?:[ \t].*)?|[ \t].*|- .*|#.*|")
_HTML_DROPPED = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE
)
_HTML_TAG = re.compile(r"<[^>]*>")
_HTML_LINE_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|tr)\s*>", re.IGNORECASE)


def markdown_blocks(text: str, source: str) -> tuple[list[Block], dict[str, str]]:
    """The blocks of Markdown ``text`` (file ``source``) and what its front
    matter says (``title``); never raises."""
    del source  # any text is Markdown
    body, metadata = _front_matter(text)
    walker = _Walker()
    walker.walk(_parser().parse(body))
    return walker.blocks, metadata


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _front_matter(text: str) -> tuple[str, dict[str, str]]:
    """``text`` without YAML front matter, and the front matter's title, if any."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return text, {}
    lines = match.group(1).split("\n")
    if not all(_YAML_LINE.fullmatch(line) for line in lines):
        return text, {}
    metadata = {}
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip().lower() == "title" and value.strip():
            metadata["title"] = value.strip().strip("\"'")
    return text[match.end() :], metadata


class _Walker:
    """Turns markdown-it's token stream into blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._lists: list[str] = []  # delimiter of each open list ("" for bullets)
        self._prefix: str | None = None  # the marker waiting for its item's first block
        self._row: list[str] | None = None

    def walk(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "inline":
                self._inline_block(tokens[index - 1], token)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self._lists.append(token.markup if kind == "ordered_list_open" else "")
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self._lists.pop()
            elif kind == "list_item_open":
                self._flush_prefix()
                delimiter = self._lists[-1] if self._lists else ""
                self._prefix = f"{token.info}{delimiter}" if delimiter else "-"
            elif kind == "list_item_close":
                self._flush_prefix()
            elif kind == "tr_open":
                self._row = []
            elif kind == "tr_close" and self._row is not None:
                self._add(Block("paragraph", " | ".join(self._row)))
                self._row = None
            elif kind in ("fence", "code_block"):
                self._add(Block("paragraph", token.content.rstrip("\n")))
            elif kind == "html_block":
                self._add(Block("paragraph", _html_text(token.content)))
            elif kind == "hr":
                self._flush_prefix()
                self.blocks.append(Block("break", ""))

    def _inline_block(self, opener: Token, token: Token) -> None:
        """The block of an inline token, by the token that opened it."""
        text, lead = _inline(token.children or [])
        if opener.type in ("th_open", "td_open"):
            if self._row is not None:
                self._row.append(text.strip())
        elif opener.type == "heading_open":
            self._add(Block("heading", text, int(opener.tag[1:])))
        else:
            self._add(paragraph_block(text, lead))

    def _add(self, block: Block) -> None:
        """Append ``block``, behind the marker of the list item it opens (if any)."""
        if not block.text.strip():
            return
        if self._prefix is not None:
            block = Block("paragraph", f"{self._prefix} {block.text}")
            self._prefix = None
        self.blocks.append(block)

    def _flush_prefix(self) -> None:
        """An item that held no text still shows its marker."""
        if self._prefix is not None:
            self.blocks.append(Block("paragraph", self._prefix))
            self._prefix = None


def _inline(children: list[Token]) -> tuple[str, str | None]:
    """(plain text of inline tokens, text of the strong element they open with or None)."""
    parts: list[str] = []
    first = next((c for c in children if c.type != "text" or c.content), None)
    leading = first is not None and first.type == "strong_open"
    lead: str | None = None
    depth = 0
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif kind == "image":
            parts.append(child.content)
        elif kind == "strong_open":
            depth += 1
        elif kind == "strong_close":
            depth -= 1
            if leading and depth == 0 and lead is None:
                lead = "".join(parts)
    return "".join(parts), lead


def _html_text(markup: str) -> str:
    """The text of a raw HTML block: tags, comments, scripts and styles removed."""
    kept = _HTML_DROPPED.sub("", markup)
    kept = _HTML_TAG.sub("", _HTML_LINE_BREAK.sub("\n", kept))
    lines = (" ".join(line.split()) for line in html.unescape(kept).split("\n"))
    return "\n".join(line for line in lines if line)
