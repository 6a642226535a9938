"""Quotable text: a coded passage as it is quoted, without the transcript's
speaker label or timestamp in front (the speaker is shown beside a quote)."""

from __future__ import annotations

import re

from qualframe.formats.speaker_turns import words_start

#: A timestamp opening a passage: ``[00:01:23]``, ``(0:05)``, ``00:01:23`` or ``12:05.3``.
_LEADING_TIME = re.compile(r"[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])]?[ \t]*")


def quotable(text: str, speaker: str | None) -> str:
    """``text`` (a coded passage) without the ``speaker``'s label (``Name:``,
    ``**Name**:``, ``[Name]``) or a timestamp at its start, and without the
    white space that followed them. Text not opening with them is returned as
    is; a passage that is only a label is kept whole (nothing to quote otherwise)."""
    start = 0 if speaker is None else words_start(text, 0, len(text), speaker)
    timed = _LEADING_TIME.match(text, start)
    if timed is not None and timed.end() > start:
        start = timed.end()
    rest = text[start:]
    return rest if rest.strip() else text
