"""Rendering reStructuredText to blocks (see :mod:`qualframe.formats.markup_reader`).

docutils parses the whole language but takes about 0.1 s per 200 KB: 25 s
for the Covid inquiry corpus of hearing transcripts. So :func:`rst_blocks`
first tries :func:`fast_rst_blocks`, which reads only the common subset --
section titles underlined by one punctuation character, paragraphs, one-line
bullet and numbered list items, transitions, inline emphasis and strong,
``\\_`` escapes -- and gives up (None) on anything else: an indented line,
a tab or form feed, a directive, comment or other explicit markup, a
literal block (``::``), a table, a field or option list, an overlined title,
a title level docutils would refuse, or a multi-line block starting like a
list item. Paragraphs with other inline markup (literals, references,
roles...) go to docutils' own inline parser. Within the subset it gives
exactly the blocks :func:`docutils_rst_blocks` gives (tests check it over
the whole corpus and on generated documents); outside it, docutils reads
the whole file.

docutils is run with no file or URL access (``include``, ``raw`` and file
options disabled), no output, no halting on errors and no transforms (so no
document title promotion: every title is a section). Roles declared by a
document (``.. role::``) are forgotten after it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import TYPE_CHECKING, Any

from qualframe.errors import InputFileError
from qualframe.formats.markup_reader import Block, paragraph_block

if TYPE_CHECKING:
    from docutils import nodes

#: docutils keeps registered roles in a module global: one document at a time.
_DOCUTILS_LOCK = threading.Lock()
#: Characters docutils treats as white space or line breaks in ways the fast
#: reader does not mirror (tab expansion, form feeds, Unicode line separators).
_UNSUPPORTED_CHARACTERS = "\t\v\f\r\x00\x1c\x1d\x1e\x85\u2028\u2029"
#: White space other than the space that docutils strips from line ends.
_OTHER_SPACES = "\x1f\xa0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
#: A line that starts with white space and holds more (matched on "\n" + text).
_INDENTED_LINE = re.compile(r"\n[^\S\n]+\S")
_PUNCTUATION = r"[!-/:-@\[-`{-~]"
#: First lines that start a construct other than a paragraph or a title (broadly:
#: bullet, enumerator, field, option, doctest, line block, table, explicit
#: markup, anonymous target, or a line of one repeated punctuation character).
_SPECIAL = (
    r"(?:[-+*\u2022\u2023\u2043](?=[ \n]|\Z)"
    r"|\(?(?:[0-9]+|[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+|#)[.)](?=[ \n]|\Z)"
    r"|:|[-+][a-zA-Z0-9]|(?:--|/)[a-zA-Z0-9]|>>>(?=[ \n]|\Z)|\|(?=[ \n]|\Z)|\+|=+ +="
    r"|\.\.(?=[ \n]|\Z)|__(?=[ \n]|\Z)"
    rf"|({_PUNCTUATION})\1*(?=\n|\Z))"
)
_SPECIAL_START = re.compile(_SPECIAL)
#: A chunk start (matched on "\n\n" + text) that is special.
_SPECIAL_CHUNK = re.compile(r"\n\n+" + _SPECIAL)
_BULLET_LINE = re.compile(r"[-+*\u2022\u2023\u2043] +(\S.*)")
_ROMAN = r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
#: A one-line enumerated item whose marker docutils would write back unchanged.
_ENUMERATED_LINE = re.compile(
    rf"(\(?(?:0|[1-9][0-9]*|[a-zA-Z]|{_ROMAN}|{_ROMAN.lower()})[.)])(?: (\S.*))?"
)
#: Short punctuation lines that docutils reads as a list, doctest, line block,
#: comment, anonymous target or literal block marker rather than as text.
_CLAIMED_SHORT_LINES = frozenset({"-", "+", "*", "::", ">>>", "|", "..", "__"})
_UNDERLINED = re.compile(rf"([^\n]*)\n(({_PUNCTUATION})\3*)(\n|\Z)")
_ADORNMENT = re.compile(rf"({_PUNCTUATION})\1*")
#: Interpreted text with a role docutils does not know: ``:role:`text```.
_INTERPRETED = re.compile(r"(?::[\w.+-]+:)?`([^`]+)`(?::[\w.+-]+:)?", re.DOTALL)
#: Problems docutils reports instead of a section title; the title is kept as a paragraph.
_TITLE_PROBLEMS = (
    "Inconsistent title style",
    "A level ",
    "Unexpected section title",
    "Title level inconsistent",
)


def rst_blocks(text: str, source: str) -> list[Block]:
    """The blocks of reStructuredText ``text`` (file ``source``), fast when it can.

    Raises :class:`InputFileError` only if docutils itself fails on the file.
    """
    blocks = fast_rst_blocks(text, source)
    return blocks if blocks is not None else docutils_rst_blocks(text, source)


# -- the fast reader of the common subset ------------------------------------------


def fast_rst_blocks(text: str, source: str = "<rst>") -> list[Block] | None:
    """The blocks of ``text`` as docutils would render them, or None when ``text``
    leaves the common subset (see the module docstring). Never raises.

    Checks are substring searches where they can be: a character class regex
    over a 200 KB transcript costs more than the rest of the reading.
    """
    if any(c in text for c in _UNSUPPORTED_CHARACTERS) or _INDENTED_LINE.search("\n" + text):
        return None
    text = _without_trailing_spaces(text)
    special = _SPECIAL_CHUNK.search("\n\n" + text) is not None
    reader = _FastReader(source, special=special)
    append = reader.blocks.append
    for chunk in text.split("\n\n"):
        chunk = chunk.strip("\n")
        if not chunk:
            continue
        # The commonest chunks inline (a transcript has a hundred thousand): a
        # one-line paragraph with no markup or led by a bold label. The rest,
        # and whatever these lines do not render, take the reader's own path.
        block = None
        if (
            "\n" not in chunk
            and not chunk.endswith("::")
            and not (special and _SPECIAL_START.match(chunk))
        ):
            if not _has_markup(chunk):
                block = Block("paragraph", chunk)
            elif chunk.startswith("**"):
                block = _lead_strong_block(chunk)
        if block is not None:
            append(block)
        elif not reader.add(chunk):
            return None
    return reader.blocks


def _lead_strong_block(data: str) -> Block | None:
    """The paragraph block of one line ``data`` opening with ``**strong**`` and
    otherwise plain (a bold speaker label: ``**Name**: words``), exactly as
    :meth:`_FastReader.add` renders it; None for any other line (``\\_``
    escapes included), to be rendered that way."""
    end = data.find("**", 2)
    if end < 3:
        return None
    strong = data[2:end]
    if _has_markup(strong) or strong[0].isspace() or strong[-1].isspace():
        return None
    after = data[end + 2 :]
    if _has_markup(after) or not (after[:1] in ("", ":") or after[0].isspace()):
        return None
    return paragraph_block(strong + after, strong)


def _without_trailing_spaces(text: str) -> str:
    """``text`` with no white space at the end of a line, as docutils reads it
    (by substring replacement: a regex is ten times slower on long texts)."""
    spaces = [" ", *(c for c in _OTHER_SPACES if c in text)]
    ends = [space + "\n" for space in spaces]
    while any(end in text for end in ends):
        for end in ends:
            text = text.replace(end, "\n")
    return text.rstrip("".join(spaces))


class _FastReader:
    """Reads blank-line separated chunks into blocks, keeping docutils' title styles."""

    def __init__(self, source: str, *, special: bool) -> None:
        self.blocks: list[Block] = []
        self._special = special  # whether any chunk may start a list or other construct
        self._styles: list[str] = []
        self._level = 0
        self._inliner = _Inliner(source)

    def add(self, chunk: str) -> bool:
        """Add the blocks of one chunk; False when it leaves the subset."""
        if self._special and _SPECIAL_START.match(chunk):
            return self._add_special(chunk)
        if "\n" in chunk:
            underlined = _UNDERLINED.match(chunk)
            if underlined is not None:
                return underlined.end() == len(chunk) and self._add_title(
                    underlined.group(1), underlined.group(2)
                )
        if chunk.endswith("::"):
            return False  # a literal block follows (or docutils would warn)
        self.blocks.append(paragraph_block(*self._inline(chunk)))
        return True

    def _add_special(self, line: str) -> bool:
        """A one-line chunk that starts like a list item or is a line of one
        punctuation character, rendered as docutils renders it; False otherwise."""
        if "\n" in line:
            return False
        if _ADORNMENT.fullmatch(line):
            return self._add_adornment_line(line)
        bullet = _BULLET_LINE.fullmatch(line)
        if bullet is not None:
            marker, rest = "-", bullet.group(1)
        else:
            # Whether or not docutils takes it as a list item, the marker is
            # written back as it stands: the rendered text is the line's.
            enumerated = _ENUMERATED_LINE.fullmatch(line)
            if enumerated is None:
                return False
            marker, rest = enumerated.group(1), enumerated.group(2) or ""
        if not rest:
            self.blocks.append(Block("paragraph", marker))
            return True
        if _SPECIAL_START.match(rest):
            return False
        # A list item's paragraph is never a speaker turn: no label.
        self.blocks.append(Block("paragraph", f"{marker} {self._inline(rest)[0]}"))
        return True

    def _add_adornment_line(self, line: str) -> bool:
        """A line of one punctuation character alone: a transition from four
        characters on, else a paragraph (unless another construct claims it)."""
        if len(line) >= 4:
            self.blocks.append(Block("break", ""))
            return True
        if line in _CLAIMED_SHORT_LINES:
            return False
        self.blocks.append(paragraph_block(*self._inline(line)))
        return True

    def _add_title(self, title: str, underline: str) -> bool:
        """A section title, levelled as docutils levels it (False where docutils
        would refuse the level or read the lines as a paragraph)."""
        if _column_width(title) > len(underline) and len(underline) < 4:
            return False
        style = underline[0]
        level = self._styles.index(style) + 1 if style in self._styles else len(self._styles) + 1
        if level > self._level + 1:
            return False
        if level > len(self._styles):
            self._styles.append(style)
        self._level = level
        self.blocks.append(Block("heading", self._inline(title)[0], level))
        return True

    def _inline(self, data: str) -> tuple[str, str | None]:
        fast = fast_inline(data)
        return fast if fast is not None else self._inliner.parse(data)


