"""Reading plain-text transcripts (.txt), with the timestamps transcription services write.

Recording times written at a turn's start become the turn's time
(:attr:`SpeakerTurn.seconds`) and are left out of the stored text, which
keeps a plain ``Name: `` label in front of the words::

    Speaker 1  0:05             (Otter: label, two spaces, time;
    Hello, thanks for coming.    the words on the next line)
    Name [00:01:23]: text       Name (00:01:23): text      Name: [00:01:23] text
    [00:01:23] Name: text       (00:01:23) Name: text      00:01:23 Name: text
    [00:01:23]                  (a stamp alone on the line before a labelled line)
    Name: text

all become ``Name: text`` (for the first, ``Speaker 1: Hello, thanks for
coming.``). Stamps are times (``h:mm:ss`` or ``m:ss``, with an optional
fraction of a second) alone, in brackets or in parentheses; see
:mod:`qualframe.formats.timestamps`. The label must read as a name or
role (``Speaker 1``, ``Jane Smith``; see
:func:`~qualframe.formats.speaker_turns.speaker_label`); the stamp beside it
is the evidence that it is a speaker, so it counts as a known label even
when it starts only one turn.

Other stamps:

* A stamp alone on its line is removed with its line when it is bracketed or
  has hours (``00:01:23``), or when the document has timed turns. A bare
  ``10:30`` alone on a line elsewhere may be a time of day and stays.
* In a document with timed turns, a stamp at the start of a line of words
  (a turn's later paragraph) is removed too; elsewhere it stays.
* Times inside prose ("at 10:30 we met") always stay.

When timed turns were found, or the caller gave ``known`` or ``rejected``
labels, the turns are returned (found by
:func:`~qualframe.formats.speaker_turns.detect_speaker_turns` in the stored
text); otherwise ``turns`` is None and the dispatcher finds them. Headings
are left to :mod:`qualframe.formats.sections`. Offsets are code points
into the stored text, end exclusive.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import lru_cache

from qualframe.formats.speaker_turns import (
    NAME_PATTERN,
    SpeakerTurn,
    clean_label,
    detect_speaker_turns,
    line_label,
)
from qualframe.formats.structure import TextContent
from qualframe.formats.timestamps import BRACKETED_STAMP, STAMP, TIME, is_clock_time, stamp_seconds

# Matched against "\n" + text, as in speaker_turns.py; the whole line is matched. The
# lookahead skips, in one pass over the line, the lines without a time: trying the
# label alternatives at every line start would cost 60 steps per line.
_TIMED_LINE = re.compile(
    r"\n(?=[^\n]*\d:\d)[ \t]{0,3}(?:"
    rf"(?P<lead>{STAMP})(?:[ \t]+(?P<lead_rest>[^\n]*))?"
    rf"|(?P<name>{NAME_PATTERN}?)(?:"
    rf"[ \t]*(?P<name_stamp>{BRACKETED_STAMP})[ \t]*(?P<name_colon>:)?"
    rf"|:[ \t]*(?P<after_stamp>{BRACKETED_STAMP})"
    rf"|(?:[ \t]{{2,}}|\t)(?P<otter_time>{TIME})"
    r")(?:[ \t]+(?P<name_rest>[^\n]*))?"
    r")$",
    re.MULTILINE,
)
_NON_BLANK = re.compile(r"[^ \t\n]")


@dataclass(frozen=True)
class _Stamp:
    """A line holding a stamp (offsets into the text)."""

    line_start: int
    line_end: int  # at the line's "\n" or the end of the text
    seconds: float
    stamp: str
    label: str | None  # the speaker named beside the stamp, if any
    words: int  # where the words after the stamp (and label) start; line_end if none
    rewrite: bool  # the label is written in another form: write "Name: " instead


def read_plain_text(
    text: str, source: str, *, known: Collection[str] = (), rejected: Collection[str] = ()
) -> TextContent:
    """The decoded ``text`` of file ``source`` as a document; never raises.

    ``known`` and ``rejected`` speaker labels are as for
    :func:`~qualframe.formats.speaker_turns.detect_speaker_turns`.
    """
    del source  # named for the readers' common signature; plain text cannot be malformed
    stamps = _stamps(text)
    timed = any(s.label is not None for s in stamps)
    if not stamps:
        return _content(text, {}, known, rejected)
    stored, marks = _rewrite(text, stamps, timed)
    return _content(stored, marks, known, rejected)


def _content(
    text: str,
    marks: dict[int, tuple[str, float]],
    known: Collection[str],
    rejected: Collection[str],
) -> TextContent:
    """The document: turns when some are timed or the caller judged labels."""
    if not marks and not known and not rejected:
        return TextContent(text)
    timed_labels = {label for label, _ in marks.values()}
    turns = detect_speaker_turns(text, known=[*known, *timed_labels], rejected=rejected)
    return TextContent(
        text,
        turns=tuple(
            SpeakerTurn(turn.label, turn.start, turn.end, marks[turn.start][1])
            if turn.start in marks
            else turn
            for turn in turns
        ),
    )


def _stamps(text: str) -> list[_Stamp]:
    """Every line of ``text`` holding a stamp that is a transcript's, in order."""
    padded = "\n" + text
    stamps = []
    for match in _TIMED_LINE.finditer(padded):
        stamp = _stamp(match)
        if stamp is not None:
            stamps.append(stamp)
    return _label_following_lone_stamps(text, stamps)


