"""Guards of every server: refuse requests from other sites.

A local qualframe server trusts whoever can reach it, and a team server
trusts a logged-in browser, so neither may let a web page on another site
act through the visitor's browser. Two checks, on every request that could
change something (not GET/HEAD/OPTIONS):

- a browser's ``Sec-Fetch-Site: cross-site`` is refused;
- an ``Origin`` header that names another host than the request's is refused.

The host names a request may be addressed to are checked by Starlette's
``TrustedHostMiddleware`` (against DNS rebinding), installed beside this.
A team server also asks every unsafe request of a session for its CSRF
token (:mod:`qualframe.web.server.csrf`).
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: Headers added to every response. The content security policy lets pages
#: load scripts, styles, images and data from this server only: no CDN, no
#: network call, no inline script (pages pass data in JSON script elements).
SECURITY_HEADERS = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; connect-src 'self'; object-src 'none'; "
        b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)


def cross_site(method: str, headers: dict[str, str]) -> bool:
    """Whether an unsafe request comes from another site (see the module docstring)."""
    if method.upper() in SAFE_METHODS:
        return False
    if headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = headers.get("origin")
    if origin is None:  # not sent by a browser (scripts, curl): no site to compare
        return False
    # "null" comes from sandboxed frames and local files: never this site.
    return origin == "null" or urlsplit(origin).netloc != headers.get("host", "")


class SameOriginGuard:
    """ASGI middleware answering 403 to unsafe cross-site requests and adding
    :data:`SECURITY_HEADERS` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if cross_site(scope["method"], headers):
            await _refuse(send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _refuse(send: Send) -> None:
    body = json.dumps(
        {"error": {"type": "CrossSiteRequest", "message": "Requests from other sites are refused."}}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(body)),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
