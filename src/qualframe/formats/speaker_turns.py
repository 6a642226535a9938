"""Finding speaker turns in transcript text.

A turn starts at a line that begins with a speaker label, in any of these
forms (up to three leading spaces are allowed)::

    Name: text          NAME: text          **Name**: text
    **Name:** text      [Name] text         [Name]: text

Prose puts colons at line starts too ("You say:", "It states:", "The next
paragraph:"), and taking those for speakers would cut real turns in two, so
a line start is a speaker label only on evidence across the document:

* **Its form.** The label starts with a letter, is at most 60 characters and
  6 words long, and contains only letters, digits, spaces and
  ``. , ' \u2019 - & / ( )``. Times ("10:30") and URLs ("http://...") are
  never labels because the colon must be followed by white space or the end
  of the line. Common remarks and fields ("Note:", "Date:", "And:",
  "Firstly:", "Question:") are not speakers in any form. A plain ``Name:``
  must read as a name or role (:func:`looks_like_name`: "Interviewer",
  "P4", "Participant 3", "Dr Smith", "INTERVIEWER", "Peer worker"; not
  "You say", "He said", "Next point"). A ``[Name]`` label is not a
  transcription convention ("[laughs]", "[inaudible]", "[Name of hospital]").
* **Speech follows it**: words on the same line or, for a label alone on its
  line, a following paragraph that is not another label. A plain label
  whose words are only a quotation (``Name: "..."``), or whose following
  paragraph is a quotation or a list (``"..."``, ``> ...``, ``- item``,
  ``1. item``), introduces what it quotes; it does not speak it.
* **It recurs.** Each line with speech counts 1 for a plain label and 2 for
  the bold and bracket forms, which are written on purpose; a label needs 2,
  so a plain label must start at least two turns. Labels are compared
  case-insensitively.

A *known* label (a project's participant identifiers, labels already mapped,
labels a user accepted) needs only speech after it, even once and even when
it does not read like a name. A *rejected* label (a user said "not a
speaker") is never a label. Lines that are not labels stay in the turn
before them. :func:`label_candidates` lists every line start that looked
like a label, with the verdict and its reason, for an import preview.

A turn runs over the following unlabelled lines and paragraphs too (a
speaker's multi-paragraph answer) and ends where the next turn starts, at
a section heading (see :mod:`qualframe.formats.sections`), at a line that
is only a stage direction in parentheses (``*(10.30 am)*``, ``(Pause)``),
at a thematic break (``---``) or at the end of the text; trailing white
space is not part of it. Text before the first label belongs to no turn.

Offsets are Unicode code points into the text, end exclusive. Every scan is
a few compiled regular expressions over the whole text plus constant work
per candidate line, so it is linear in the text's length.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from qualframe.formats.label_words import (
    DETERMINERS,
    LOWER_CASE_ROLES,
    NAME_PARTICLES,
    NON_SPEAKER_LABELS,
    PROSE_OPENERS,
    PROSE_WORDS,
    REFERENCE_WORDS,
    REPORTING_VERBS,
    STAGE_WORDS,
)
from qualframe.formats.sections import heading_starts

# Line patterns start with a literal "\n" and are matched against "\n" + text,
# as in sections.py (much faster than MULTILINE "^"); a match's start in the
# padded text is the line start in text.
_NAME = r"[^\W\d_][\w .,'\u2019&/()-]{0,59}"
#: Regular-expression source of a raw label (before :func:`clean_label`): a letter,
#: then up to 59 letters, digits, spaces and ``. , ' \u2019 & / ( ) -``.
NAME_PATTERN = _NAME
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
#: The start of a list item or a quotation (at the first non-blank character of a line).
_LIST_OR_QUOTE = re.compile(
    r"(?:[-*+\u2022\u2013\u2014>]|\d{1,3}[.)]|[a-zA-Z][.)]|\([0-9a-zA-Z]{1,4}\))(?:[ \t]|$)"
    r"|[\"\u201c\u201d\u201e\u00ab\u2018']",
    re.MULTILINE,
)
_NON_BLANK = re.compile(r"\S")
_SPACES = re.compile(r"\s+")
_OPENING_QUOTES = "\"\u201c\u201d\u201e\u00ab\u2018'"
_CLOSING_QUOTES = "\"\u201d\u201c\u00bb\u2019'"

_MAX_LABEL_CHARS = 60
_MAX_LABEL_WORDS = 6
#: Longest first line :func:`label_candidates` shows, in characters.
MAX_FIRST_LINE_CHARS = 200

Form = Literal["plain", "bold", "bracket"]


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


@dataclass(frozen=True)
class LabelCandidate:
    """A line start that looked like a speaker label, and the verdict on it.

    ``label`` is the clean label as first written; ``count`` how many lines
    start with it (compared case-insensitively); ``first_line`` the first
    such line (at most :data:`MAX_FIRST_LINE_CHARS` characters);
    ``accepted`` whether it is a speaker label; ``reason`` why, in the
    user's words ("starts 12 turns", "reads as prose, not a name or role").
    """

    label: str
    count: int
    first_line: str
    accepted: bool
    reason: str


@dataclass(frozen=True)
class _Line:
    """One line whose start has the shape of a label (offsets into the text)."""

    start: int  # of the label or its ``**``/``[``, after indentation
    line_end: int
    label: str
    key: str  # the label case-folded, to compare labels
    form: Form
    problem: str | None  # why the label cannot name a speaker, or None
    speech: bool  # words follow the label
    introduces: bool  # those words are a quotation or a list
    inline: bool  # the words are on the label's own line


@dataclass(frozen=True)
class _Verdict:
    accepted: bool
    reason: str


def detect_speaker_turns(
    text: str, *, known: Collection[str] = (), rejected: Collection[str] = ()
) -> list[SpeakerTurn]:
    """Return the speaker turns of ``text`` in order; never raises.

    ``text`` is the stored document text (NFC, ``\\n`` line endings).
    ``known`` labels count as speakers on one line with speech; ``rejected``
    labels never do (both compared case-insensitively after NFC
    normalisation, white space collapsed). Linear in the length of ``text``.
    """
    headings = heading_starts(text)
    lines = _label_lines(text, headings)
    if not lines:
        return []
    known_keys, rejected_keys = _keys(known), _keys(rejected)
    verdicts = _verdicts(lines, known_keys, rejected_keys, _paragraph_count(text))
    starts = [
        line
        for line in lines
        if verdicts[line.key].accepted and _starts_turn(line, known=line.key in known_keys)
    ]
    return _turns(text, headings, [(line.start, line.label) for line in starts])


def label_candidates(
    text: str, *, known: Collection[str] = (), rejected: Collection[str] = ()
) -> list[LabelCandidate]:
    """Every label-shaped line start of ``text``, grouped by label, in order of first use.

    ``known`` and ``rejected`` are as for :func:`detect_speaker_turns`, whose
    verdicts these are (an accepted label's lines without speech after them
    start no turn). Never raises; linear in the length of ``text``.
    """
    lines = _label_lines(text, heading_starts(text))
    verdicts = _verdicts(lines, _keys(known), _keys(rejected), _paragraph_count(text))
    firsts: dict[str, _Line] = {}
    counts: dict[str, int] = {}
    for line in lines:
        firsts.setdefault(line.key, line)
        counts[line.key] = counts.get(line.key, 0) + 1
    return [
        LabelCandidate(
            label=first.label,
            count=counts[key],
            first_line=text[first.start : min(first.line_end, first.start + MAX_FIRST_LINE_CHARS)],
            accepted=verdicts[key].accepted,
            reason=verdicts[key].reason,
        )
        for key, first in firsts.items()
    ]


def _turns(text: str, headings: list[int], labels: list[tuple[int, str]]) -> list[SpeakerTurn]:
    """Turns from their (start, label) pairs: each runs to the next start or stop
    (``headings``: the offsets of the text's headings)."""
    if not labels:
        return []
    padded = "\n" + text
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


def _key(label: str) -> str:
    return label.casefold()


def _keys(labels: Collection[str]) -> frozenset[str]:
    """The keys of labels given by a caller (NFC like the stored text, white space collapsed)."""
    return frozenset(_key(clean_label(unicodedata.normalize("NFC", label))) for label in labels)


def _label_lines(text: str, headings: list[int]) -> list[_Line]:
    """Every line of ``text`` whose start has the shape of a label, except
    ``headings`` (the offsets of the text's headings)."""
    padded = "\n" + text
    heading_set = set(headings)
    lines = []
    for match in _LABEL_LINE.finditer(padded):
        if match.start() in heading_set:
            continue
        form, raw = _form(match)
        rest = (match.group("rest") or "").strip()
        if form == "bracket" and not match.group("colon") and not rest:
            continue  # "[Alice]" or "[pause]" alone: a placeholder or a note, never a label
        label = clean_label(raw)
        if not label:
            continue
        speech, introduces = _what_follows(padded, match, rest)
        lines.append(
            _Line(
                start=match.start() + len(match.group("indent")),
                line_end=match.end() - 1,
                label=label,
                key=_key(label),
                form=form,
                problem=_label_problem(label, form),
                speech=speech,
                introduces=introduces,
                inline=bool(rest),
            )
        )
    return lines


def _form(match: re.Match[str]) -> tuple[Form, str]:
    """How a label-line match writes its label, and the raw label."""
    if (raw := match.group("bold")) is not None:
        return "bold", raw
    if (raw := match.group("bracket")) is not None:
        return "bracket", raw
    return "plain", match.group("plain")


def _what_follows(padded: str, match: re.Match[str], rest: str) -> tuple[bool, bool]:
    """(words follow the label, those words are only a quotation or a list).

    ``rest`` is the stripped text after the label on its line; when empty,
    the next non-blank line is looked at (only up to it, so the scan stays
    linear over all label lines).
    """
    if rest:
        return True, _is_quotation(rest)
    after = _NON_BLANK.search(padded, match.end())
    if after is None:
        return False, False
    line_start = padded.rfind("\n", match.end(), after.start())
    following = _LABEL_LINE.match(padded, line_start)
    if following is not None:
        form, raw = _form(following)
        if speaker_label(raw, form=form) is not None:
            return False, False  # another label follows at once: this one says nothing
    return True, _LIST_OR_QUOTE.match(padded, after.start()) is not None


def _is_quotation(words: str) -> bool:
    """True when ``words`` (stripped, non-empty) are only a quotation: ``"..."``."""
    words = words.rstrip(".,;:")
    return len(words) > 1 and words[0] in _OPENING_QUOTES and words[-1] in _CLOSING_QUOTES


@lru_cache(maxsize=4096)
def _label_problem(label: str, form: Form) -> str | None:
    """Why ``label`` written in ``form`` cannot name a speaker, or None when it can.

    Cached: a transcript repeats its few labels thousands of times.
    """
    folded = label.casefold().rstrip(".")
    if folded in NON_SPEAKER_LABELS:
        return "a remark or field such as 'Note:', not a speaker"
    if len(label) > _MAX_LABEL_CHARS or len(label.split(" ")) > _MAX_LABEL_WORDS:
        return "too long for a speaker label"
    if form == "bracket" and folded.split(" ", 1)[0].strip(".,") in STAGE_WORDS:
        return "a transcription note such as '[laughs]', not a speaker"
    if form == "plain" and not looks_like_name(label):
        return "reads as prose, not a name or role"
    return None


def _verdicts(
    lines: list[_Line], known: frozenset[str], rejected: frozenset[str], paragraphs: int
) -> dict[str, _Verdict]:
    """The verdict on every label of ``lines``, by case-folded label (``paragraphs``:
    how many paragraphs the text has)."""
    groups: dict[str, list[_Line]] = {}
    for line in lines:
        groups.setdefault(line.key, []).append(line)
    verdicts = {
        key: _verdict(group, key in known, key in rejected) for key, group in groups.items()
    }
    # A speaker heard once (a focus group member, a short interview) is a label
    # when the document is written as labelled turns: at least two different
    # labels start lines with words after them on the same line, and either a
    # label is already a speaker (it recurs, is known, is bold) or every
    # paragraph opens with a label. Fields of a form ("Present:", "Actions:")
    # in a document with a title or prose stay text.
    once = {
        key
        for key, verdict in verdicts.items()
        if verdict.reason == _ONCE and any(line.inline for line in groups[key])
    }
    accepted = {key for key, verdict in verdicts.items() if verdict.accepted}
    labelled = sum(1 for key in once | accepted for line in groups[key] if line.inline)
    convention = bool(accepted) or labelled >= paragraphs
    if once and len(once | accepted) >= 2 and convention:
        for key in once:
            verdicts[key] = _Verdict(True, "starts one turn, as the document's other labels do")
    return verdicts


def _is_role(label: str) -> bool:
    """Whether ``label`` is a transcript role ("Interviewer", "Speaker 2", "P4",
    "Participant 3"): its first word, digits aside, is one of the roles."""
    first = label.split(" ", 1)[0].casefold().rstrip("0123456789")
    return first in LOWER_CASE_ROLES and (len(first) > 1 or first != label.casefold())


def _paragraph_count(text: str) -> int:
    """How many blank-line separated paragraphs ``text`` has (linear)."""
    return sum(1 for block in _BLANK_LINES.split(text) if block.strip())


_BLANK_LINES = re.compile(r"\n[ \t]*\n")

#: The verdict on a well-formed plain label that starts one turn only.
_ONCE = "starts only one line; accept it if it is a speaker"


def _verdict(group: list[_Line], known: bool, rejected: bool) -> _Verdict:
    """Whether the lines of one label (in order) make it a speaker label, and why."""
    if rejected:
        return _Verdict(False, "marked as not a speaker")
    if known:
        if any(line.speech for line in group):
            return _Verdict(True, "a known speaker")
        return _Verdict(False, "no words follow it")
    valid = [line for line in group if line.problem is None]
    if not valid:
        return _Verdict(False, str(group[0].problem))
    speaking = [line for line in valid if line.speech]
    if not speaking:
        return _Verdict(False, "no words follow it")
    evidence = [line for line in speaking if _starts_turn(line, known=False)]
    if not evidence:
        return _Verdict(False, "it introduces a quotation or a list, not speech")
    if any(line.form == "bold" for line in evidence):
        return _Verdict(True, "written in bold")
    if any(line.form == "bracket" for line in evidence):
        return _Verdict(True, "written in brackets")
    if len(evidence) < 2:
        if _is_role(evidence[0].label):
            return _Verdict(True, "a transcript role such as 'Interviewer' or 'P4'")
        return _Verdict(False, _ONCE)
    return _Verdict(True, f"starts {len(evidence)} turns")


def _starts_turn(line: _Line, *, known: bool) -> bool:
    """Whether a line of an accepted label starts a turn: speech follows and,
    unless the label is known, the line is valid and a plain label does not
    introduce a quotation or a list."""
    if not line.speech:
        return False
    if known:
        return True
    return line.problem is None and not (line.form == "plain" and line.introduces)


def clean_label(raw: str) -> str:
    """Collapse white space in a speaker label and strip it."""
    return _SPACES.sub(" ", raw).strip()


#: Longest speaker label stored (``speaker_turns.label``, ``VARCHAR(200)``), in
#: characters: labels given outright (a voice tag, a table's speaker column) are
#: cut to fit by :func:`fitted_label`; labels found in text are far shorter.
MAX_STORED_LABEL_CHARS = 200


def fitted_label(label: str) -> str:
    """``label`` cut to :data:`MAX_STORED_LABEL_CHARS` characters, ending in an
    ellipsis when cut (the same on every database, instead of an error on one)."""
    if len(label) <= MAX_STORED_LABEL_CHARS:
        return label
    return label[: MAX_STORED_LABEL_CHARS - 1].rstrip() + "\u2026"


def speaker_label(raw: str, *, form: Form) -> str | None:
    """The clean speaker name in ``raw``, or None when it cannot be one.

    Judges the label alone, not the document (see the module docstring):
    ``form`` says how it was written: ``plain`` (``Name:``) must also look
    like a name, ``bracket`` (``[Name]``) must not be a transcription
    convention such as ``[laughs]``; ``bold`` (``**Name**:``) has no extra rule.
    """
    label = clean_label(raw)
    if not label or not label[0].isalpha():
        return None
    return label if _label_problem(label, form) is None else None


def line_label(line: str) -> tuple[str, int] | None:
    """The speaker label ``line`` starts with and where its words start in ``line``.

    The label is judged alone, by its form and whether it reads as a name
    (:func:`speaker_label`), not by evidence across a document. Returns None
    when ``line`` (its first line, if it holds several) starts with no label.
    Offsets are code points into ``line``.
    """
    first = line.split("\n", 1)[0]
    match = _LABEL_LINE.match("\n" + first)
    if match is None:
        return None
    form, raw = _form(match)
    if form == "bracket" and not match.group("colon") and not (match.group("rest") or "").strip():
        return None
    label = speaker_label(raw, form=form)
    if label is None:
        return None
    return label, words_start(first, len(match.group("indent")), len(first), label)


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

    A one-word role ("interviewer", "I", "P4") always does. Otherwise the
    first word starts with a capital (or is a role) and is neither a
    document reference ("Paragraph 4") nor a pronoun, function or discourse
    word ("You say", "It states", "And 9", "Next point"); after "The"/"A"
    every later word is capitalised ("The Witness", not "The next
    paragraph"). Up to three words may be lower case if none is a prose
    word or a reporting verb ("Peer worker", "Service user 2"; not "He
    said", "Key findings"); longer labels need every later word to start
    with a capital, a digit or ``(`` or be a name particle ("Counsel to the
    Inquiry"), and none may be a reporting verb ("Professor Leitch says").
    """
    words = label.split(" ")
    first = words[0].casefold().rstrip(".,")
    role = first.rstrip("0123456789") in LOWER_CASE_ROLES
    if len(words) == 1 and role:
        return True
    if first in REFERENCE_WORDS or first in PROSE_OPENERS:
        return False
    if not words[0][0].isupper() and not role:
        return False
    shouting = label.isupper()
    later = words[1:]
    if any(_is_lower(word, shouting) and word.casefold() in REPORTING_VERBS for word in later):
        return False
    if (
        first not in DETERMINERS
        and len(words) <= 3
        and not any(_is_lower(word, shouting) and word.casefold() in PROSE_WORDS for word in later)
    ):
        # Role labels such as "Peer worker:" or "Service user 2:" are how
        # interview transcripts name speakers; short and free of prose words.
        return True
    return all(
        word[0].isupper() or word[0].isdigit() or word[0] == "(" or word in NAME_PARTICLES
        for word in later
    )


def _is_lower(word: str, shouting: bool) -> bool:
    """Whether ``word`` counts as lower case (every word does in an upper-case label)."""
    return shouting or not word[0].isupper()


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
