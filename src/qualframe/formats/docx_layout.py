"""Laying out the blocks of a word-processor document as stored text and structure.

Shared by the Word (.docx) and OpenDocument (.odt) readers. A reader turns
the file into :class:`Block` values (a paragraph, a table row, a heading, a
speaker's turn), each holding :class:`Marked` text: text with the comment
anchors that fell inside it. :func:`lay_out` joins the blocks with one blank
line between them and gives the :class:`~qualframe.formats.structure.TextContent`:
paragraphs (one per block), sections (from heading blocks), speaker turns
(from blocks that start or continue one) and comments (from the anchors).

All positions are Unicode code points, end exclusive: into a piece's own
text for :class:`Anchor`, into the stored text (NFC, ``\\n`` line endings)
for everything :func:`lay_out` returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from qualframe.formats.offset_maps import normalisation_map
from qualframe.formats.sections import Section
from qualframe.formats.segmentation import TextSpan
from qualframe.formats.speaker_turns import SpeakerTurn
from qualframe.formats.structure import Comment, TextContent
from qualframe.formats.text_decoding import normalise_text

AnchorKind = Literal["start", "end", "point"]


@dataclass(frozen=True)
class Anchor:
    """Where a comment's range starts or ends, or where it is referenced
    (``point``), as a position into the text of the piece holding it."""

    key: str
    kind: AnchorKind
    position: int


@dataclass(frozen=True)
class Marked:
    """A piece of text and the comment anchors inside it."""

    text: str
    anchors: tuple[Anchor, ...] = ()

    def shifted(self, by: int) -> tuple[Anchor, ...]:
        """The anchors moved ``by`` code points (the piece placed after other text)."""
        return tuple(replace(anchor, position=anchor.position + by) for anchor in self.anchors)

    def clamped(self, start: int, end: int) -> Marked:
        """The text ``[start, end)`` of this piece; anchors outside it move to its edges."""
        anchors = tuple(
            replace(anchor, position=min(max(anchor.position, start), end) - start)
            for anchor in self.anchors
        )
        return Marked(self.text[start:end], anchors)

    def stripped(self) -> Marked:
        """Without leading and trailing white space."""
        body = self.text.lstrip()
        start = len(self.text) - len(body)
        return self.clamped(start, start + len(body.rstrip()))

    def with_prefix(self, prefix: str) -> Marked:
        """``prefix`` followed by this piece."""
        return Marked(prefix + self.text, self.shifted(len(prefix)))

    def cleaned(self) -> Marked:
        """One block: lines stripped on the right, blank lines dropped, the whole
        stripped. Anchors in dropped text move forward (starts) or back (ends)."""
        runs: list[tuple[int, int, int]] = []  # raw start, raw end, clean start
        kept: list[str] = []
        length = offset = 0
        for line in self.text.split("\n"):
            start, body = offset, line.rstrip()
            offset += len(line) + 1
            if not body.strip():
                continue
            if not kept:
                start += len(body) - len(body.lstrip())
                body = body.lstrip()
            length += 1 if kept else 0
            runs.append((start, start + len(body), length))
            kept.append(body)
            length += len(body)
        return Marked("\n".join(kept), tuple(_moved(a, runs, length) for a in self.anchors))


def _moved(anchor: Anchor, runs: list[tuple[int, int, int]], length: int) -> Anchor:
    """``anchor`` carried from the raw text to the cleaned one (see :meth:`Marked.cleaned`)."""
    position = anchor.position
    if anchor.kind == "end":
        target = 0
        for raw_start, raw_end, clean_start in runs:
            if raw_start > position:
                break
            target = clean_start + min(position, raw_end) - raw_start
    else:
        target = length
        for raw_start, raw_end, clean_start in runs:
            if raw_end >= position:
                target = clean_start + max(position - raw_start, 0)
                break
    return replace(anchor, position=target)


def join_marked(separator: str, pieces: Sequence[Marked]) -> Marked:
    """The pieces joined by ``separator``, anchors kept in place."""
    anchors: list[Anchor] = []
    offset = 0
    for piece in pieces:
        anchors.extend(piece.shifted(offset))
        offset += len(piece.text) + len(separator)
    return Marked(separator.join(piece.text for piece in pieces), tuple(anchors))


class MarkedBuilder:
    """Collects the raw text of a paragraph and the anchors met on the way."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._anchors: list[Anchor] = []

    def text(self, text: str) -> None:
        """Append ``text`` (CR and CR+LF become ``\\n``)."""
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._parts.append(text)
        self._length += len(text)

    def anchor(self, key: str, kind: AnchorKind) -> None:
        """Mark the current position as ``kind`` of comment ``key``."""
        self._anchors.append(Anchor(key, kind, self._length))

    def extend(self, piece: Marked) -> None:
        """Append a piece built elsewhere (a paragraph merged into the next)."""
        self._anchors.extend(piece.shifted(self._length))
        self.text(piece.text)

    def build(self) -> Marked:
        """The collected raw text and anchors."""
        return Marked("".join(self._parts), tuple(self._anchors))