def fast_inline(data: str) -> tuple[str, str | None] | None:
    """(rendered text, leading strong text or None) of inline markup ``data`` in
    its common forms (none; ``\\_`` escapes; a leading ``**strong**`` followed
    by plain text; a paragraph wholly in ``*emphasis*``), or None."""
    if not _has_markup(data):
        return data, None
    if data.startswith("**"):
        end = data.find("**", 2)
        strong = data[2:end]
        if end < 3 or _has_markup(strong) or strong[0].isspace() or strong[-1].isspace():
            return None
        after_raw = data[end + 2 :]
        after = _plain(after_raw)
        if after is None or not (after_raw[:1] in ("", ":") or after_raw[0].isspace()):
            return None
        return strong + after, strong
    if data.startswith("*") and data.endswith("*") and len(data) > 2:
        inner = data[1:-1]
        if _has_markup(inner) or inner[0].isspace() or inner[-1].isspace():
            return None
        return inner, None
    plain = _plain(data)
    return None if plain is None else (plain, None)


def _has_markup(data: str) -> bool:
    """Whether ``data`` holds a character that may start inline markup or escape it
    (substring searches: much faster than a character class)."""
    return "*" in data or "_" in data or "`" in data or "|" in data or "\\" in data


def _plain(data: str) -> str | None:
    """``data`` as docutils renders it when it holds no markup but ``\\_`` escapes."""
    if not _has_markup(data):
        return data
    if "\\_" in data and not _has_markup(data.replace("\\_", "")):
        return data.replace("\\_", "_")
    return None


