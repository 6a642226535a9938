"""Finding speaker turns in transcript text.

A turn starts at a line that begins with a speaker label, in any of these
forms (up to three leading spaces are allowed)::

    Name: text          NAME: text          **Name**: text
    **Name:** text      [Name] text         [Name]: text

The label must start with a letter, be at most 60 characters and 6 words
long, and contain only letters, digits, spaces and ``. , ' \u2019 - & / ( )``.
Times ("10:30") and URLs ("http://...") are never labels because the colon
must be followed by white space or the end of the line. Labels that are
common remarks or fields ("Note:", "Date:", "And:", "Firstly:") are
ignored in every form. A plain ``Name:`` label must also look like a name
or role: it starts with a capital (or is a role such as "interviewer"), its
first word is not a document reference ("Paragraph 4:", "Page 9:") nor a
function word ("And 9:", "At 12:"), and every later word starts with a
capital, a digit or ``(`` or is a particle such as "of", "the" or "van"
(so prose such as "The reasons were these: ..." is not a turn). A
``[Name]`` label is not a transcription convention ("[laughs]",
"[inaudible]", "[As read]").

A turn runs over the following unlabelled lines and paragraphs too (a
speaker's multi-paragraph answer) and ends where the next turn starts, at
a section heading (see :mod:`qualframe.formats.sections`), at a line that
is only a stage direction in parentheses (``*(10.30 am)*``, ``(Pause)``),
at a thematic break (``---``) or at the end of the text; trailing white
space is not part of it. Text before the first label belongs to no turn.

Offsets are Unicode code points into the text, end exclusive.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from qualframe.formats.sections import heading_starts

# Line patterns start with a literal "\n" and are matched against "\n" + text,
# as in sections.py (much faster than MULTILINE "^"); a match's start in the
# padded text is the line start in text.
_NAME = r"[^\W\d_][\w .,'\u2019&/()-]{0,59}"
_LABEL_LINE = re.compile(
    r"\n(?P<indent>[ \t]{0,3})(?:"
    rf"(?:\*\*|__)(?P<bold>{_NAME}?)(?:(?:\*\*|__):|:(?:\*\*|__))"
    rf"|\[(?P<bracket>{_NAME}?)\](?P<colon>:?)"
    rf"|(?P<plain>{_NAME}?):"
    r")(?P<rest>[ \t][^\n]*)?$",
    re.MULTILINE,
)
#: A line holding only a parenthesised stage direction, possibly in emphasis.
_STAGE_DIRECTION = re.compile(r"\n[ \t]*[*_]{0,2}\([^\n]*\)[*_]{0,2}[ \t]*$", re.MULTILINE)
#: A Markdown thematic break: three or more ``-``, ``*`` or ``_``.
_THEMATIC_BREAK = re.compile(r"\n {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE)
_SPACES = re.compile(r"\s+")

_MAX_LABEL_CHARS = 60
_MAX_LABEL_WORDS = 6


def _words(text: str) -> frozenset[str]:
    """The white-space separated words of ``text``, as a set."""
    return frozenset(text.split())


#: Labels that introduce a remark, a field or a list, not a speaker.
NON_SPEAKER_LABELS = _words(
    """note notes nb n.b example examples e.g i.e eg ie date time duration location venue place
    subject re source title author authors keywords tags summary abstract warning caution
    tip important see also update edit url link email e-mail tel phone fax http https ftp
    mailto file www ps p.s transcript recording and then so but or however therefore thus
    because below above by to from they it it's this that these those here there yes no well
    now again further furthermore moreover lastly next first firstly second secondly third
    thirdly fourth fourthly fifth fifthly finally meanwhile otherwise instead hence
    background aim aims purpose objective objectives method methods agenda conclusion
    conclusions you he him she her we including"""
)
#: Words that cannot start a plain ``Name:`` label ("And 9:", "At 12:", "Says Ann:").
_FUNCTION_WORDS = _words(
    """and but or so then at on by to from with says said including as if when where which
    while one two three four five six seven eight nine ten"""
)
#: Words that make a short lower-case label read as prose ("The reasons were these:").
_PROSE_WORDS = _FUNCTION_WORDS | _words(
    """the a an is are was were be been this these that those it its there here we you they
    he she i my our your their his her what who how why not no yes also following below above
    reasons example examples findings conclusion conclusions summary note notes"""
)
#: First words of plain ``Word N:`` labels that cite a document part, not a speaker.
REFERENCE_WORDS = _words(
    """paragraph paragraphs para paras page pages annex appendix box section table figure fig
    chapter item point step action number no line lines recommendation recommendations
    option options proposition tab exhibit footnote clause article part volume vol rule
    regulation schedule"""
)
#: Speaker roles accepted in lower case as plain labels ("interviewer: ...").
LOWER_CASE_ROLES = _words(
    """interviewer interviewee respondent participant facilitator moderator speaker researcher
    int resp i r q a p"""
)
#: Bracketed words that are transcription conventions, not speakers.
STAGE_WORDS = _words(
    """laughs laughter laughing laugh pause pauses paused silence inaudible unclear
    unintelligible crosstalk cross-talk overlapping overlap sighs sigh coughs cough music
    applause interruption interrupted redacted removed noise background break end ends start
    starts begins beginning long short sic indistinct as the a an emphasis translation
    translated original"""
)
#: Lower-case words allowed inside a plain ``Name:`` label after its first word.
_NAME_PARTICLES = _words(
    """of the to for and de du da das dos del della van von der den la le al bin ibn y & in"""
)


@dataclass(frozen=True)
class SpeakerTurn:
    """A span of text spoken by one speaker.

    ``label`` is the clean speaker name (no ``**`` or brackets); ``start``
    is the offset where the label line starts (after any indentation, so at
    the label or its ``**``/``[``), ``end`` the offset
    just after the turn's last non-space character (code points, end
    exclusive). ``seconds`` is when the turn starts in the recording
    (a subtitle cue's time, a transcript's timestamp), or None.
    """

    label: str
    start: int
    end: int
    seconds: float | None = None


def detect_speaker_turns(text: str) -> list[SpeakerTurn]:
    """Return the speaker turns of ``text`` in order; never raises.

    ``text`` is the stored document text (NFC, ``\\n`` line endings). The
    scan is a few compiled regular expressions over the whole text, so it is
    linear in its length.
    """
    padded = "\n" + text
    headings = heading_starts(text)
    heading_set = set(headings)
    labels = [
        (match.start() + len(match.group("indent")), label)
        for match in _LABEL_LINE.finditer(padded)
        if match.start() not in heading_set and (label := _accepted_label(match)) is not None
    ]
    if not labels:
        return []
    stops = sorted(
        {
            *headings,
            *(m.start() for m in _STAGE_DIRECTION.finditer(padded)),
            *(m.start() for m in _THEMATIC_BREAK.finditer(padded)),
        }
    )
    turns = []
    for index, (start, label) in enumerate(labels):
        end = labels[index + 1][0] if index + 1 < len(labels) else len(text)
        stop_index = bisect_right(stops, start)
        if stop_index < len(stops):
            end = min(end, stops[stop_index])
        while end > start and text[end - 1].isspace():
            end -= 1
        turns.append(SpeakerTurn(label=label, start=start, end=end))
    return turns


def clean_label(raw: str) -> str:
    """Collapse white space in a speaker label and strip it."""
    return _SPACES.sub(" ", raw).strip()


def _accepted_label(match: re.Match[str]) -> str | None:
    """The clean label of a label-line match, or None if it is not a speaker."""
    if (raw := match.group("bold")) is not None:
        return speaker_label(raw, form="bold")
    if (raw := match.group("bracket")) is not None:
        if not match.group("colon") and not (match.group("rest") or "").strip():
            return None
        return speaker_label(raw, form="bracket")
    return speaker_label(match.group("plain"), form="plain")


def speaker_label(raw: str, *, form: Literal["plain", "bold", "bracket"]) -> str | None:
    """The clean speaker name in ``raw``, or None when it is not one.

    ``form`` says how it was written: ``plain`` (``Name:``) must also look
    like a name, ``bracket`` (``[Name]``) must not be a transcription
    convention such as ``[laughs]``; ``bold`` (``**Name**:``) has no extra rule.
    """
    label = clean_label(raw)
    if form == "plain" and not looks_like_name(label):
        return None
    if form == "bracket" and label.split(" ", 1)[0].casefold().strip(".,") in STAGE_WORDS:
        return None
    return label if is_speaker_label(label) else None


def is_speaker_label(label: str) -> bool:
    """True when ``label`` (already clean) can name a speaker: length and word limits,
    starts with a letter, and is not a common non-speaker label such as "Note"."""
    return (
        0 < len(label) <= _MAX_LABEL_CHARS
        and label[0].isalpha()
        and len(label.split(" ")) <= _MAX_LABEL_WORDS
        and label.casefold().rstrip(".") not in NON_SPEAKER_LABELS
    )


def looks_like_name(label: str) -> bool:
    """True when ``label`` reads as a name or role, for plain ``Name:`` labels.

    Its first word starts with a capital (or is a role such as
    "interviewer") and is neither a document reference such as "Paragraph"
    nor a function word such as "And"; every later word starts with a
    capital, a digit or ``(``, or is a name particle ("of", "van"...).
    """
    words = label.split(" ")
    first = words[0].casefold()
    if first in REFERENCE_WORDS or first in _FUNCTION_WORDS:
        return False
    if not words[0][0].isupper() and first.rstrip("0123456789") not in LOWER_CASE_ROLES:
        return False
    later = words[1:]
    if len(words) <= 3 and not any(word.casefold() in _PROSE_WORDS for word in later):
        # Role labels such as "Peer worker:" or "Service user 2:" are how
        # interview transcripts name speakers; short and free of prose words.
        return True
    for word in later:
        initial = word[0]
        if not (
            initial.isupper() or initial.isdigit() or initial == "(" or word in _NAME_PARTICLES
        ):
            return False
    return True


#: Characters that may follow a speaker label before the turn's words.
_LABEL_MARKS = "*_]:"


def words_start(text: str, start: int, end: int, label: str) -> int:
    """Where the words of a turn begin: past ``label`` and its ``**``/``]``/``:`` marks.

    ``[start, end)`` is (the start of) a turn in ``text``; when that text does
    not open with ``label`` (after at most a ``**`` or ``[``), ``start`` is
    returned unchanged. White space after the label is skipped too.
    """
    head = text[start : min(end, start + len(label) + 4)]
    at = head.find(label)
    if at < 0 or at > 2:
        return start
    position = start + at + len(label)
    while position < end and text[position] in _LABEL_MARKS:
        position += 1
    while position < end and text[position].isspace():
        position += 1
    return position
