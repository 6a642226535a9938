"""The structure a reader finds in a document besides its text.

Every reader gives the stored text (NFC, ``\\n`` line endings) and, as
code-point offsets into that text (end exclusive), what the source file
said about its shape: sections (headings), pages (PDF), speaker turns with
their times, and comments anchored to spans (Word). :class:`TextContent`
is that result; :mod:`qualframe.formats.documents` turns it into a
:class:`~qualframe.formats.documents.ParsedDocument`, finding headings and
speaker turns in the text itself when a reader leaves them to it (``None``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualframe.formats.sections import Section
from qualframe.formats.segmentation import TextSpan
from qualframe.formats.speaker_turns import SpeakerTurn


@dataclass(frozen=True)
class Page:
    """A page of the source (1-based ``number``) and the span of text it holds."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Comment:
    """A comment anchored to the span ``[start, end)`` (a Word comment).

    ``author`` and ``date`` (ISO 8601) are as the file gives them, or ``""``.
    """

    start: int
    end: int
    text: str
    author: str = ""
    date: str = ""


@dataclass(frozen=True)
class Cue:
    """One subtitle cue (or the part of it said by one speaker).

    ``start``/``end``: code-point offsets of the cue text in the document
    text, end exclusive; ``start_seconds``/``end_seconds``: its times in
    the recording; ``voice``: the speaker, or None.
    """

    start: int
    end: int
    start_seconds: float
    end_seconds: float
    voice: str | None


@dataclass(frozen=True)
class SpeakerHints:
    """What a project already knows about speaker labels, for finding turns:
    ``known`` labels are speakers even when used once (participants'
    identifiers, labels mapped or accepted); ``rejected`` labels never are
    (a person said "not a speaker"). Compared ignoring case."""

    known: frozenset[str] = frozenset()
    rejected: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TextContent:
    """What a reader yields: the text and the structure it found.

    ``sections`` / ``turns`` are ``None`` when the reader leaves them to be
    found in the text (headings written as Markdown/RST adornments or
    question lines; ``Name:`` speaker labels); an empty tuple means "there
    are none". ``metadata`` is what the file says about itself (page count,
    title, author...), as strings. ``paragraphs`` is ``None`` when the
    paragraphs are the text's blank-line separated blocks.
    """

    text: str
    sections: tuple[Section, ...] | None = None
    turns: tuple[SpeakerTurn, ...] | None = None
    paragraphs: tuple[TextSpan, ...] | None = None
    cues: tuple[Cue, ...] = ()
    pages: tuple[Page, ...] = ()
    comments: tuple[Comment, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)


__all__ = [
    "Comment",
    "Cue",
    "Page",
    "Section",
    "SpeakerHints",
    "SpeakerTurn",
    "TextContent",
    "TextSpan",
]
