"""Quotable text: a coded passage as it is quoted, without the transcript's
speaker label or timestamp in front (the speaker is shown beside a quote)."""

from __future__ import annotations

import re

#: A bracketed timestamp opening a passage: ``[00:01:23]``, ``(0:05)``, ``[12:05.3]``.
_LEADING_TIME = re.compile(r"[\[(]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?[\])][ \t]*")
#: How a label is written in front of the words: opening mark, closing marks.
_LABEL_FORMS = (
    ("", (":",)),
    ("**", ("**:", ":**")),
    ("__", ("__:", ":__")),
    ("[", ("]:", "]")),
)


def quotable(text: str, speaker: str | None) -> str:
    """``text`` (a coded passage) without the ``speaker``'s label at its start
    (``Name:``, ``**Name**:``, ``**Name:**``, ``[Name]``) or a bracketed
    timestamp after it (``[00:01:23]``), and without the white space that
    followed them. Only a complete label counts: "Really good" keeps its "R"
    when the speaker is "R". Text not opening with them is returned as is; a
    passage that is only a label is kept whole (there is nothing else to quote)."""
    start = 0 if speaker is None else _label_end(text, speaker)
    timed = _LEADING_TIME.match(text, start)
    if timed is not None:
        start = timed.end()
    rest = text[start:]
    return rest if rest.strip() else text


def _label_end(text: str, label: str) -> int:
    """Where the words start after ``label`` written in one of the label forms at
    the start of ``text`` (white space skipped), or 0 when it does not open so."""
    for opening, closings in _LABEL_FORMS:
        head = opening + label
        if not text.startswith(head):
            continue
        for closing in closings:
            if text.startswith(closing, len(head)):
                position = len(head) + len(closing)
                while position < len(text) and text[position].isspace():
                    position += 1
                return position
    return 0
