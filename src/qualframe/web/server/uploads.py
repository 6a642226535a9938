"""Uploaded files kept between a preview and its confirmation.

A study spreadsheet is previewed (a dry run) before it is imported; the
upload is kept in a private temporary folder under a random token so the
confirming request imports exactly the previewed file. Tokens are checked
against a strict pattern, so a token can never name a path elsewhere.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from qualframe import limits
from qualframe.errors import InputFileError, NotFoundError
from qualframe.formats.read_limits import check_file_size

#: Uploads older than this many seconds are removed when a new one arrives.
KEEP_SECONDS = 6 * 3600

_TOKEN = re.compile(r"[0-9a-f]{32}")
_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class StoredUpload:
    """An upload on disk: its token, the user's file name and where it lies."""

    token: str
    name: str
    path: Path


def upload_limit() -> int:
    """The largest accepted upload, in bytes (documents, spreadsheets and codebooks
    alike): the declared limit ``file_bytes``, read now."""
    return limits.limit("file_bytes")


def read_limited(stream: BinaryIO) -> bytes:
    """The bytes of an uploaded file, at most one past :func:`upload_limit`, so a
    huge upload is refused by :func:`check_size` without being held whole."""
    return stream.read(upload_limit() + 1)


def check_size(name: str, data: bytes) -> None:
    """Raise :class:`InputFileError` for an empty upload or one over :func:`upload_limit`
    (read by :func:`read_limited`, so at most one byte past it)."""
    if not data:
        raise InputFileError(name or "the upload", "the file is empty")
    check_file_size(len(data), name, read_whole=len(data) <= upload_limit())


def safe_name(name: str) -> str:
    """The last component of a browser-supplied file name, without odd characters."""
    base = re.split(r"[\\/]", name or "")[-1].strip()
    cleaned = _UNSAFE.sub("_", base).strip(". ")
    return cleaned or "upload"


class UploadStore:
    """A private folder of uploads awaiting confirmation (created lazily)."""

    def __init__(self, root: Path | None = None) -> None:
        self._root = root
        self._owned = root is None

    @property
    def root(self) -> Path:
        """The folder (created on first use, readable by this user only)."""
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="qualframe-uploads-"))
        return self._root

    def save(self, name: str, data: bytes) -> StoredUpload:
        """Keep ``data`` under a new token; raises InputFileError if empty or too large."""
        check_size(name, data)
        self._forget_old()
        token = secrets.token_hex(16)
        folder = self.root / token
        folder.mkdir()
        path = folder / safe_name(name)
        path.write_bytes(data)
        return StoredUpload(token, path.name, path)

    def get(self, token: str) -> StoredUpload:
        """The upload kept under ``token``; NotFoundError when it is unknown or gone."""
        if not _TOKEN.fullmatch(token or ""):
            raise NotFoundError("That upload is unknown; please choose the file again.")
        folder = self.root / token
        files = sorted(folder.iterdir()) if folder.is_dir() else []
        if not files:
            raise NotFoundError("That upload has expired; please choose the file again.")
        return StoredUpload(token, files[0].name, files[0])

    def discard(self, token: str) -> None:
        """Remove the upload kept under ``token`` (no error if already gone)."""
        if _TOKEN.fullmatch(token or ""):
            shutil.rmtree(self.root / token, ignore_errors=True)

    def close(self) -> None:
        """Remove the folder if this store created it."""
        if self._owned and self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    def _forget_old(self) -> None:
        cutoff = time.time() - KEEP_SECONDS
        for folder in self.root.iterdir():
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
