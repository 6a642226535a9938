"""Recording times written in transcripts: ``00:01:23``, ``0:05``, ``[00:01:23]``.

A time is ``h:mm:ss`` or ``m:ss`` (hours and minutes of one or two digits),
optionally with a fraction of a second after ``.`` or ``,`` (``00:01:23.450``).
A *stamp* is a time alone or in brackets or parentheses, and in brackets
also a range (``[00:00.000 --> 00:05.000]``, as Whisper writes them). The
patterns here are regular-expression sources for the readers to combine;
:func:`stamp_seconds` turns a stamp into seconds.
"""

from __future__ import annotations

import re

#: A time: ``h:mm:ss`` or ``m:ss``, optionally with a fraction.
TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_RANGE = rf"{TIME}(?:[ \t]*(?:-->|-|\u2013|to)[ \t]*{TIME})?"
#: A time or a range of times in square brackets or parentheses.
BRACKETED_STAMP = rf"(?:\[{_RANGE}\]|\({_RANGE}\))"
#: A time alone or a bracketed stamp.
STAMP = rf"(?:{BRACKETED_STAMP}|{TIME})"

_FIRST_TIME = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")


def stamp_seconds(stamp: str) -> float | None:
    """Seconds from the start of the recording to the (first) time in ``stamp``.

    Returns None when ``stamp`` holds no time or an impossible one (60 or
    more seconds, or 60 or more minutes after an hour). Minutes without
    hours may exceed 59 (``75:30`` is 75 minutes 30 seconds).
    """
    match = _FIRST_TIME.search(stamp)
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return total + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)


def is_clock_time(stamp: str) -> bool:
    """True when ``stamp`` is a bare ``h:mm`` or ``m:ss`` time, which could also be
    a time of day ("10:30") rather than a position in a recording."""
    return stamp[:1].isdigit() and stamp.count(":") == 1
