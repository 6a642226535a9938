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
from qualframe.formats.read_limits import check_file_size


@dataclass(frozen=True)
class UploadedFile:
    """A file given by its bytes (a web upload): ``name`` picks the reader."""

    name: str
    data: bytes


#: A file to read: a path or an uploaded file.
Source = str | os.PathLike[str] | UploadedFile


def read_file_bytes(path: Path) -> bytes:
    """The bytes of the user's file ``path``, of at most the ``file_bytes`` limit
    (checked on the file's size before anything is read).

    Raises :class:`InputFileError` naming the file when it does not exist,
    is a folder, cannot be read or is larger than the limit.
    """
    try:
        check_file_size(path.stat().st_size, str(path))
        return path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(path, "the file does not exist") from None
    except IsADirectoryError:
        raise InputFileError(path, "this is a folder, not a file") from None
    except PermissionError:
        raise InputFileError(path, "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise InputFileError(path, f"the file cannot be read ({exc.strerror or exc})") from None
