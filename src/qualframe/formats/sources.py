"""Where a file comes from: a path on this machine, or an upload (its name and bytes).

Every importer (documents, study spreadsheets, codebook files) takes either;
the name of an upload picks its reader, as a path's suffix does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class UploadedFile:
    """A file given by its bytes (a web upload): ``name`` picks the reader."""

    name: str
    data: bytes


#: A file to read: a path or an uploaded file.
Source = str | os.PathLike[str] | UploadedFile
