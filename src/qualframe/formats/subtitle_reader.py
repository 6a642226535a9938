"""Reading WebVTT (.vtt) and SubRip (.srt) subtitle files as transcripts.

Speakers come from WebVTT voice spans (``<v Name>text``, as Microsoft Teams
writes them) and, in both formats, from cue lines written ``Name: text``
(as Zoom writes them) or ``[Name] text``. A voice span is always a speaker.
A ``Name:`` or ``[Name]`` label must be one judged alone (see
:func:`~qualframe.formats.speaker_turns.speaker_label`: "Jane Smith", not
"He said" or "[laughs]") and, as in a transcript, have evidence across the
file: it is known, it is in brackets, it starts two cues or more, or at
least half the cues start with such a label (a file where every cue names
its speaker). A *known* label needs no other evidence and a *rejected* one
is never a speaker (both compared case-insensitively). A cue line with its
own speaker starts a new part of the cue, so one cue can hold two
speakers. A cue (or part) without a speaker continues the previous
speaker, as an unlabelled line does in a transcript.

Layout of the text:

* Consecutive cues of the same speaker form one paragraph that starts
  with ``Name: `` and then holds the cue texts separated by one space
  (the line breaks inside a cue become spaces too). The paragraph is a
  :class:`SpeakerTurn` from the label to its end, whose ``seconds`` is the
  start time of its first cue.
* Cues without any speaker (none earlier either) are one paragraph each.
* Paragraphs are separated by one blank line.

A voice name longer than :data:`MAX_VOICE_CHARS` (the longest speaker label
qualframe stores) is still a speaker, cut to its first 199 characters and
``…`` in the text and the turn (two voices differing only after that are
one speaker); the document's metadata says how many were cut ("speaker
labels shortened"). No real name is that long: such a name is a damaged or
hostile file, and keeping the turn keeps who speaks where.

Each cue (or part) gives a :class:`Cue` whose ``start``/``end`` are the
code-point offsets of its text in the document text (after any label) and
whose ``voice`` is the speaker it is attributed to. Cue tags such as
``<i>`` or ``<c.yellow>`` and SSA codes such as ``{\\an8}`` are removed and
HTML entities (``&amp;``) decoded.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from qualframe.errors import InputFileError
from qualframe.formats.segmentation import TextSpan
from qualframe.formats.speaker_turns import (
    MAX_STORED_LABEL_CHARS,
    Form,
    SpeakerTurn,
    clean_label,
    fitted_label,
    speaker_label,
)
from qualframe.formats.structure import Cue, TextContent
from qualframe.formats.text_decoding import normalise_text

_VOICE_TAG = re.compile(r"^\s*<v(?:\.[^\s>.]*)*(?:\s([^>]*))?>")
_CUE_TAG = re.compile(r"<[^<>\n]*>")
_SSA_CODE = re.compile(r"\{\\[^{}\n]*\}")
_LINE_LABEL = re.compile(r"^\s*(?:\[([^\]\n]{1,60})\]:?|([^\W\d_][^:\n]{0,59}):)\s+(?=\S)")
_SPACES = re.compile(r"\s+")
#: Longest voice name kept whole (the longest stored speaker label); a longer
#: one is cut to fit (see the module docstring).
MAX_VOICE_CHARS = MAX_STORED_LABEL_CHARS
_CUT = "\u2026"
_VTT_TIMING = re.compile(
    r"^\s*(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}\s*-->\s*(?:\d+:)?\d{1,2}:\d{1,2}\.\d{1,3}(?:\s|$)"
)


@dataclass(frozen=True)
class _RawCue:
    start_seconds: float
    end_seconds: float
    lines: tuple[str, ...]


def read_vtt(
    text: str, source: str, *, known: Collection[str] = (), rejected: Collection[str] = ()
) -> TextContent:
    """Lay out decoded WebVTT ``text`` (of file ``source``) as a transcript.

    ``known`` and ``rejected`` are speaker labels judged by the user or the
    project (see the module docstring). Raises :class:`InputFileError`
    naming ``source`` for a missing ``WEBVTT`` header, a malformed cue, or a
    file without any cue text.
    """
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        captions = webvtt.WebVTT.from_string(text, strict=True).captions
    except MalformedFileError:
        raise InputFileError(
            source, "malformed WebVTT: missing 'WEBVTT' header on the first line"
        ) from None
    except MalformedCaptionError as exc:
        raise InputFileError(source, _describe_bad_vtt_cue(text, exc)) from None
    raw = [
        _RawCue(
            c.start_time.in_milliseconds() / 1000,
            c.end_time.in_milliseconds() / 1000,
            tuple(c.lines),
        )
        for c in captions
    ]
    return _lay_out(raw, source, "WebVTT", _Judged.of(known, rejected))


def read_srt(
    text: str, source: str, *, known: Collection[str] = (), rejected: Collection[str] = ()
) -> TextContent:
    """Lay out decoded SubRip ``text`` (of file ``source``) as a transcript.

    ``known`` and ``rejected`` are as for :func:`read_vtt`. Raises
    :class:`InputFileError` naming ``source`` and the cue number and line
    where the file stops being valid SRT, or when it has no cue text.
    """
    import srt

    raw: list[_RawCue] = []
    try:
        for subtitle in srt.parse(text):
            raw.append(
                _RawCue(
                    subtitle.start.total_seconds(),
                    subtitle.end.total_seconds(),
                    tuple(subtitle.content.split("\n")),
                )
            )
    except srt.SRTParseError as exc:
        unmatched = exc.unmatched_content
        at = exc.expected_start + len(unmatched) - len(unmatched.lstrip())
        line = text.count("\n", 0, at) + 1
        lines = unmatched.strip().split("\n")
        found = lines[1] if len(lines) > 1 and lines[0].strip().isdigit() else lines[0]
        raise InputFileError(
            source,
            f"malformed SRT at cue {len(raw) + 1}: expected a cue number and a time line "
            f"such as '00:00:01,000 --> 00:00:04,000' but found {found.strip()[:60]!r}",
            line=line,
        ) from None
    except ValueError as exc:  # a timestamp the srt library cannot convert
        raise InputFileError(source, f"malformed SRT at cue {len(raw) + 1}: {exc}") from None
    return _lay_out(raw, source, "SRT", _Judged.of(known, rejected))


def _describe_bad_vtt_cue(text: str, exc: Exception) -> str:
    """Name the first cue whose timing line is malformed, counting cues from 1."""
    cue_number = 0
    for line_number, block in _vtt_blocks(text):
        lines = block.split("\n")
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        cue_number += 1
        if timing > 1 or not _VTT_TIMING.match(lines[timing]):
            bad = lines[timing].strip()[:60]
            return (
                f"malformed WebVTT at cue {cue_number} (line {line_number + timing}): "
                f"the time line {bad!r} is not like '00:00:01.000 --> 00:00:04.000'"
            )
    return f"malformed WebVTT: {exc}"


def _vtt_blocks(text: str) -> list[tuple[int, str]]:
    """(first line number, block text) of every blank-line-separated block after the header."""
    blocks = []
    line_number = 1
    for block in text.split("\n\n"):
        if block.strip() and line_number > 1:
            stripped = block.lstrip("\n")
            blocks.append((line_number + len(block) - len(stripped), stripped))
        line_number += block.count("\n") + 2
    return blocks


@dataclass(frozen=True)
class _Judged:
    """Speaker labels judged outside the file, as case-folded NFC keys."""

    known: frozenset[str]
    rejected: frozenset[str]

    @classmethod
    def of(cls, known: Collection[str], rejected: Collection[str]) -> _Judged:
        return cls(_keys(known), _keys(rejected))


def _keys(labels: Collection[str]) -> frozenset[str]:
    return frozenset(
        clean_label(unicodedata.normalize("NFC", label)).casefold() for label in labels
    )


def _accepted_labels(raw: list[_RawCue], judged: _Judged) -> frozenset[str]:
    """The keys of the ``Name:`` and ``[Name]`` cue labels with evidence across the file."""
    counts: dict[str, int] = {}
    bracketed: set[str] = set()
    cues_with_text = cues_labelled = 0
    for cue in raw:
        labelled = False
        for line in cue.lines:
            found = _line_label(line, judged)
            if found is not None:
                key = found[0].casefold()
                counts[key] = counts.get(key, 0) + 1
                if found[1] == "bracket":
                    bracketed.add(key)
                labelled = True
        cues_with_text += any(line.strip() for line in cue.lines)
        cues_labelled += labelled
    every_cue_named = cues_labelled > 0 and 2 * cues_labelled >= cues_with_text
    return frozenset(
        key
        for key, count in counts.items()
        if key not in judged.rejected
        and (key in judged.known or key in bracketed or count >= 2 or every_cue_named)
    )


def _parts(
    lines: tuple[str, ...], judged: _Judged, accepted: frozenset[str]
) -> list[tuple[str | None, str]]:
    """Split one cue's raw lines into (speaker or None, clean text) parts."""
    parts: list[tuple[str | None, list[str]]] = []
    for raw_line in lines:
        speaker, line = _line_speaker(raw_line, judged, accepted)
        line = _clean_cue_text(line)
        if speaker is not None or not parts:
            parts.append((speaker, []))
        if line:
            parts[-1][1].append(line)
    return [(speaker, " ".join(texts)) for speaker, texts in parts if texts]