def _stamp(match: re.Match[str]) -> _Stamp | None:
    """The stamp a timed-line match holds, or None when it is not a transcript's."""
    line_start, line_end = match.start(), match.end() - 1
    lead = match.group("lead")
    if lead is not None:
        seconds = stamp_seconds(lead)
        rest = match.group("lead_rest") or ""
        if seconds is None:
            return None
        if not rest.strip():
            return _Stamp(line_start, line_end, seconds, lead, None, line_end, False)
        labelled = line_label(rest)
        label = None if labelled is None else labelled[0]
        rest_start = match.start("lead_rest") - 1
        return _Stamp(line_start, line_end, seconds, lead, label, rest_start, False)
    return _named_stamp(match, line_start, line_end)


def _named_stamp(match: re.Match[str], line_start: int, line_end: int) -> _Stamp | None:
    """The stamp of a line that starts with a label and a stamp (``Name [00:01:23]:``,
    ``Name: [00:01:23]``, ``Name  0:05``), or None when it is no label."""
    stamp = match.group("name_stamp") or match.group("after_stamp") or match.group("otter_time")
    rest = (match.group("name_rest") or "").strip()
    if match.group("otter_time") and rest:
        return None  # "Name  10:30 text" is no transcription service's layout
    if match.group("name_stamp") and rest and not match.group("name_colon"):
        return None  # "Meeting [10:30] we began": no colon, so no label
    seconds = stamp_seconds(stamp)
    label = _name_label(match.group("name"))
    if seconds is None or label is None:
        return None
    words = match.start("name_rest") - 1 if rest else line_end
    return _Stamp(line_start, line_end, seconds, stamp, label, words, True)


@lru_cache(maxsize=1024)
def _name_label(raw: str) -> str | None:
    """The speaker label ``raw`` (written beside a stamp) is, judged as a plain
    ``Name:`` label; cached, as a transcript repeats its few speakers."""
    labelled = line_label(clean_label(raw) + ":")
    return None if labelled is None else labelled[0]


