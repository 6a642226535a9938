"""Where to send people after an action: only ever to a page of this site."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form
from starlette.responses import RedirectResponse

from qualframe.web.server.flash import FlashKind, set_flash

#: A route parameter: the form field ``next``, the page to go back to after
#: the action (only ever a page of this site: see :func:`local_path`).
NextForm = Annotated[str, Form()]


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` if it is a path on this site ("/projects/1"), else ``default``.

    Refuses absolute URLs and protocol-relative ``//host`` paths, so a link
    can never redirect a visitor elsewhere.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def redirect(
    path: str, message: str | None = None, kind: FlashKind = FlashKind.SUCCESS
) -> RedirectResponse:
    """A 303 redirect to ``path`` (a GET), carrying ``message`` for that page."""
    response = RedirectResponse(local_path(path), status_code=303)
    if message:
        set_flash(response, message, kind)
    return response
