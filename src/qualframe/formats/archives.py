"""ZIP packages (.docx, .xlsx) checked before anything in them is decompressed.

Office files are ZIP archives, so a small upload could unpack to gigabytes
(a "zip bomb"). :func:`check_unpacked_size` refuses one from the archive's
central directory alone: the total uncompressed size and each large member's
compression ratio are limited by the reader that calls it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

from qualframe.errors import InputFileError


def check_unpacked_size(
    members: Sequence[zipfile.ZipInfo],
    source: str,
    what: str,
    *,
    max_bytes: int,
    max_ratio: float,
    ratio_from_bytes: int,
) -> None:
    """Raise :class:`InputFileError` naming ``source`` when the ``members`` of the
    package (``what`` it is, e.g. "the workbook") would unpack to more than
    ``max_bytes`` in all, or when a member of at least ``ratio_from_bytes``
    uncompressed is compressed more than ``max_ratio`` to 1 (small XML parts
    legitimately compress very well). Reads nothing but the given entries."""
    total = sum(member.file_size for member in members)
    if total > max_bytes:
        raise InputFileError(
            source,
            f"{what} would unpack to {total / 1024**2:.0f} MB, more than the "
            f"{max_bytes / 1024**2:.0f} MB allowed (it may be a zip bomb)",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= ratio_from_bytes and ratio > max_ratio:
            raise InputFileError(
                source,
                f"{what} part {member.filename!r} is compressed {ratio:.0f} to 1, "
                f"more than the {max_ratio} to 1 allowed (it may be a zip bomb)",
            )