def _column_width(text: str) -> int:
    """Columns ``text`` takes as docutils counts them (wide East Asian characters
    count two, combining marks none)."""
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


class _Inliner:
    """docutils' inline parser for the paragraphs the fast reader cannot render,
    set up on first use (most files never need it)."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._parse: Any = None

    def parse(self, data: str) -> tuple[str, str | None]:
        if self._parse is None:
            self._parse = _docutils_inliner(self._source)
        children = self._parse(data)
        return _inline_children(children)


def _docutils_inliner(source: str) -> Any:
    """A function parsing one paragraph's inline markup into docutils nodes."""
    from docutils import nodes
    from docutils.parsers.rst import languages
    from docutils.parsers.rst.states import Inliner, Struct
    from docutils.utils import new_document

    document = new_document(source, _settings(10_000))
    inliner = Inliner()
    inliner.init_customizations(document.settings)
    memo = Struct(
        document=document,
        reporter=document.reporter,
        language=languages.get_language("en", document.reporter),
        title_styles=[],
        section_level=0,
        section_bubble_up_kludge=False,
        inliner=inliner,
    )

    def parse(data: str) -> list[nodes.Node]:
        children, _messages = inliner.parse(data, 1, memo, nodes.paragraph())
        return list(children)

    return parse


# -- docutils -------------------------------------------------------------------------


