"""Reading the study's spreadsheets from a path or from uploaded bytes.

Cases, participants, the interview schedule, structured answers and speaker
maps are CSV or XLSX files. The command line names them by path; the web
application hands over an upload (:class:`UploadedFile`), whose name is the
one the user chose, so every message names the file as the user knows it,
never a temporary copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qualframe.errors import InputFileError
from qualframe.formats.sources import Source, UploadedFile
from qualframe.formats.tables import Table, read_table, read_table_bytes

#: A spreadsheet given by path or as an upload.
TableSource = Source
#: Most problems quoted in an import's error message.
MAX_REPORTED_PROBLEMS = 25


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


def problems_error(source: str, problems: Sequence[object]) -> InputFileError:
    """Every problem of an import of ``source`` (each naming its line and column) as
    one :class:`~qualframe.errors.InputFileError` saying nothing was imported
    (at most :data:`MAX_REPORTED_PROBLEMS` quoted)."""
    shown = "\n".join(f"  {p}" for p in problems[:MAX_REPORTED_PROBLEMS])
    more = len(problems) - MAX_REPORTED_PROBLEMS
    tail = f"\n  ... and {more} more" if more > 0 else ""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return InputFileError(source, f"{count}; nothing was imported:\n{shown}{tail}")


__all__ = ["TableSource", "UploadedFile", "problems_error", "read_source", "source_name"]
