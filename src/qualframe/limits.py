"""The limits on the work one file or one request may cause, declared once.

Each :class:`Limit` bounds what hostile or damaged input could make
qualframe do (unpack, extract, store, send) by what the input *is*, checked
while reading, never by what the file claims about itself. A server
administrator raises one with its environment variable
(``QUALFRAME_LIMIT_<NAME>``); ``qualframe limits`` lists them with their
values, and ``docs/security.md`` says what each protects against.

Values are read from the environment when asked for, never at import time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from qualframe.errors import ConfigurationError

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    """One bound: ``name`` (``env`` is ``QUALFRAME_LIMIT_<NAME>``), its ``default``
    in ``unit`` (bytes, characters, pages, members, seconds, or "to 1" for a
    ratio) and ``help``: what it protects against."""

    name: str
    default: int
    unit: str
    help: str

    @property
    def env(self) -> str:
        """The environment variable that raises (or lowers) the limit."""
        return "QUALFRAME_LIMIT_" + self.name.upper()


LIMITS: tuple[Limit, ...] = (
    Limit(
        "file_bytes",
        512 * MIB,
        "bytes",
        "Size of one imported file (document, table, codebook, project archive).",
    ),
    Limit(
        "unpacked_bytes",
        200 * MIB,
        "bytes",
        "Bytes actually inflated from one archive (.docx, .xlsx, .odt, .qdpx), counted "
        "while unpacking: a zip bomb or a lying zip directory stops here.",
    ),
    Limit(
        "archive_members",
        10_000,
        "members",
        "Files inside one archive.",
    ),
    Limit(
        "compression_ratio",
        200,
        "to 1",
        "How much more one large archive member may unpack to than it takes compressed.",
    ),
    Limit(
        "pdf_pages",
        5_000,
        "pages",
        "Pages read from one PDF: a page tree listing one page a hundred thousand times "
        "stops here.",
    ),
    Limit(
        "document_characters",
        50_000_000,
        "characters",
        "Text extracted from one file (about 25,000 pages), counted while reading.",
    ),
    Limit(
        "read_seconds",
        300,
        "seconds",
        "Time spent reading one file, checked between pages and parts.",
    ),
    Limit(
        "request_bytes",
        600 * MIB,
        "bytes",
        "Body of one web request that uploads files (multipart form).",
    ),
    Limit(
        "form_bytes",
        16 * MIB,
        "bytes",
        "Body of one web request without files (a JSON body or a plain form), which is "
        "parsed whole in memory.",
    ),
    Limit(
        "field_characters",
        1_000_000,
        "characters",
        "One text field written through the web or the API (a memo, a code's "
        "definition, a cell summary).",
    ),
    Limit(
        "page_characters",
        400_000,
        "characters",
        "Text of a document sent in one page of the document view or one API "
        "response; longer documents are paged.",
    ),
)


def describe_bytes(count: int) -> str:
    """``count`` bytes in words people read: "600 MB", "1.5 KB", "900 bytes"
    (binary multiples, as the limits are declared). The one wording of a
    size in qualframe's messages."""
    for unit, size in (("GB", 1024**3), ("MB", MIB), ("KB", 1024)):
        if count >= size:
            value = count / size
            return f"{value:,.0f} {unit}" if value == int(value) else f"{value:,.1f} {unit}"
    return f"{count:,} bytes"


def declared(name: str) -> Limit:
    """The declared limit called ``name`` (KeyError for none)."""
    for item in LIMITS:
        if item.name == name:
            return item
    raise KeyError(name)


def limit(name: str, env: Mapping[str, str] | None = None) -> int:
    """The value of limit ``name`` now: its environment variable if set, else its
    default. Raises :class:`ConfigurationError` when the variable is not a
    positive whole number."""
    item = declared(name)
    raw = (os.environ if env is None else env).get(item.env)
    if raw is None:
        return item.default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise ConfigurationError(
            f"{item.env} must be a positive whole number of {item.unit}, not {raw!r}"
        )
    return value


__all__ = ["LIMITS", "Limit", "declared", "limit"]