def docutils_rst_blocks(text: str, source: str) -> list[Block]:
    """The blocks of ``text`` parsed by docutils (no transforms, no file access).

    Raises :class:`InputFileError` naming ``source`` only if docutils fails
    (a docutils bug: errors in the markup are reported in the tree, not raised).
    """
    from docutils.parsers.rst import Parser, roles
    from docutils.utils import new_document

    document = new_document(source, _settings(max(len(text), 10_000)))
    with _DOCUTILS_LOCK:
        saved_roles = dict(roles._roles)  # a document's ``.. role::`` must not outlive it
        try:
            Parser().parse(text, document)
        except RecursionError:
            raise InputFileError(source, "is nested too deeply to be read") from None
        except Exception as error:  # docutils failing on odd input must not crash the import
            raise InputFileError(
                source, f"could not be read as reStructuredText ({error})"
            ) from error
        finally:
            roles._roles.clear()
            roles._roles.update(saved_roles)
    blocks: list[Block] = []
    try:
        _body_blocks(document, blocks, 0)
    except RecursionError:
        raise InputFileError(source, "is nested too deeply to be read") from None
    return blocks


def _settings(line_length_limit: int) -> Any:
    """docutils settings: quiet, never halting, reading no file or URL."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser

    settings = get_default_settings(Parser)
    settings.report_level = 5
    settings.halt_level = 5
    settings.warning_stream = False
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    settings.syntax_highlight = "none"
    settings.pep_references = False
    settings.rfc_references = False
    settings.character_level_inline_markup = False
    settings.language_code = "en"
    # docutils refuses whole documents with lines longer than this (10,000 by
    # default); transcripts parsed from PDFs have longer ones.
    settings.line_length_limit = line_length_limit
    return settings


def _body_blocks(node: nodes.Element, out: list[Block], level: int) -> None:
    """Append the blocks of ``node``'s children; ``level`` is the section depth."""
    for child in node.children:
        _node_blocks(child, out, level)


def _node_blocks(node: nodes.Node, out: list[Block], level: int) -> None:
    from docutils import nodes

    if isinstance(node, nodes.section):
        children = list(node.children)
        if children and isinstance(children[0], nodes.title):
            out.append(Block("heading", _inline_children(children.pop(0).children)[0], level + 1))
        for child in children:
            _node_blocks(child, out, level + 1)
    elif isinstance(node, nodes.paragraph):
        out.append(paragraph_block(*_inline_children(node.children)))
    elif isinstance(node, nodes.transition):
        out.append(Block("break", ""))
    elif isinstance(node, nodes.bullet_list | nodes.enumerated_list):
        for index, item in enumerate(node.children):
            _prefixed(item, _list_marker(node, index), out, level)
    elif isinstance(node, nodes.system_message):
        recovered = _recovered_title(node)
        if recovered:
            out.append(Block("paragraph", recovered))
    elif isinstance(node, _skipped_types()):
        return
    elif isinstance(node, nodes.table):
        _table_blocks(node, out, level)
    elif isinstance(node, nodes.field | nodes.option_list_item | nodes.footnote | nodes.citation):
        _labelled_blocks(node, out, level)
    elif isinstance(node, nodes.line_block):
        out.append(Block("paragraph", "\n".join(_lines(node))))
    elif isinstance(node, nodes.FixedTextElement):
        out.append(Block("paragraph", node.astext()))  # literal, doctest and math blocks
    elif isinstance(node, nodes.attribution):
        out.append(Block("paragraph", "\u2014 " + _inline_children(node.children)[0]))
    elif isinstance(node, nodes.TextElement):
        out.append(Block("paragraph", _inline_children(node.children)[0]))
    elif isinstance(node, nodes.Element):
        _body_blocks(node, out, level)


def _skipped_types() -> tuple[type, ...]:
    """Nodes that show no text: comments, targets, definitions, directives' traces."""
    from docutils import nodes

    return (
        nodes.comment,
        nodes.target,
        nodes.substitution_definition,
        nodes.pending,
        nodes.raw,
        nodes.decoration,
        nodes.image,
        nodes.meta,
        nodes.colspec,
    )


def _prefixed(node: nodes.Element, prefix: str, out: list[Block], level: int) -> None:
    """The blocks of ``node`` with ``prefix`` and a space before the first (no label)."""
    blocks: list[Block] = []
    _body_blocks(node, blocks, level)
    first = next((i for i, b in enumerate(blocks) if b.kind != "break"), None)
    if first is None:
        out.append(Block("paragraph", prefix))
        out.extend(blocks)
        return
    blocks[first] = Block("paragraph", f"{prefix} {blocks[first].text}")
    out.extend(blocks)


