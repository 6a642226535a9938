"""Reading plain-text transcripts (.txt).

The text is stored as decoded; headings and speaker turns are found in it
(see :mod:`qualframe.formats.sections` and
:mod:`qualframe.formats.speaker_turns`).
"""

from __future__ import annotations

from qualframe.formats.structure import TextContent


def read_plain_text(text: str, source: str) -> TextContent:
    """The decoded ``text`` of file ``source`` as a document; never raises."""
    del source  # named for the readers' common signature; plain text cannot be malformed
    return TextContent(text)
