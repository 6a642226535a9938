"""One-off messages shown on the next page ("Code created", "Nothing was imported: ...").

A message travels in a short-lived cookie from the request that did the
work (and redirected) to the page that shows it, which then clears it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote, unquote

from starlette.requests import Request
from starlette.responses import Response

COOKIE = "qualframe_flash"


class FlashKind(StrEnum):
    """How a message is shown: a confirmation or an error (an alert)."""

    SUCCESS = "success"
    ERROR = "error"


@dataclass(frozen=True)
class Flash:
    """A message for the next page."""

    kind: FlashKind
    message: str


def set_flash(response: Response, message: str, kind: FlashKind = FlashKind.SUCCESS) -> None:
    """Attach ``message`` to ``response`` for the next page to show."""
    value = quote(json.dumps([kind.value, message[:2000]]))
    response.set_cookie(COOKIE, value, max_age=120, httponly=True, samesite="lax")


def take_flash(request: Request) -> Flash | None:
    """The message waiting for this page, if any (the caller clears the cookie)."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        kind, message = json.loads(unquote(raw))
        return Flash(FlashKind(kind), str(message))
    except (ValueError, TypeError):
        return None


def clear_flash(response: Response) -> None:
    """Remove the message cookie once shown."""
    response.delete_cookie(COOKIE)
