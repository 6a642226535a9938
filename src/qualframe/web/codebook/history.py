"""The framework's history: every change to the codebook (when, who, what),
or one code's (with the codes merged into it), newest first."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from qualframe.services.codebook.history import (
    CodebookChange,
    FieldChange,
    change_items,
    initial_values,
)
from qualframe.web.codebook.view import fold
from qualframe.web.server.dependencies import ProjectDep
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

#: Changes listed per page of the history.
PAGE_SIZE = 100

#: How each kind of change is named in the history.
VERBS = {
    "code.create": "Created",
    "code.import": "Imported",
    "code.edit": "Edited",
    "code.rename": "Renamed",
    "code.move": "Moved",
    "code.merge": "Merged",
    "code.retire": "Retired",
    "code.restore": "Restored",
    "code.delete": "Deleted",
}


@dataclass(frozen=True)
class HistoryRow(CodebookChange):
    """One change to the framework as listed: the entry with what kind of
    change it is ("Renamed"), the changed fields and, for a new code, the
    values it was created with."""

    verb: str
    field_changes: list[FieldChange]
    values: list[tuple[str, str]]


def history_rows(entries: list[CodebookChange]) -> list[HistoryRow]:
    """The rows of the codebook's history (oldest first, as given)."""
    return [
        HistoryRow(
            **{field.name: getattr(entry, field.name) for field in fields(CodebookChange)},
            verb=VERBS.get(entry.action, entry.action),
            field_changes=change_items(entry.details),
            values=initial_values(entry.details),
        )
        for entry in entries
    ]


def _filtered(rows: list[HistoryRow], action: str, who: str, query: str) -> list[HistoryRow]:
    words = fold(query).split()
    return [
        row
        for row in rows
        if (not action or row.action == action)
        and (not who or row.actor == who)
        and all(word in fold(f"{row.code or ''} {row.summary}") for word in words)
    ]


@router.get("/projects/{project_id}/codebook/history")
def history_page(
    request: Request,
    project: ProjectDep,
    code_id: Annotated[int | None, Query(description="Only this code, by id.")] = None,
    action: Annotated[str, Query()] = "",
    who: Annotated[str, Query()] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """The codebook's changes, newest first, filtered by kind of change, who
    made it and text; of one code (and the codes merged into it) with ``code_id``."""
    subject = project.codebook.get(code_id) if code_id is not None else None
    rows = list(reversed(history_rows(project.codebook.history_records(code_id))))
    shown = _filtered(rows, action, who, q)
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(page, pages)
    current = {c.id for c in project.codebook.tree()}
    params = {"code_id": code_id, "action": action, "who": who, "q": q}
    context = {
        "project": project,
        "active": "codebook",
        "subject": subject,
        "rows": shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        "total": len(rows),
        "matches": len(shown),
        "page": page,
        "pages": pages,
        "params": {key: value for key, value in params.items() if value},
        "actions": [
            (key, verb) for key, verb in VERBS.items() if any(r.action == key for r in rows)
        ],
        "actors": sorted({row.actor for row in rows}, key=str.casefold),
        "current_codes": current,
        "filters": {"action": action, "who": who, "q": q},
    }
    return render(request, "codebook/history.html", context)
