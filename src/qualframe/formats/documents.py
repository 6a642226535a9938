"""Reading source documents (transcripts, notes, reports) into plain objects.

:func:`read_document` and :func:`read_document_bytes` pick a reader by the
file-name suffix and return a :class:`ParsedDocument`: the text qualframe
stores (Unicode NFC, ``\\n`` line endings) and its structure (sections,
pages, paragraphs, speaker turns with their times, comments, subtitle cues)
as code-point offsets into that text (end exclusive). Any bad file raises
:class:`~qualframe.errors.InputFileError` naming the file and the problem.

Each reader gives a :class:`~qualframe.formats.structure.TextContent`:

* .txt: :mod:`qualframe.formats.transcript_text` (timestamps become turn times).
* .md/.markdown, .rst: :mod:`qualframe.formats.markup_reader` (rendered to
  plain text: no markup characters are stored).
* .html/.htm: :mod:`qualframe.formats.html_reader`.
* .docx: :mod:`qualframe.formats.docx_reader`; .odt:
  :mod:`qualframe.formats.odt_reader`; .rtf: :mod:`qualframe.formats.rtf_reader`.
* .pdf: :mod:`qualframe.formats.pdf_reader` (read by layout).
* .vtt, .srt: :mod:`qualframe.formats.subtitle_reader`.

Every file is held to the limits of :mod:`qualframe.limits`, checked on what
the file is: its size (``file_bytes``), the characters of its text
(``document_characters``: text formats right after decoding, before any
parsing; every reader's output; the PDF and .odt readers while reading), and
the readers' own (archives: :mod:`qualframe.formats.archives`; PDF pages and
time: :mod:`qualframe.formats.pdf_reader`).

Where a reader leaves sections or turns to the text (``None``), headings
come from :func:`~qualframe.formats.sections.detect_sections` and turns
from :func:`~qualframe.formats.speaker_turns.detect_speaker_turns`;
paragraphs are blank-line separated blocks unless the reader gives them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path, PurePath

from qualframe.errors import InputFileError
from qualframe.formats.read_limits import check_characters, check_file_size
from qualframe.formats.sections import Section, detect_sections
from qualframe.formats.segmentation import TextSpan, paragraph_spans
from qualframe.formats.sources import read_file_bytes
from qualframe.formats.speaker_turns import SpeakerTurn, detect_speaker_turns
from qualframe.formats.structure import Comment, Cue, Page, SpeakerHints, TextContent
from qualframe.formats.text_decoding import decode_text

#: The generation of the readers: stored with each document (``details["readers"]``)
#: so documents read by older readers can be found and re-read. 1: the text as
#: extracted (markup kept, PDFs by pypdf); 2: rendered markup, PDF by layout,
#: document structure (sections, pages, turn times, comments).
READERS_VERSION = 2


class DocumentFormat(StrEnum):
    """The kind of file a document was read from."""

    TEXT = "text"
    MARKDOWN = "markdown"
    RST = "rst"
    DOCX = "docx"
    PDF = "pdf"
    VTT = "vtt"
    SRT = "srt"
    ODT = "odt"
    RTF = "rtf"
    HTML = "html"


_FORMATS_BY_SUFFIX = {
    ".txt": DocumentFormat.TEXT,
    ".md": DocumentFormat.MARKDOWN,
    ".markdown": DocumentFormat.MARKDOWN,
    ".rst": DocumentFormat.RST,
    ".docx": DocumentFormat.DOCX,
    ".pdf": DocumentFormat.PDF,
    ".vtt": DocumentFormat.VTT,
    ".srt": DocumentFormat.SRT,
    ".odt": DocumentFormat.ODT,
    ".rtf": DocumentFormat.RTF,
    ".html": DocumentFormat.HTML,
    ".htm": DocumentFormat.HTML,
}
#: File-name suffixes qualframe can import as documents (lower case).
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_FORMATS_BY_SUFFIX)


@dataclass(frozen=True)
class ParsedDocument:
    """A document read from a file, ready to be stored.

    ``name`` is the file name, ``title`` its stem; ``text`` is NFC with
    ``\\n`` line endings; ``paragraphs``, ``sections``, ``pages`` (PDF),
    ``turns``, ``comments`` (Word) and ``cues`` (subtitles) hold code-point
    offsets into ``text``; ``metadata`` holds what the file says about
    itself (PDF page count, Word title/author, subtitle cue count...).
    """

    name: str
    title: str
    format: DocumentFormat
    text: str
    paragraphs: tuple[TextSpan, ...]
    cues: tuple[Cue, ...] = ()
    turns: tuple[SpeakerTurn, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    sections: tuple[Section, ...] = ()
    pages: tuple[Page, ...] = ()
    comments: tuple[Comment, ...] = ()


def document_format(name: str) -> DocumentFormat:
    """The format of a file, from the suffix of its ``name`` (case-insensitive).

    Raises :class:`InputFileError` naming the file and listing the
    supported suffixes when the suffix is not one of them.
    """
    suffix = PurePath(_base_name(name)).suffix.lower()
    try:
        return _FORMATS_BY_SUFFIX[suffix]
    except KeyError:
        what = f"files ending in {suffix!r}" if suffix else "files without a suffix"
        raise InputFileError(
            name,
            f"{what} cannot be imported; supported: {', '.join(SUPPORTED_SUFFIXES)}",
        ) from None


def read_document(
    path: Path, *, encoding: str | None = None, speakers: SpeakerHints | None = None
) -> ParsedDocument:
    """Read the document file at ``path``.

    ``encoding`` names the codec of a text or subtitle file when it cannot
    be detected (ignored for .docx and .pdf); ``speakers`` is what the
    project knows about speaker labels (see :class:`SpeakerHints`). Raises
    :class:`InputFileError` naming ``path`` when the file is missing,
    unreadable, of an unsupported kind or invalid, or when it or its text
    passes a limit of :mod:`qualframe.limits` (``file_bytes``,
    ``document_characters``, and the readers' own: archives, PDF pages, time).
    """
    source = str(path)
    document_format(source)  # refuse an unsupported suffix before reading anything
    data = read_file_bytes(path)  # refuses a file over the file_bytes limit unread
    return _parse(data, path.name, source, encoding, speakers or SpeakerHints())


def read_document_bytes(
    data: bytes,
    name: str,
    *,
    encoding: str | None = None,
    speakers: SpeakerHints | None = None,
) -> ParsedDocument:
    """Read a document from its bytes, e.g. a web upload, choosing the reader by ``name``.

    ``name`` is the file name (any folder part, even a Windows one, is
    dropped). Raises :class:`InputFileError` naming the file, as
    :func:`read_document` does.
    """
    base = _base_name(name)
    return _parse(data, base, base, encoding, speakers or SpeakerHints())


def _base_name(name: str) -> str:
    """The last component of a path written with / or \\ separators."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _parse(
    data: bytes, name: str, source: str, encoding: str | None, speakers: SpeakerHints
) -> ParsedDocument:
    """Dispatch to the reader for the suffix of ``name``; ``source`` names the file in errors.

    The file's size and the length of the text its reader gives are held to
    the ``file_bytes`` and ``document_characters`` limits.
    """
    kind = document_format(name)
    check_file_size(len(data), source)
    content = _read_content(kind, data, source, encoding, speakers)
    text = content.text
    check_characters(len(text), source)
    return ParsedDocument(
        name=name,
        title=PurePath(name).stem,
        format=kind,
        text=text,
        paragraphs=(
            tuple(paragraph_spans(text)) if content.paragraphs is None else content.paragraphs
        ),
        cues=content.cues,
        turns=(
            tuple(detect_speaker_turns(text, known=speakers.known, rejected=speakers.rejected))
            if content.turns is None
            else _without_rejected(content.turns, speakers.rejected)
        ),
        metadata=content.metadata,
        sections=tuple(detect_sections(text)) if content.sections is None else content.sections,
        pages=content.pages,
        comments=content.comments,
    )


