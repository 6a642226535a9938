"""The session cookie of a team server, and the login attempts of an address
(shared by the accounts pages and the invitation page).

The cookie ``qualframe_session`` holds the session's token (the database
keeps only its SHA-256). It is ``HttpOnly`` (no script reads it),
``SameSite=Lax`` (another site's form posts do not carry it), on ``Path=/``,
and lives no longer than the session (``Max-Age`` up to its absolute
expiry). It is ``Secure`` (sent over HTTPS only) unless the request came
over plain HTTP to a loopback address: trying a team server on one's own
machine (``http://localhost:8000``) needs no certificate, and a loopback
address never crosses a network. Behind a reverse proxy on the same
machine, the proxy's ``X-Forwarded-Proto`` says the request was HTTPS (the
server trusts proxy headers from loopback only).
"""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response

from qualframe.web.server.dependencies import SESSION_COOKIE, web_state

#: Host names of the local machine (plain HTTP to them keeps the cookie).
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def secure_cookie(request: Request) -> bool:
    """Whether the session cookie is marked ``Secure`` (see the module docstring)."""
    plain_local = request.url.scheme == "http" and (request.url.hostname or "") in LOOPBACK_HOSTS
    return not plain_local


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def set_session_cookie(
    response: Response, request: Request, token: str, expires_at: datetime
) -> None:
    """Give the browser the session ``token`` until ``expires_at`` (side effect: a cookie)."""
    seconds = int((_aware(expires_at) - datetime.now(UTC)).total_seconds())
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max(seconds, 0),
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure_cookie(request),
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    """Make the browser forget its session cookie (side effect: an expired cookie)."""
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure_cookie(request)
    )


def client_address(request: Request) -> str:
    """The client's address (a trusted proxy's ``X-Forwarded-For`` already applied
    by the server), or "unknown"."""
    return request.client.host if request.client is not None else "unknown"


def login_wait(request: Request) -> int | None:
    """Count a login attempt of the request's address: None when it may go
    ahead, else the seconds it must wait (at most 10 attempts a minute)."""
    return web_state(request).login_limiter.attempt(client_address(request))


def too_many_attempts(seconds: int) -> str:
    """What an address that tried too many logins is told."""
    return (
        "Too many login attempts from your address: wait "
        f"{seconds} second{'s' if seconds != 1 else ''} and try again."
    )