def _line_speaker(line: str, judged: _Judged, accepted: frozenset[str]) -> tuple[str | None, str]:
    """The speaker a cue line names (voice span or accepted label) and the rest of the line."""
    voice = _VOICE_TAG.match(line)
    if voice:
        name = fitted_label(clean_label(html.unescape(voice.group(1) or "")))
        return (name or None), line[voice.end() :]
    found = _line_label(line, judged)
    if found is not None and found[0].casefold() in accepted:
        return found[0], found[2]
    return None, line


def _line_label(line: str, judged: _Judged) -> tuple[str, str, str] | None:
    """(label, form, rest of the line) when a cue line starts with a label that can
    name a speaker (judged alone, or known), else None; voice spans are not labels."""
    if _VOICE_TAG.match(line):
        return None
    plain = _CUE_TAG.sub("", line)
    label_match = _LINE_LABEL.match(plain)
    if not label_match:
        return None
    bracketed, named = label_match.groups()
    form: Form = "bracket" if bracketed is not None else "plain"
    raw = bracketed if bracketed is not None else named
    label = speaker_label(raw, form=form)
    if label is None and clean_label(raw).casefold() in judged.known:
        label = clean_label(raw)
    if label is None:
        return None
    return label, form, plain[label_match.end() :]


def _clean_cue_text(line: str) -> str:
    """Cue text without tags or SSA codes, entities decoded, white space collapsed."""
    line = _SSA_CODE.sub("", _CUE_TAG.sub("", line))
    return normalise_text(_SPACES.sub(" ", html.unescape(line)).strip())


