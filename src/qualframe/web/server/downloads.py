"""Files sent to the browser: exports (matrix, comparisons, codebook) and their names.

An export is written by a facade to a private temporary folder, sent, and the
folder removed once the response has gone (or at once when writing fails).

Every download is named by :func:`download_name`: the project, what the file
holds (the export and the choices that made it) and when it was made (UTC),
so two different downloads never share a name and a saved file says what it is.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
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


#: Longest download name, in UTF-8 bytes (file systems allow 255; browsers
#: and archive tools are happier well below that).
MAX_NAME_BYTES = 150
#: Longest project part of a name, in UTF-8 bytes.
MAX_PROJECT_BYTES = 48
#: Hex digits of the fingerprint added when a description had to be shortened.
FINGERPRINT_DIGITS = 8

# Anything but letters and digits (of any script) separates words in a name.
_SEPARATORS = re.compile(r"[\W_]+")


def download_name(
    project: str,
    what: str,
    suffix: str,
    *,
    details: Iterable[tuple[str, str]] | str = (),
    at: datetime | None = None,
) -> str:
    """The file name of a download: ``<project>_<what>_<details>_<UTC time>.<suffix>``.

    ``what`` says which export it is ("framework matrix", "code comparison");
    ``details`` the choices that made it, as query-string pairs (each
    ``name=value`` becomes ``name-value``) or a phrase; ``at`` the moment
    (default now), written as ISO 8601 basic UTC to the second
    ("20261207T045512Z"). Words keep their letters and digits (any script,
    lower case, accents on Latin letters dropped) joined by "-"; anything
    else is dropped, so the name has no path separators, quotes, spaces or
    control characters. The name is at most :data:`MAX_NAME_BYTES` UTF-8
    bytes (the project part at most :data:`MAX_PROJECT_BYTES`): a longer
    description is cut and followed by a fingerprint of the whole, as is one
    that lost characters other than spaces and ASCII punctuation (so two
    different descriptions still give different names). The suffix is kept
    (lower-cased, letters and digits only). Pure: no side effects, no errors.
    """
    if isinstance(details, str):
        described = details
    else:
        described = " ".join(f"{name} {value}" for name, value in details)
    stamp = (at or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    extension = re.sub(r"[^a-z0-9]", "", suffix.casefold())[:8] or "bin"
    head = _cut(_words(project), MAX_PROJECT_BYTES) or "project"
    body = "_".join(part for part in (_words(what), _words(described)) if part) or "download"
    room = MAX_NAME_BYTES - len(f"{head}__{stamp}.{extension}".encode())
    if len(body.encode()) > room or _lossy(what, described):
        full = "\x1f".join((project, what, described))
        fingerprint = hashlib.sha256(full.encode("utf-8", "replace")).hexdigest()
        body = _cut(body, room - FINGERPRINT_DIGITS - 1) + "-" + fingerprint[:FINGERPRINT_DIGITS]
    return f"{head}_{body}_{stamp}.{extension}"


def _words(text: str) -> str:
    """``text`` as lower-case words joined by "-": "Trust > Hope (Zoë)" -> "trust-hope-zoe"."""
    return _SEPARATORS.sub("-", _bare(text)).strip("-")


def _bare(text: str) -> str:
    """``text`` lower-cased, without accents on its letters ("Zoë" -> "zoe")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _lossy(*texts: str) -> bool:
    """Whether a description has characters a name drops that are not plain
    spaces or ASCII punctuation (an emoji, a symbol): two descriptions could
    then read the same, so the name gets a fingerprint."""
    return any(
        not (c.isalnum() or c.isspace() or (c.isascii() and c.isprintable()))
        for text in texts
        for c in _bare(text)
    )


def _cut(words: str, limit: int) -> str:
    """``words`` cut to at most ``limit`` UTF-8 bytes, at a character, without a trailing "-"."""
    data = words.encode()[: max(limit, 0)]
    return data.decode("utf-8", "ignore").rstrip("-_")


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
