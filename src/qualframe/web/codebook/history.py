"""The framework's history: every change to the codebook (when, who, what),
or one code's (with the codes merged into it), newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import pandas as pd
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from qualframe.services.codebook.history import FieldChange, change_items, initial_values
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
class HistoryRow:
    """One change to the framework as listed: when (UTC), who, what kind
    ("Renamed"), the code's path then, the summary, the changed fields and,
    for a new code, the values it was created with."""

    at: datetime
    actor: str
    action: str
    verb: str
    code: str
    code_id: int | None
    summary: str
    changes: list[FieldChange]
    values: list[tuple[str, str]]


def history_rows(frame: pd.DataFrame) -> list[HistoryRow]:
    """The rows of a codebook history frame (oldest first, as given)."""
    return [
        HistoryRow(
            at=row["at"].to_pydatetime(),
            actor=str(row["actor"]),
            action=str(row["action"]),
            verb=VERBS.get(str(row["action"]), str(row["action"])),
            code=str(row["code"] or ""),
            code_id=None if pd.isna(row["code_id"]) else int(row["code_id"]),
            summary=str(row["summary"]),
            changes=change_items(row["details"] or {}),
            values=initial_values(row["details"] or {}),
        )
        for row in frame.to_dict("records")
    ]


def _filtered(rows: list[HistoryRow], action: str, who: str, query: str) -> list[HistoryRow]:
    words = fold(query).split()
    return [
        row
        for row in rows
        if (not action or row.action == action)
        and (not who or row.actor == who)
        and all(word in fold(f"{row.code} {row.summary}") for word in words)
    ]


@router.get("/projects/{project_id}/codebook/history")
def history_page(
    request: Request,
    project: ProjectDep,
    code: Annotated[int | None, Query()] = None,
    action: Annotated[str, Query()] = "",
    who: Annotated[str, Query()] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """The codebook's changes, newest first, filtered by kind of change, who
    made it and text; of one code (and the codes merged into it) with ``code``."""
    subject = project.codebook.get(code) if code is not None else None
    rows = list(reversed(history_rows(project.codebook.history(code))))
    shown = _filtered(rows, action, who, q)
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(page, pages)
    current = {c.id for c in project.codebook.tree()}
    params = {"code": code, "action": action, "who": who, "q": q}
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