@dataclass(frozen=True)
class Block:
    """One paragraph of the stored text, with what it is.

    ``heading``: the heading level (0 for a document title, 1 the highest
    heading), or None. ``speaker``: the label of the turn this block starts
    (its text begins ``"<speaker>: "``), with the turn's ``seconds`` in the
    recording; ``continues_turn``: the block belongs to the turn before it.
    """

    body: Marked
    heading: int | None = None
    speaker: str | None = None
    seconds: float | None = None
    continues_turn: bool = False


@dataclass(frozen=True)
class CommentNote:
    """A comment's own content, keyed as its anchors are."""

    text: str
    author: str = ""
    date: str = ""


@dataclass
class _Spans:
    """Offsets collected while joining blocks (into the raw joined text)."""

    paragraphs: list[TextSpan] = field(default_factory=list)
    headings: list[tuple[str, int, int]] = field(default_factory=list)
    turns: list[SpeakerTurn] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)


def lay_out(
    blocks: Iterable[Block],
    notes: Mapping[str, CommentNote],
    *,
    has_turns: bool,
    metadata: dict[str, str],
) -> TextContent:
    """The stored text and structure of ``blocks`` (see the module docstring).

    Heading levels are shifted down by one when the document has a title
    (level 0), so the title's section holds the whole document. A comment
    whose range holds no text covers the paragraph it is in; comments with no
    anchor in the blocks are left out. ``turns`` is None (left to the
    speaker-label detector) unless ``has_turns``. Never raises.
    """
    parts: list[str] = []
    spans = _Spans()
    offset = 0
    for block in blocks:
        if parts:
            parts.append("\n\n")
            offset += 2
        start, end = offset, offset + len(block.body.text)
        parts.append(block.body.text)
        offset = end
        spans.paragraphs.append(TextSpan(start, end))
        spans.anchors.extend(block.body.shifted(start))
        if block.heading is not None:
            title = normalise_text(" ".join(block.body.text.split()))
            spans.headings.append((title, block.heading, start))
        if block.speaker is not None:
            spans.turns.append(SpeakerTurn(block.speaker, start, end, block.seconds))
        elif block.continues_turn and spans.turns and spans.turns[-1].end == start - 2:
            spans.turns[-1] = replace(spans.turns[-1], end=end)
    raw = "".join(parts)
    sections = _sections(spans.headings, len(raw))
    comments = _comments(raw, spans.anchors, notes, spans.paragraphs)
    text = normalise_text(raw)
    if text != raw:
        mapped = normalisation_map(raw)
        spans.paragraphs = [
            TextSpan(mapped.start(s.start), mapped.end(s.end)) for s in spans.paragraphs
        ]
        sections = [
            replace(s, start=mapped.start(s.start), end=mapped.end(s.end)) for s in sections
        ]
        spans.turns = [
            replace(t, start=mapped.start(t.start), end=mapped.end(t.end)) for t in spans.turns
        ]
        comments = [
            replace(c, start=mapped.start(c.start), end=mapped.end(c.end)) for c in comments
        ]
    return TextContent(
        text=text,
        sections=tuple(sections),
        turns=tuple(spans.turns) if has_turns else None,
        paragraphs=tuple(spans.paragraphs),
        comments=tuple(comments),
        metadata=metadata,
    )


def _sections(headings: list[tuple[str, int, int]], text_end: int) -> list[Section]:
    """Sections from (title, level, start): each ends where the next heading of the
    same or a higher level starts, or at the end of the text."""
    shift = 1 if any(level == 0 for _, level, _ in headings) else 0
    ends = [text_end] * len(headings)
    open_indexes: list[int] = []
    for index, (_, level, start) in enumerate(headings):
        while open_indexes and headings[open_indexes[-1]][1] >= level:
            ends[open_indexes.pop()] = start
        open_indexes.append(index)
    return [
        Section(title, level + shift, start, end)
        for (title, level, start), end in zip(headings, ends, strict=True)
    ]


def _comments(
    raw: str, anchors: list[Anchor], notes: Mapping[str, CommentNote], paragraphs: list[TextSpan]
) -> list[Comment]:
    """One comment per note with an anchor in ``raw``, sorted by position; spans are
    trimmed of white space (a range ending at the start of the next paragraph)."""
    found: dict[str, dict[AnchorKind, int]] = {}
    for anchor in anchors:
        positions = found.setdefault(anchor.key, {})
        if anchor.kind == "end":
            positions["end"] = anchor.position  # the last end wins
        else:
            positions.setdefault(anchor.kind, anchor.position)
    comments = []
    for key, positions in found.items():
        note = notes.get(key)
        if note is None:
            continue
        start = positions.get("start", positions.get("point", positions.get("end", 0)))
        end = positions.get("end", positions.get("point", start))
        while start < end and raw[start].isspace():
            start += 1
        while end > start and raw[end - 1].isspace():
            end -= 1
        if end <= start:
            start, end = _paragraph_around(min(start, end), paragraphs)
        comments.append(Comment(start, end, note.text, note.author, note.date))
    return sorted(comments, key=lambda c: (c.start, c.end))


def _paragraph_around(position: int, paragraphs: list[TextSpan]) -> tuple[int, int]:
    """The paragraph holding ``position`` (or the one just before it)."""
    around = paragraphs[0]
    for paragraph in paragraphs:
        if paragraph.start > position:
            break
        around = paragraph
    return around.start, around.end
