"""Rendering pages: the Jinja environment, its filters and the page context.

Templates live in ``web/templates``; every page extends ``base.html``,
which shows the project navigation, who is coding, and the one-off flash
message. Autoescaping is on: text from the database is never trusted as HTML.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from markdown_it import MarkdownIt
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from qualframe import __version__, limits
from qualframe.services.core.wording import counted
from qualframe.vocabulary import CellStatus
from qualframe.web.server import links
from qualframe.web.server.dependencies import chosen_user
from qualframe.web.server.flash import clear_flash, take_flash

TEMPLATES = Path(__file__).parent.parent / "templates"


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # CommonMark with tables; raw HTML off so a memo can never inject markup.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def markdown(text: str | None) -> Markup:
    """Markdown rendered to safe HTML (raw HTML in the source is shown as text)."""
    return Markup(_markdown().render(text or ""))


def when(moment: datetime | None) -> str:
    """A timestamp for people: "2026-12-01 14:05" (UTC), or "" for none."""
    if moment is None:
        return ""
    return f"{moment:%Y-%m-%d %H:%M}"


def _context(request: Request) -> dict[str, Any]:
    return {"user": chosen_user(request), "version": __version__}


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The application's templates (built once, on first use)."""
    engine = Jinja2Templates(directory=str(TEMPLATES), context_processors=[_context])
    env = engine.env
    env.autoescape = True
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters.update(markdown=markdown, when=when, plural=counted)
    env.globals.update(
        cell_status_labels={status.value: status.label for status in CellStatus},
        document_link=links.document_link,
        coding_link=links.coding_link,
        code_link=links.code_link,
        new_memo_link=links.new_memo_link,
        # Free-text fields carry maxlength (the services check the same limit).
        field_limit=lambda: limits.limit("field_characters"),
    )
    return engine


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    """Render page template ``name`` with ``context`` (plus ``request``, ``user``,
    ``version`` and the waiting ``flash`` message, which is then cleared)."""
    values = dict(context or {})
    flash = take_flash(request)
    values.setdefault("flash", flash)
    response = templates().TemplateResponse(request, name, values, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"  # Back never shows stale codings or counts
    if flash is not None:
        clear_flash(response)
    return response
