"""Reading Markdown (.md) and reStructuredText (.rst) documents.

Placeholder until the rendering readers land: the text is stored as is.
"""

from __future__ import annotations

from qualframe.formats.structure import TextContent


def read_markdown(text: str, source: str) -> TextContent:
    """The decoded Markdown ``text`` of file ``source`` as a document."""
    del source
    return TextContent(text)


def read_rst(text: str, source: str) -> TextContent:
    """The decoded reStructuredText ``text`` of file ``source`` as a document."""
    del source
    return TextContent(text)