def _lay_out(raw: list[_RawCue], source: str, kind: str, judged: _Judged) -> TextContent:
    """Build the document text, paragraphs, cues and turns from the parsed cues."""
    accepted = _accepted_labels(raw, judged)
    pieces: list[str] = []
    length = 0
    paragraphs: list[TextSpan] = []
    cues: list[Cue] = []
    turns: list[SpeakerTurn] = []
    speaker: str | None = None
    paragraph_start = -1
    paragraph_seconds = 0.0

    def add(piece: str) -> None:
        nonlocal length
        pieces.append(piece)
        length += len(piece)

    def close_paragraph() -> None:
        if paragraph_start >= 0:
            paragraphs.append(TextSpan(paragraph_start, length))
            if speaker is not None:
                turns.append(SpeakerTurn(speaker, paragraph_start, length, paragraph_seconds))

    for cue in raw:
        for part_speaker, part_text in _parts(cue.lines, judged, accepted):
            same_turn = paragraph_start >= 0 and speaker is not None
            if part_speaker is not None and part_speaker != speaker:
                same_turn = False
            if same_turn:
                add(" ")
            else:
                close_paragraph()
                if pieces:
                    add("\n\n")
                speaker = part_speaker or speaker
                paragraph_start = length
                paragraph_seconds = cue.start_seconds
                if speaker is not None:
                    add(f"{speaker}: ")
            cues.append(
                Cue(length, length + len(part_text), cue.start_seconds, cue.end_seconds, speaker)
            )
            add(part_text)
    close_paragraph()
    if not cues:
        raise InputFileError(source, f"the {kind} file contains no cues with text")
    text = "".join(pieces)
    labels = {t.label for t in turns}
    metadata = {"cues": str(len(cues)), "speakers": str(len(labels))}
    cut = sum(1 for label in labels if _was_cut(label))
    if cut:
        metadata["speaker labels shortened"] = (
            f"{cut} (voice names over {MAX_VOICE_CHARS} characters are cut to fit)"
        )
    return TextContent(
        text,
        sections=(),
        turns=tuple(turns),
        paragraphs=tuple(paragraphs),
        cues=tuple(cues),
        metadata=metadata,
    )


def _was_cut(label: str) -> bool:
    """Whether ``label`` is a voice name cut to :data:`MAX_VOICE_CHARS`."""
    return len(label) >= MAX_VOICE_CHARS - 1 and label.endswith(_CUT)
