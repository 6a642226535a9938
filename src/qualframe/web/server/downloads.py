"""Files sent to the browser: exports (matrix, comparisons, codebook) and their names.

An export is written by a facade to a private temporary folder, sent, and the
folder removed once the response has gone (or at once when writing fails).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from starlette.background import BackgroundTask
from starlette.responses import FileResponse

#: Media type of each file suffix qualframe sends.
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "yaml": "application/yaml; charset=utf-8",
    "svg": "image/svg+xml",
}


def attachment(filename: str, disposition: str = "attachment") -> str:
    """A Content-Disposition value naming ``filename`` (any characters: an ASCII
    fallback plus the RFC 6266 UTF-8 form)."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename
    )
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def exported_file(write: Callable[[Path], object], filename: str) -> FileResponse:
    """The file ``write(path)`` makes, sent as a download called ``filename``.

    ``write`` is given a path in a private temporary folder (with the
    suffix of ``filename``); the folder is removed after sending, or at once
    when ``write`` raises (the error propagates: nothing is left behind).
    """
    suffix = filename.rsplit(".", 1)[-1]
    folder = Path(tempfile.mkdtemp(prefix="qualframe-export-"))
    path = folder / f"export.{suffix}"
    try:
        write(path)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[suffix],
        headers={"Content-Disposition": attachment(filename)},
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
