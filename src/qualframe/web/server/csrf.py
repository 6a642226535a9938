"""Cross-site request forgery tokens of a team server.

On a team server a logged-in browser carries a session cookie that another
site could make it send (a form posted from elsewhere). Besides the
``Origin`` check of :mod:`qualframe.web.server.guards`, every request that
could change something (POST, PUT, PATCH, DELETE) from a logged-in session
must therefore carry the session's CSRF token: the ``X-CSRF-Token`` header
(the pages' scripts send it, read from ``<meta name="csrf-token">``) or the
``csrf_token`` field of a form (``{{ csrf_field() }}`` in every form that
posts). The token is derived from the session token
(:func:`qualframe.services.accounts.sessions.csrf_token`), so nothing more
is stored, and another site can neither read nor guess it.

A local server (no ``--team``) has no sessions: the field is empty and
nothing is checked (the ``Origin`` guard stays).
"""

from __future__ import annotations

import hmac

from starlette.requests import Request

from qualframe.web.server.dependencies import (
    READING_METHODS,
    login_of,
    web_state,
)

#: The request header a script sends the token in.
CSRF_HEADER = "X-CSRF-Token"
#: The form field a page's form sends the token in.
CSRF_FIELD = "csrf_token"
#: Content types whose body is a form (the token may be one of its fields).
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CsrfRejected(Exception):
    """An unsafe request of a logged-in session came without its CSRF token
    (or with another one): it is refused (403) before the route runs, and
    nothing is done."""

    def __str__(self) -> str:
        return (
            "This form or request did not carry this session's security token, so it was "
            "refused and nothing was saved. Reload the page and try again."
        )


def csrf_token_of(request: Request) -> str:
    """The CSRF token of the request's login session ("" when there is none:
    a local server, or nobody logged in)."""
    login = login_of(request)
    return login.csrf_token if login is not None else ""


async def sent_token(request: Request) -> str:
    """The token the request carries: its header, else its form field ("")."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in FORM_TYPES:
        return ""
    # Starlette keeps the parsed form on the request: the route reads the same one.
    form = await request.form()
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else ""


async def checked_csrf(request: Request) -> None:
    """App-level dependency: on a team server, an unsafe request from a
    logged-in session must carry the session's token.

    Raises :class:`CsrfRejected` otherwise. Requests without a session
    (logging in, a script without a cookie) are not checked here: they act
    for nobody, and the routes ask for a login themselves."""
    if request.method in READING_METHODS or not web_state(request).team:
        return
    login = login_of(request)
    if login is None:
        return
    sent = await sent_token(request)
    if not sent or not hmac.compare_digest(sent.encode(), login.csrf_token.encode()):
        raise CsrfRejected
