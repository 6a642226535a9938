"""Reading source documents (transcripts, notes, reports) into plain objects.

:func:`read_document` and :func:`read_document_bytes` pick a reader by the
file-name suffix and return a :class:`ParsedDocument`: the text qualframe
stores (Unicode NFC, ``\\n`` line endings) with its paragraphs, subtitle
cues and speaker turns as code-point offsets into that text (end
exclusive). Any bad file raises :class:`~qualframe.errors.InputFileError`
naming the file and the problem.

* .txt, .md/.markdown, .rst: the decoded text as is (markup kept).
* .docx: see :mod:`qualframe.formats.docx_reader`.
* .pdf: see :mod:`qualframe.formats.pdf_reader`.
* .vtt, .srt: see :mod:`qualframe.formats.subtitle_reader`.

Paragraphs are blank-line separated blocks; turns come from
:func:`~qualframe.formats.speaker_turns.detect_speaker_turns` except for
subtitles, whose turns come from their voices and speaker labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePath

from qualframe.errors import InputFileError
from qualframe.formats.segmentation import TextSpan, paragraph_spans
from qualframe.formats.sources import read_file_bytes
from qualframe.formats.speaker_turns import SpeakerTurn, detect_speaker_turns
from qualframe.formats.subtitle_reader import Cue
from qualframe.formats.text_decoding import decode_text

#: Largest file read_document accepts, in bytes.
MAX_FILE_BYTES = 512 * 1024 * 1024


class DocumentFormat(StrEnum):
    """The kind of file a document was read from."""

    TEXT = "text"
    MARKDOWN = "markdown"
    RST = "rst"
    DOCX = "docx"
    PDF = "pdf"
    VTT = "vtt"
    SRT = "srt"


_FORMATS_BY_SUFFIX = {
    ".txt": DocumentFormat.TEXT,
    ".md": DocumentFormat.MARKDOWN,
    ".markdown": DocumentFormat.MARKDOWN,
    ".rst": DocumentFormat.RST,
    ".docx": DocumentFormat.DOCX,
    ".pdf": DocumentFormat.PDF,
    ".vtt": DocumentFormat.VTT,
    ".srt": DocumentFormat.SRT,
}
#: File-name suffixes qualframe can import as documents (lower case).
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_FORMATS_BY_SUFFIX)


@dataclass(frozen=True)
class ParsedDocument:
    """A document read from a file, ready to be stored.

    ``name`` is the file name, ``title`` its stem; ``text`` is NFC with
    ``\\n`` line endings; ``paragraphs``, ``cues`` (subtitles only) and
    ``turns`` hold code-point offsets into ``text``; ``metadata`` holds
    what the file says about itself (PDF page count, Word title/author,
    subtitle cue count...).
    """

    name: str
    title: str
    format: DocumentFormat
    text: str
    paragraphs: tuple[TextSpan, ...]
    cues: tuple[Cue, ...] = ()
    turns: tuple[SpeakerTurn, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)


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


def read_document(path: Path, *, encoding: str | None = None) -> ParsedDocument:
    """Read the document file at ``path``.

    ``encoding`` names the codec of a text or subtitle file when it cannot
    be detected (ignored for .docx and .pdf). Raises
    :class:`InputFileError` naming ``path`` when the file is missing,
    unreadable, too large, of an unsupported kind or invalid.
    """
    source = str(path)
    document_format(source)  # refuse an unsupported suffix before reading anything
    data = read_file_bytes(path, max_bytes=MAX_FILE_BYTES)
    return _parse(data, path.name, source, encoding)


def read_document_bytes(data: bytes, name: str, *, encoding: str | None = None) -> ParsedDocument:
    """Read a document from its bytes, e.g. a web upload, choosing the reader by ``name``.

    ``name`` is the file name (any folder part, even a Windows one, is
    dropped). Raises :class:`InputFileError` naming the file, as
    :func:`read_document` does.
    """
    base = _base_name(name)
    return _parse(data, base, base, encoding)


def _base_name(name: str) -> str:
    """The last component of a path written with / or \\ separators."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _parse(data: bytes, name: str, source: str, encoding: str | None) -> ParsedDocument:
    """Dispatch to the reader for the suffix of ``name``; ``source`` names the file in errors."""
    kind = document_format(name)
    title = PurePath(name).stem
    if kind is DocumentFormat.DOCX:
        from qualframe.formats.docx_reader import read_docx

        docx_content = read_docx(data, source)
        return _from_text(name, title, kind, docx_content.text, docx_content.metadata)
    if kind is DocumentFormat.PDF:
        from qualframe.formats.pdf_reader import read_pdf

        pdf_content = read_pdf(data, source)
        return _from_text(name, title, kind, pdf_content.text, pdf_content.metadata)
    text = decode_text(data, source, encoding)
    if kind in (DocumentFormat.VTT, DocumentFormat.SRT):
        return _from_subtitles(name, title, kind, text, source)
    return _from_text(name, title, kind, text, {})


def _from_text(
    name: str, title: str, kind: DocumentFormat, text: str, metadata: dict[str, str]
) -> ParsedDocument:
    return ParsedDocument(
        name=name,
        title=title,
        format=kind,
        text=text,
        paragraphs=tuple(paragraph_spans(text)),
        turns=tuple(detect_speaker_turns(text)),
        metadata=metadata,
    )


def _from_subtitles(
    name: str, title: str, kind: DocumentFormat, text: str, source: str
) -> ParsedDocument:
    from qualframe.formats.subtitle_reader import read_srt, read_vtt

    reader = read_vtt if kind is DocumentFormat.VTT else read_srt
    content = reader(text, source)
    return ParsedDocument(
        name=name,
        title=title,
        format=kind,
        text=content.text,
        paragraphs=content.paragraphs,
        cues=content.cues,
        turns=content.turns,
        metadata={"cues": str(len(content.cues)), "speakers": str(len(_speakers(content.turns)))},
    )


def _speakers(turns: tuple[SpeakerTurn, ...]) -> set[str]:
    return {turn.label for turn in turns}


__all__ = [
    "SUPPORTED_SUFFIXES",
    "Cue",
    "DocumentFormat",
    "ParsedDocument",
    "SpeakerTurn",
    "TextSpan",
    "document_format",
    "read_document",
    "read_document_bytes",
]