def _list_marker(node: nodes.Element, index: int) -> str:
    """The marker of item ``index`` of a list: ``-`` or the number as the list writes it."""
    from docutils import nodes

    if isinstance(node, nodes.bullet_list):
        return "-"
    ordinal = int(node.get("start", 1)) + index
    kind = node.get("enumtype", "arabic")
    if kind == "loweralpha":
        number = chr(ord("a") + ordinal - 1)
    elif kind == "upperalpha":
        number = chr(ord("A") + ordinal - 1)
    elif kind in ("lowerroman", "upperroman"):
        number = _roman(ordinal)
        number = number.lower() if kind == "lowerroman" else number
    else:
        number = str(ordinal)
    return f"{node.get('prefix', '')}{number}{node.get('suffix', '.')}"


def _roman(number: int) -> str:
    """``number`` (1-4999) in upper-case Roman numerals."""
    numerals = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    written = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        written.append(letters * count)
    return "".join(written)


def _table_blocks(table: nodes.Element, out: list[Block], level: int) -> None:
    """One paragraph per row: the cells' text joined by `` | ``; a title first."""
    from docutils import nodes

    for part in table.children:
        if isinstance(part, nodes.title):
            out.append(Block("paragraph", _inline_children(part.children)[0]))
        for group in part.children if isinstance(part, nodes.tgroup) else ():
            for section in group.children if isinstance(group, nodes.Element) else ():
                if isinstance(section, nodes.row):
                    out.append(Block("paragraph", _row_text(section, level)))


def _row_text(row: nodes.Element, level: int) -> str:
    """The text of a table row: each cell's blocks joined by a space, cells by `` | ``."""
    from docutils import nodes

    cells = []
    for entry in row.children:
        blocks: list[Block] = []
        if isinstance(entry, nodes.Element):
            _body_blocks(entry, blocks, level)
        cells.append(" ".join(b.text.strip() for b in blocks if b.text.strip()))
    return " | ".join(cells)


def _labelled_blocks(node: nodes.Element, out: list[Block], level: int) -> None:
    """A field (``name: body``), an option (``-o  description``), a footnote or
    citation (``[label] body``)."""
    from docutils import nodes

    label, body = "", []
    for child in node.children:
        if isinstance(child, nodes.field_name):
            label = _inline_children(child.children)[0] + ":"
        elif isinstance(child, nodes.option_group):
            label = child.astext()
        elif isinstance(child, nodes.label):
            label = f"[{child.astext()}]"
        elif isinstance(child, nodes.Element):
            body.append(child)
    holder = nodes.container("", *[c.deepcopy() for c in body])
    _prefixed(holder, label, out, level)


def _lines(block: nodes.Element) -> list[str]:
    from docutils import nodes

    lines: list[str] = []
    for child in block.children:
        if isinstance(child, nodes.line_block):
            lines.extend(_lines(child))
        elif isinstance(child, nodes.Element):
            lines.append(_inline_children(child.children)[0])
    return lines


def _recovered_title(message: nodes.Element) -> str:
    """The title lines of a section title docutils refused, or ``""``."""
    from docutils import nodes

    if message.get("level", 0) < 3 or not message.children:
        return ""
    if not message.children[0].astext().startswith(_TITLE_PROBLEMS):
        return ""
    for child in message.children:
        if isinstance(child, nodes.literal_block):
            lines = [line.strip() for line in child.astext().splitlines()]
            return "\n".join(line for line in lines if line and not _ADORNMENT.fullmatch(line))
    return ""


def _inline_children(children: list[nodes.Node]) -> tuple[str, str | None]:
    """(plain text of inline ``children``, text of a leading strong element or None)."""
    from docutils import nodes

    text = "".join(_inline_text(child) for child in children)
    lead = _inline_text(children[0]) if children and isinstance(children[0], nodes.strong) else None
    return text, lead


def _inline_text(node: nodes.Node) -> str:
    from docutils import nodes

    if isinstance(node, nodes.Text):
        return node.astext()
    if isinstance(node, nodes.raw | nodes.system_message | nodes.substitution_definition):
        return ""
    if isinstance(node, nodes.footnote_reference | nodes.citation_reference):
        label = node.astext()
        return f"[{label}]" if label else ""
    if isinstance(node, nodes.image):
        return str(node.get("alt", ""))
    if isinstance(node, nodes.problematic):
        # Markup docutils could not resolve (an unknown role): show its text only.
        interpreted = _INTERPRETED.fullmatch(node.astext())
        return node.astext() if interpreted is None else interpreted.group(1)
    if isinstance(node, nodes.Element):
        return "".join(_inline_text(child) for child in node.children)
    return ""
