"""Comparison downloads: exported files, charts and CSV tables as responses.

Exports are written by the comparison facade to a private temporary folder,
streamed back, and the folder removed once the response is sent. Charts
are SVG (text kept as text): pages load them with ``<img loading="lazy">``
from the chart routes, so a page shows its tables before its charts are drawn.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from starlette.responses import FileResponse, Response

from qualframe.formats.csv_safety import csv_text
from qualframe.project import Project
from qualframe.web.server.downloads import MEDIA_TYPES, attachment, exported_file

if TYPE_CHECKING:
    import pandas as pd

    from qualframe.services.compare.comparison_export import Comparison

ExportFormat = Literal["csv", "xlsx", "html"]

#: Longest file name stem, in characters.
MAX_STEM = 80

_NOT_NAME = re.compile(r"[^a-z0-9]+")


def file_name(title: str, suffix: str) -> str:
    """A plain ASCII file name from a title: "Trust by employer" -> "trust-by-employer.csv"."""
    folded = title.casefold().encode("ascii", "ignore").decode()
    stem = _NOT_NAME.sub("-", folded).strip("-")[:MAX_STEM].strip("-") or "comparison"
    return f"{stem}.{suffix}"


def export_response(
    project: Project, result: Comparison, fmt: ExportFormat, title: str
) -> FileResponse:
    """``result`` exported as ``fmt`` (CSV table, XLSX workbook or HTML report),
    sent as a download named after ``title``; raises what the export raises."""
    return exported_file(lambda path: project.compare.export(result, path), file_name(title, fmt))


def svg_response(svg: str, title: str) -> Response:
    """An SVG chart, shown by the browser (``inline``) with a file name for saving."""
    name = file_name(title, "svg")
    return Response(
        svg.encode("utf-8"),
        media_type=MEDIA_TYPES["svg"],
        headers={"Content-Disposition": attachment(name, "inline")},
    )


def csv_response(frame: pd.DataFrame, title: str) -> Response:
    """A table as a CSV download (UTF-8 with a byte order mark, so Excel shows
    accents; formulas neutralised: :func:`~qualframe.formats.csv_safety.csv_text`)."""
    name = file_name(title, "csv")
    return Response(
        csv_text(frame).encode("utf-8-sig"),
        media_type=MEDIA_TYPES["csv"],
        headers={"Content-Disposition": attachment(name)},
    )
