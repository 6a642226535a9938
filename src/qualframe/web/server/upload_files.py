"""Uploaded files as the services take them: the user's file name and its bytes.

Documents go straight from the request to the import (nothing touches the
disk). Study spreadsheets are previewed before they are imported, so the
upload is kept in the application's :class:`~qualframe.web.server.uploads.UploadStore`
under a token between the preview and the confirmation.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from fastapi import UploadFile

from qualframe import UploadedFile
from qualframe.errors import ValidationError
from qualframe.web.server.state import WebState
from qualframe.web.server.uploads import check_size, read_limited


def display_name(filename: str | None) -> str:
    """The last component of a browser-supplied file name ("" when none was chosen)."""
    return PurePath((filename or "").replace("\\", "/")).name.strip()


def read_upload(upload: UploadFile | str | None, what: str = "a file") -> UploadedFile:
    """The chosen file's name and bytes (a browser sends an empty text field, ``""``,
    when no file was chosen).

    Raises :class:`ValidationError` when no file was chosen and
    :class:`~qualframe.errors.InputFileError` (naming the file) when it is
    empty or larger than the upload limit; reads at most one byte past the
    limit, so a huge upload is refused without being held in memory.
    """
    if isinstance(upload, str):
        upload = None
    name = display_name(upload.filename if upload is not None else None)
    if upload is None or not name:
        raise ValidationError(f"Choose {what} to upload.")
    data = read_limited(upload.file)
    check_size(name, data)
    return UploadedFile(name, data)


def read_uploads(uploads: Sequence[UploadFile | str], what: str = "a file") -> list[UploadedFile]:
    """Every chosen file (see :func:`read_upload`); raises when none was chosen."""
    chosen = [
        upload
        for upload in uploads
        if not isinstance(upload, str) and display_name(upload.filename)
    ]
    if not chosen:
        raise ValidationError(f"Choose {what} to upload.")
    return [read_upload(upload, what) for upload in chosen]


def keep(state: WebState, upload: UploadedFile) -> str:
    """Keep ``upload`` for a later confirmation; returns its token."""
    return state.uploads.save(upload.name, upload.data).token


def kept(state: WebState, token: str) -> UploadedFile:
    """The upload kept under ``token`` (raises NotFoundError when unknown or expired).

    The name is the stored one: the user's name with odd characters replaced.
    """
    stored = state.uploads.get(token)
    return UploadedFile(stored.name, stored.path.read_bytes())
