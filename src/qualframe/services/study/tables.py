"""Reading the study's spreadsheets from a path or from uploaded bytes.

Cases, participants, the interview schedule, structured answers and speaker
maps are CSV or XLSX files. The command line names them by path; the web
application hands over an upload (:class:`UploadedFile`), whose name is the
one the user chose, so every message names the file as the user knows it,
never a temporary copy.
"""

from __future__ import annotations

import os
from pathlib import Path

from qualframe.formats.tables import Table, read_table, read_table_bytes
from qualframe.services.documents.file_import import UploadedFile

#: A spreadsheet given by path or as an upload.
TableSource = str | os.PathLike[str] | UploadedFile


def read_source(source: TableSource, *, sheet: str | None = None) -> Table:
    """The table of ``source`` (``sheet``: a worksheet of a workbook, default the first).

    Raises :class:`~qualframe.errors.InputFileError` naming the file (the
    upload's own name) when it cannot be read as a table.
    """
    if isinstance(source, UploadedFile):
        return read_table_bytes(source.data, source.name, sheet=sheet)
    return read_table(Path(source), sheet=sheet)


def source_name(source: TableSource) -> str:
    """The file name of ``source`` without its folder (for summaries)."""
    if isinstance(source, UploadedFile):
        return Path(source.name.replace("\\", "/")).name
    return Path(source).name


__all__ = ["TableSource", "UploadedFile", "read_source", "source_name"]
