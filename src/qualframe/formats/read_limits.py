"""The limits one file's reading is held to, checked while it is read.

The readers in :mod:`qualframe.formats` call these with what the file *is*
(bytes on disk, characters extracted so far, seconds spent so far), never
with what it claims about itself. Each check raises
:class:`~qualframe.errors.InputFileError` naming the file, what was too
much and the environment variable that raises the limit
(:mod:`qualframe.limits`); limits are read when a file is read, so a
changed variable applies to the next file.
"""

from __future__ import annotations

import time

from qualframe.errors import InputFileError
from qualframe.limits import MIB, declared, limit

#: The clock deadlines are measured with (a module attribute so tests can replace it).
clock = time.monotonic


def limit_note(name: str) -> str:
    """``"the limit is QUALFRAME_LIMIT_<NAME>"``: how the user learns what to raise."""
    return f"the limit is {declared(name).env}"


def byte_size(count: int) -> str:
    """``count`` bytes in words: ``"512 MB"``, ``"40 KB"`` or ``"100 bytes"``."""
    if count >= MIB:
        return f"{count / MIB:,.0f} MB"
    if count >= 1024:
        return f"{count / 1024:,.0f} KB"
    return f"{count:,} bytes"


def check_file_size(size: int, source: str) -> None:
    """Refuse a file of ``size`` bytes larger than the ``file_bytes`` limit.

    Raises :class:`InputFileError` naming ``source``.
    """
    allowed = limit("file_bytes")
    if size > allowed:
        raise InputFileError(
            source,
            f"the file is {byte_size(size)}, more than the {byte_size(allowed)} allowed; "
            f"{limit_note('file_bytes')}",
        )


def check_characters(count: int, source: str, *, where: str = "") -> None:
    """Refuse text of ``count`` characters (code points) read from ``source`` when it is
    more than the ``document_characters`` limit; ``where`` says where reading stopped
    (``"page 12"``), if anywhere in particular."""
    allowed = limit("document_characters")
    if count > allowed:
        stopped = f" (reading stopped at {where})" if where else ""
        raise InputFileError(
            source,
            f"its text is longer than the {allowed:,} characters allowed{stopped}; "
            f"{limit_note('document_characters')}",
        )


class Deadline:
    """The time one file may take to read: ``read_seconds`` from when it is made.

    :meth:`check` is called between pages and parts; work inside one page
    or part is not interrupted.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.seconds = limit("read_seconds")
        self._end = clock() + self.seconds

    def check(self, where: str) -> None:
        """Raise :class:`InputFileError` naming the file when its time is up;
        ``where`` says where reading stopped (``"page 1,234"``)."""
        if clock() > self._end:
            raise InputFileError(
                self.source,
                f"reading it took longer than the {self.seconds:,} seconds allowed "
                f"(reading stopped at {where}); {limit_note('read_seconds')}",
            )


__all__ = [
    "Deadline",
    "byte_size",
    "check_characters",
    "check_file_size",
    "clock",
    "limit_note",
]
