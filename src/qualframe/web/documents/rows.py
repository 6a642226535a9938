"""The documents area's records as the rows pages and the JSON API show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from qualframe import DocumentInfo
from qualframe.services.documents.library import document_row
from qualframe.web.server.frames import plain


def json_rows(records: Iterable[Any]) -> list[dict[str, Any]]:
    """Dataclass records as ``{field: value}`` rows with plain values (ISO times)."""
    return [plain(asdict(record)) for record in records]


def document_rows(documents: Iterable[DocumentInfo]) -> list[dict[str, Any]]:
    """Documents as rows of the documents list (participants and unmapped labels
    joined with ", ", plain values)."""
    return [plain(document_row(info)) for info in documents]
