"""Where a file comes from: a path on this machine, or an upload (its name and bytes).

Every importer (documents, study spreadsheets, codebook files) takes either;
the name of an upload picks its reader, as a path's suffix does.
:func:`read_file_bytes` reads a path, saying in the user's words what went wrong.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from qualframe.errors import InputFileError


@dataclass(frozen=True)
class UploadedFile:
    """A file given by its bytes (a web upload): ``name`` picks the reader."""

    name: str
    data: bytes


#: A file to read: a path or an uploaded file.
Source = str | os.PathLike[str] | UploadedFile


def read_file_bytes(path: Path, *, max_bytes: int | None = None) -> bytes:
    """The bytes of the user's file ``path`` (of at most ``max_bytes`` when given).

    Raises :class:`InputFileError` naming the file when it does not exist,
    is a folder, cannot be read or is larger than ``max_bytes``.
    """
    try:
        if max_bytes is not None and (size := path.stat().st_size) > max_bytes:
            raise InputFileError(
                path,
                f"the file is {size / 1024**2:.0f} MB, more than the "
                f"{max_bytes / 1024**2:.0f} MB allowed",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(path, "the file does not exist") from None
    except IsADirectoryError:
        raise InputFileError(path, "this is a folder, not a file") from None
    except PermissionError:
        raise InputFileError(path, "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise InputFileError(path, f"the file cannot be read ({exc.strerror or exc})") from None
