"""Comparison downloads: exported files, charts and CSV tables as responses.

Exports are written by the comparison facade to a private temporary folder,
streamed back, and the folder removed once the response is sent. Charts
are SVG (text kept as text): pages load them with ``<img loading="lazy">``
from the chart routes, so a page shows its tables before its charts are drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from starlette.responses import FileResponse, Response

from qualframe.formats.csv_safety import csv_text
from qualframe.project import Project
from qualframe.web.server.downloads import MEDIA_TYPES, attachment, exported_file

if TYPE_CHECKING:
    import pandas as pd

    from qualframe.services.compare.comparison_export import Comparison

ExportFormat = Literal["csv", "xlsx", "html"]


def export_response(
    project: Project, result: Comparison, fmt: ExportFormat, name: str
) -> FileResponse:
    """``result`` exported as ``fmt`` (CSV table, XLSX workbook or HTML report),
    sent as a download called ``name``; raises what the export raises."""
    return exported_file(lambda path: project.compare.export(result, path), name)


def svg_response(svg: str, name: str) -> Response:
    """An SVG chart, shown by the browser (``inline``) with a file name for saving."""
    return Response(
        svg.encode("utf-8"),
        media_type=MEDIA_TYPES["svg"],
        headers={"Content-Disposition": attachment(name, "inline")},
    )


def csv_response(frame: pd.DataFrame, name: str) -> Response:
    """A table as a CSV download called ``name`` (UTF-8 with a byte order mark, so Excel
    shows accents; formulas neutralised: :func:`~qualframe.formats.csv_safety.csv_text`)."""
    return Response(
        csv_text(frame).encode("utf-8-sig"),
        media_type=MEDIA_TYPES["csv"],
        headers={"Content-Disposition": attachment(name)},
    )
