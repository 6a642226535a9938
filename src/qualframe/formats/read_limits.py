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
from qualframe.limits import declared, describe_bytes, limit

#: The clock deadlines are measured with (a module attribute so tests can replace it).
clock = time.monotonic


def limit_note(name: str) -> str:
    """``"the limit is QUALFRAME_LIMIT_<NAME>"``: how the user learns what to raise."""
    return f"the limit is {declared(name).env}"


def check_file_size(size: int, source: str, *, read_whole: bool = True) -> None:
    """Refuse a file of ``size`` bytes larger than the ``file_bytes`` limit (the one
    check of a file's size, for files on disk and uploads alike).

    ``read_whole``: ``size`` is the file's size; else reading stopped past the
    limit (an upload is read at most one byte past it), so the message says
    only that it is larger. Raises :class:`InputFileError` naming ``source``.
    """
    allowed = limit("file_bytes")
    if size > allowed:
        how_big = f"is {describe_bytes(size)}, more than" if read_whole else "is larger than"
        raise InputFileError(
            source,
            f"the file {how_big} the {describe_bytes(allowed)} allowed; {limit_note('file_bytes')}",
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
    "check_characters",
    "check_file_size",
    "clock",
    "limit_note",
]
