"""Reading Markdown (.md) and reStructuredText (.rst) documents as plain text.

The markup is rendered, not stored: the text qualframe keeps holds what a
reader of the rendered page sees, one block per paragraph, blocks separated
by a blank line (``"\\n\\n"``), the text ending with one ``"\\n"``:

* A heading becomes its title alone on a line (a paragraph of its own) and a
  :class:`~qualframe.formats.sections.Section` whose level is the markup's
  (Markdown: the number of ``#``; reStructuredText: the order in which
  adornment styles first appear, as docutils nests sections). A section runs
  from its title to the next heading of the same or a higher level, or to the
  end of the text.
* Emphasis, strong, code and link markup is removed (link text kept, the URL
  dropped unless it is the text); escapes are resolved.
* Paragraphs, block quotes, literal and code blocks stay paragraphs (their
  line breaks kept). A list item keeps a plain marker in front of its first
  paragraph: ``"- "`` for every bullet, the item's number as written by the
  list for numbered lists (``"1. "``, ``"(a) "``, ``"iv) "``).
* A table becomes one paragraph per row, its cells' text joined by ``" | "``.
* reStructuredText comments, targets, substitution definitions and directive
  markup are not shown; the prose content of directives (admonitions,
  topics, containers...) is kept.
* A speaker label written in bold at the start of a paragraph,
  ``**Name**: text`` or ``**Name:** text`` (``<b>``/``<strong>`` in HTML),
  is stored as ``Name: text`` and starts a
  :class:`~qualframe.formats.speaker_turns.SpeakerTurn` labelled ``Name``
  (judged by :func:`~qualframe.formats.speaker_turns.speaker_label`, so
  ``**Note**:`` is not a speaker). The turn starts at the label and runs
  over the following paragraphs up to the next label, heading, thematic
  break (transition) or paragraph that is only a stage direction in
  parentheses (``*(10.00 am)*``, stored as ``(10.00 am)``), or the end.
  Labels inside list items are not speakers. A document with no bold label
  leaves its turns to the dispatcher's detector (``turns=None``), which then
  reads the rendered text for plain ``Name:`` labels.

All offsets are Unicode code points into the stored text, end exclusive.
Markdown is read with markdown-it-py (:mod:`qualframe.formats.markup_markdown`),
reStructuredText with docutils or, for files inside its common subset, a
fast reader that renders them exactly as docutils would
(:mod:`qualframe.formats.markup_rst`). HTML (:mod:`qualframe.formats.html_reader`)
renders into the same blocks through :func:`assemble_blocks`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Literal, NamedTuple

from qualframe.formats.sections import Section
from qualframe.formats.segmentation import TextSpan
from qualframe.formats.speaker_turns import SpeakerTurn, speaker_label
from qualframe.formats.structure import TextContent

BlockKind = Literal["heading", "paragraph", "break"]

#: The characters a bold speaker name may hold (as the text detector accepts).
_BOLD_NAME = re.compile(r"[^\W\d_][\w .,'\u2019&/()-]{0,59}")


class Block(NamedTuple):
    """One rendered block of a document, in reading order.

    ``kind`` is ``"heading"`` (``text`` is the title, ``level`` from 1),
    ``"paragraph"`` (``label`` is the speaker whose turn it starts, its text
    then opening with ``"label:"``), or ``"break"`` (a thematic break: no
    text, it ends a speaker turn). A NamedTuple rather than a dataclass:
    a large transcript makes hundreds of thousands of them.
    """

    kind: BlockKind
    text: str
    level: int = 0
    label: str | None = None


def paragraph_block(text: str, lead_strong: str | None = None) -> Block:
    """The paragraph block of rendered ``text``; ``lead_strong`` is the rendered
    text of a strong (bold) element the paragraph opens with, if any, and
    ``text`` starts with it. A bold speaker label becomes ``"Name: words"``."""
    if lead_strong is not None:
        found = bold_label(lead_strong, text[len(lead_strong) :])
        if found is not None:
            return Block("paragraph", found[1], 0, found[0])
    return Block("paragraph", text)


def bold_label(strong: str, after: str) -> tuple[str, str] | None:
    """(label, paragraph text) when bold ``strong`` followed by ``after`` is a
    speaker label (``**Name**: words`` or ``**Name:** words``), else None.

    The paragraph text is ``"Name: words"``, the label clean (white space
    collapsed).
    """
    name = strong.strip()
    if name.endswith(":") and (not after or after[0].isspace()):
        name, rest = name[:-1], after
    elif after[:1] == ":" and (len(after) == 1 or after[1].isspace()):
        rest = after[1:]
    else:
        return None
    label = _bold_speaker(name)
    return None if label is None else (label, f"{label}:{rest}")


@functools.lru_cache(maxsize=4096)
def _bold_speaker(name: str) -> str | None:
    """The clean speaker label of a bold ``name``, or None (cached: a transcript
    repeats a few names thousands of times)."""
    if not _BOLD_NAME.fullmatch(name):
        return None
    return speaker_label(name, form="bold")


def is_stage_direction(text: str) -> bool:
    """True when ``text`` is only a stage direction in parentheses: ``(10.00 am)``."""
    return text[:1] == "(" and text.find(")") == len(text) - 1


def assemble_blocks(blocks: Iterable[Block], metadata: dict[str, str] | None = None) -> TextContent:
    """The document of ``blocks``: text, sections, paragraphs and speaker turns.

    Block texts are stripped of trailing white space and empty ones dropped.
    ``turns`` is None when no block carries a label (the dispatcher then
    looks for plain labels in the text). Never raises.
    """
    blocks = list(blocks)
    content = _assemble(blocks, normalise=False)
    if not unicodedata.is_normalized("NFC", content.text):
        # Markup removed between a letter and a combining mark: normalise block
        # by block so that offsets stay consistent.
        content = _assemble(blocks, normalise=True)
    if metadata:
        content = TextContent(
            content.text,
            sections=content.sections,
            turns=content.turns,
            paragraphs=content.paragraphs,
            metadata=metadata,
        )
    return content


def _assemble(blocks: list[Block], *, normalise: bool) -> TextContent:
    """Join the blocks' texts with blank lines and place sections, paragraphs and
    turns (one pass: a transcript has hundreds of thousands of blocks)."""
    parts: list[str] = []
    paragraphs: list[TextSpan] = []
    headings: list[tuple[str, int, int]] = []
    turns: list[SpeakerTurn] = []
    open_label: str | None = None  # the turn being read: its label, start and end
    open_start = open_end = 0
    labelled = False
    position = -2
    add_part, add_paragraph = parts.append, paragraphs.append
    for kind, raw, level, label in blocks:
        text = unicodedata.normalize("NFC", raw).rstrip() if normalise else raw.rstrip()
        if not text:
            if kind == "break" and open_label is not None:
                turns.append(SpeakerTurn(open_label, open_start, open_end))
                open_label = None
            continue
        start = position + 2
        add_part(text)
        position = start + len(text)
        indent = len(text) - len(text.lstrip()) if text[0].isspace() else 0
        add_paragraph(TextSpan(start + indent, position))
        # A paragraph with no label, unless a stage direction (is_stage_direction,
        # spelt out: this loop runs once per paragraph of a whole corpus).
        if (
            label is None
            and kind == "paragraph"
            and (text[0] != "(" or text.find(")") != len(text) - 1)
        ):
            open_end = position
            continue
        if open_label is not None:
            turns.append(SpeakerTurn(open_label, open_start, open_end))
            open_label = None
        if kind == "heading":
            headings.append((text.strip(), level, start + indent))
        elif label is not None:
            labelled = True
            open_label = unicodedata.normalize("NFC", label) if normalise else label
            open_start, open_end = start, position
    if open_label is not None:
        turns.append(SpeakerTurn(open_label, open_start, open_end))
    text = "\n\n".join(parts) + "\n" if parts else ""
    return TextContent(
        text,
        sections=_sections(headings, len(text)),
        turns=tuple(turns) if labelled else None,
        paragraphs=tuple(paragraphs),
    )


def _sections(headings: list[tuple[str, int, int]], text_end: int) -> tuple[Section, ...]:
    """Sections of ``headings`` (title, level, start): each ends at the next
    heading of the same or a higher level, or at ``text_end``."""
    ends = [text_end] * len(headings)
    open_indexes: list[int] = []
    for index, (_, level, start) in enumerate(headings):
        while open_indexes and headings[open_indexes[-1]][1] >= level:
            ends[open_indexes.pop()] = start
        open_indexes.append(index)
    return tuple(
        Section(title=title, level=level, start=start, end=end)
        for (title, level, start), end in zip(headings, ends, strict=True)
    )


def read_markdown(text: str, source: str) -> TextContent:
    """The decoded Markdown ``text`` of file ``source``, rendered to plain text.

    See the module docstring for what is kept; never raises (any text is
    Markdown). Front matter (a leading ``---`` block of ``key: value``
    lines) is left out of the text; its ``title``, if any, goes to metadata.
    """
    from qualframe.formats.markup_markdown import markdown_blocks

    blocks, metadata = markdown_blocks(text, source)
    return assemble_blocks(blocks, metadata)


def read_rst(text: str, source: str) -> TextContent:
    """The decoded reStructuredText ``text`` of file ``source``, rendered to plain text.

    See the module docstring for what is kept. Never raises on a sloppy
    file: what docutils cannot parse is left out or kept as text, and
    docutils reads no other file and no URL.
    """
    from qualframe.formats.markup_rst import rst_blocks

    return assemble_blocks(rst_blocks(text, source))


__all__ = [
    "Block",
    "assemble_blocks",
    "bold_label",
    "is_stage_direction",
    "paragraph_block",
    "read_markdown",
    "read_rst",
]
