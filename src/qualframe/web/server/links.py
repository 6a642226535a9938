"""Addresses of pages, built in one place so pages link to each other consistently."""

from __future__ import annotations

from urllib.parse import urlencode


def document_link(
    project_id: int, document_id: int, start: int | None = None, end: int | None = None
) -> str:
    """The document view; with ``start``/``end`` (code points, end exclusive) it
    scrolls to that passage and marks it (a quote, a search hit)."""
    base = f"/projects/{project_id}/documents/{document_id}"
    if start is None or end is None:
        return base
    return f"{base}?{urlencode({'start': start, 'end': end})}#passage"


def coding_link(project_id: int, document_id: int, coding_id: int) -> str:
    """The document view opened on one coding (its details shown)."""
    return f"/projects/{project_id}/documents/{document_id}?{urlencode({'coding': coding_id})}"


def code_link(project_id: int, code_id: int) -> str:
    """The codebook opened on one code (its record, memos and history)."""
    return f"/projects/{project_id}/codebook?{urlencode({'code_id': code_id})}#code-detail"


def new_memo_link(project_id: int, target_type: str, target_id: int) -> str:
    """The memo form about one object ("code", "document", "coding", "case", "participant")."""
    return f"/projects/{project_id}/memos/new?link={target_type}:{target_id}"