def _label_following_lone_stamps(text: str, stamps: list[_Stamp]) -> list[_Stamp]:
    """Give a stamp alone on its line the label of the next non-blank line, when that
    line starts with a label and holds no stamp of its own; ``words`` is then where
    that label starts."""
    stamp_lines = {stamp.line_start for stamp in stamps}
    result = []
    for stamp in stamps:
        if stamp.label is None and stamp.words == stamp.line_end:
            following = _NON_BLANK.search(text, stamp.line_end)
            if following is not None:
                start = text.rfind("\n", 0, following.start()) + 1
                end = text.find("\n", start)
                labelled = line_label(text[start : end if end >= 0 else len(text)])
                if labelled is not None and start not in stamp_lines:
                    stamp = replace(stamp, label=labelled[0], words=following.start())
        result.append(stamp)
    return result


def _rewrite(
    text: str, stamps: list[_Stamp], timed: bool
) -> tuple[str, dict[int, tuple[str, float]]]:
    """The text without transcript stamps, and the timed labels in it.

    Returns the stored text and, by the offset of each timed label in it,
    the label and its time in seconds.
    """
    pieces: list[str] = []
    length = 0
    tail = ""  # the last two characters written
    copied = 0  # text[:copied] is done
    marks: dict[int, tuple[str, float]] = {}
    stamp_lines = {stamp.line_start for stamp in stamps}

    def emit(piece: str) -> None:
        nonlocal length, tail
        pieces.append(piece)
        length += len(piece)
        tail = (tail + piece[-2:])[-2:]

    for stamp in stamps:
        if stamp.line_start < copied:
            continue  # joined to the label line before it
        lone = stamp.words >= stamp.line_end
        if stamp.label is None and not (timed or (lone and not is_clock_time(stamp.stamp))):
            continue  # "10:30" alone may be a time of day; "[0:05] words": no turn to time
        emit(text[copied : stamp.line_start])
        if lone and not stamp.rewrite:
            # A stamp alone on its line, perhaps before a label line at stamp.words.
            copied = _past_line(text, stamp.line_end, blank_before=length == 0 or tail == "\n\n")
            if stamp.label is not None:
                marks[length + stamp.words - copied] = (stamp.label, stamp.seconds)
        elif not stamp.rewrite:
            # "[00:01:23] Name: words", or words of a timed turn's later paragraph.
            if stamp.label is not None:
                marks[length] = (stamp.label, stamp.seconds)
            copied = stamp.words
        else:
            marks[length] = (str(stamp.label), stamp.seconds)
            emit(f"{stamp.label}:")
            copied = _words_after_label(text, stamp, stamp_lines)
            if copied < len(text) and text[copied] != "\n":
                emit(" ")
    emit(text[copied:])
    return "".join(pieces), marks


def _past_line(text: str, line_end: int, *, blank_before: bool) -> int:
    """Where to continue after removing a line that ends at ``line_end``: past its
    ``\\n`` and, when a blank line precedes it, past the blank lines after it too."""
    position = min(line_end + 1, len(text))
    if blank_before:
        following = _NON_BLANK.search(text, position)
        if following is None:
            return len(text)
        position = text.rfind("\n", position - 1, following.start()) + 1
    return position


def _may_hold_label(line: str) -> bool:
    """A quick test before :func:`line_label`: labels have a colon or a bracket early."""
    return ":" in line[:72] or "]" in line[:72]


def _words_after_label(text: str, stamp: _Stamp, stamp_lines: set[int]) -> int:
    """Where a rewritten ``Name:`` label's words continue in the text: after the
    stamp on its line or, when nothing follows it there (Otter), at the start of
    the next line, unless that line is blank, holds a stamp or starts with a label."""
    if stamp.words < stamp.line_end:
        return stamp.words
    next_start = stamp.line_end + 1
    if next_start >= len(text) or next_start in stamp_lines:
        return stamp.line_end
    line_end = text.find("\n", next_start)
    line = text[next_start : line_end if line_end >= 0 else len(text)]
    if not line.strip() or (_may_hold_label(line) and line_label(line) is not None):
        return stamp.line_end
    return next_start + len(line) - len(line.lstrip(" \t"))