def _without_rejected(
    turns: tuple[SpeakerTurn, ...], rejected: frozenset[str]
) -> tuple[SpeakerTurn, ...]:
    """A reader's turns without those of labels a person said are not speakers
    (bold labels, Word speaker tables): each one's text joins the turn before,
    as detection does (a rejected first turn belongs to no turn)."""
    if not rejected:
        return turns
    refused = {label.casefold() for label in rejected}
    kept: list[SpeakerTurn] = []
    for turn in turns:
        if turn.label.casefold() not in refused:
            kept.append(turn)
        elif kept and kept[-1].end <= turn.start:
            kept[-1] = replace(kept[-1], end=turn.end)
    return tuple(kept)


def _read_content(
    kind: DocumentFormat, data: bytes, source: str, encoding: str | None, speakers: SpeakerHints
) -> TextContent:
    """The reader's output for a file of format ``kind`` (readers are imported lazily:
    start-up of the command line should not pay for PDF or Word libraries)."""
    if kind is DocumentFormat.DOCX:
        from qualframe.formats.docx_reader import read_docx

        return read_docx(data, source)
    if kind is DocumentFormat.PDF:
        from qualframe.formats.pdf_reader import read_pdf

        return read_pdf(data, source)
    if kind is DocumentFormat.ODT:
        from qualframe.formats.odt_reader import read_odt

        return read_odt(data, source)
    if kind is DocumentFormat.RTF:
        from qualframe.formats.rtf_reader import read_rtf

        return read_rtf(data, source)
    text = decode_text(data, source, encoding)
    check_characters(len(text), source)  # before any parsing work
    if kind is DocumentFormat.VTT:
        from qualframe.formats.subtitle_reader import read_vtt

        return read_vtt(text, source, known=speakers.known, rejected=speakers.rejected)
    if kind is DocumentFormat.SRT:
        from qualframe.formats.subtitle_reader import read_srt

        return read_srt(text, source, known=speakers.known, rejected=speakers.rejected)
    if kind is DocumentFormat.MARKDOWN:
        from qualframe.formats.markup_reader import read_markdown

        return read_markdown(text, source)
    if kind is DocumentFormat.RST:
        from qualframe.formats.markup_reader import read_rst

        return read_rst(text, source)
    if kind is DocumentFormat.HTML:
        from qualframe.formats.html_reader import read_html

        return read_html(text, source)
    from qualframe.formats.transcript_text import read_plain_text

    return read_plain_text(text, source, known=speakers.known, rejected=speakers.rejected)


__all__ = [
    "READERS_VERSION",
    "SUPPORTED_SUFFIXES",
    "Comment",
    "Cue",
    "DocumentFormat",
    "Page",
    "ParsedDocument",
    "Section",
    "SpeakerHints",
    "SpeakerTurn",
    "TextSpan",
    "document_format",
    "read_document",
    "read_document_bytes",
]
