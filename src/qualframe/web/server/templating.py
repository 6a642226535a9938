"""Rendering pages: the Jinja environment, its filters and the page context.

Templates live in ``web/templates``; every page extends ``base.html``,
which shows the project navigation, who is coding (on a team server: who
is logged in), and the one-off flash message. Autoescaping is on: text
from the database is never trusted as HTML. Every form that posts carries
``{{ csrf_field() }}`` (see :mod:`qualframe.web.server.csrf`).
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from markdown_it import MarkdownIt
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from qualframe import __version__, limits
from qualframe.services.core.wording import counted
from qualframe.vocabulary import CellStatus
from qualframe.web.server import links
from qualframe.web.server.csrf import CSRF_FIELD, csrf_token_of
from qualframe.web.server.dependencies import chosen_user, login_of, web_state
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


#: The CSRF token of the page being rendered (set by :func:`render` around
#: the rendering, so that macros imported without context see it too).
_PAGE_CSRF_TOKEN: ContextVar[str] = ContextVar("page_csrf_token", default="")


def csrf_field() -> Markup:
    """The hidden field carrying the page's CSRF token (empty on a local server)."""
    token = escape(_PAGE_CSRF_TOKEN.get())
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{token}">')


#: Most characters of a recorded value an activity row shows.
SHOWN_VALUE_CHARS = 200


def shown_value(value: Any) -> str:
    """A value recorded in the audit log as a short text: "—" for none, a
    list or mapping as compact JSON, cut at :data:`SHOWN_VALUE_CHARS`."""
    if value is None or value == "":
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_VALUE_CHARS else text[: SHOWN_VALUE_CHARS - 1] + "…"


def _context(request: Request) -> dict[str, Any]:
    return {
        "user": chosen_user(request),
        "version": __version__,
        "team": web_state(request).team,
        "login": login_of(request),
        "csrf_token": _PAGE_CSRF_TOKEN.get(),
    }


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    """The application's templates (built once, on first use)."""
    engine = Jinja2Templates(directory=str(TEMPLATES), context_processors=[_context])
    env = engine.env
    env.autoescape = True
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters.update(markdown=markdown, when=when, plural=counted, shown_value=shown_value)
    env.globals.update(
        cell_status_labels={status.value: status.label for status in CellStatus},
        document_link=links.document_link,
        coding_link=links.coding_link,
        code_link=links.code_link,
        new_memo_link=links.new_memo_link,
        # Free-text fields carry maxlength (the services check the same limit).
        field_limit=lambda: limits.limit("field_characters"),
        csrf_field=csrf_field,
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
    # The template is rendered here, within the token's context.
    reset = _PAGE_CSRF_TOKEN.set(csrf_token_of(request))
    try:
        response = templates().TemplateResponse(request, name, values, status_code=status_code)
    finally:
        _PAGE_CSRF_TOKEN.reset(reset)
    response.headers["Cache-Control"] = "no-store"  # Back never shows stale codings or counts
    if flash is not None:
        clear_flash(response)
    return response
