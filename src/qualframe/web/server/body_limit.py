"""The limit on the body of one web request, enforced while it arrives.

Every request body (a JSON body, a form, an upload) is bounded by the
declared limit ``request_bytes`` (:mod:`qualframe.limits`), read when the
request arrives so an administrator's ``QUALFRAME_LIMIT_REQUEST_BYTES``
applies without a restart of anything but the server. Two checks:

- a ``Content-Length`` over the limit is refused before any of the body is
  read;
- the bytes of the ``http.request`` messages are counted as the
  application receives them (a chunked upload states no length, and a
  client may lie), and reading stops with 413 as soon as the count passes
  the limit: nothing past the limit is ever buffered.

The refusal is an :class:`HTTPException` with status 413, answered by the
application's own handler for HTTP errors (``error_pages``): a JSON error
under ``/api/``, an error page elsewhere, both saying the limit and how an
administrator raises it.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qualframe import limits

#: The HTTP status of a body over the limit ("Content Too Large").
TOO_LARGE = 413


class BodyTooLarge(HTTPException):
    """A request body over the ``request_bytes`` limit (HTTP 413); the detail
    says the limit and the variable that raises it."""

    def __init__(self, limit: int) -> None:
        super().__init__(TOO_LARGE, detail=too_large_message(limit))
        self.limit = limit


def too_large_message(limit: int) -> str:
    """The sentence a refused request is answered with (``limit`` in bytes)."""
    variable = limits.declared("request_bytes").env
    return (
        f"The request is larger than this server accepts: at most {describe_bytes(limit)} "
        f"({limit:,} bytes) in one request. Nothing was saved. Send less at once (fewer or "
        f"smaller files), or ask the server's administrator to raise the limit with "
        f"{variable}."
    )


def describe_bytes(count: int) -> str:
    """``count`` bytes in words people read: "600 MB", "1.5 KB", "900 bytes"
    (binary multiples, as the limits are declared)."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if count >= size:
            value = count / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{count} bytes"


def declared_length(scope: Scope) -> int | None:
    """The request's ``Content-Length`` as a number (None: absent or not a number)."""
    for key, value in scope.get("headers", ()):
        if key.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimit:
    """ASGI middleware bounding every request body by ``request_bytes`` (see the
    module docstring). Side effects: none beyond the answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limits.limit("request_bytes")
        length = declared_length(scope)
        if length is not None and length > limit:
            await _answer(scope, receive, send, BodyTooLarge(limit))
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge as refusal:
            # Raised where no exception handler runs (a route reading the body
            # outside FastAPI's parsing): answer here unless a response began.
            if started:
                raise
            await _answer(scope, receive, send, refusal)


async def _answer(scope: Scope, receive: Receive, send: Send, refusal: BodyTooLarge) -> None:
    """Answer ``refusal`` as the application answers HTTP errors (its handler
    for :class:`HTTPException`), else as a JSON error."""
    app = scope.get("app")
    handlers = getattr(app, "exception_handlers", {}) if app is not None else {}
    handler = handlers.get(HTTPException)
    if handler is not None:
        response = await handler(Request(scope, receive), refusal)
    else:
        body = {"error": {"type": "HTTPError", "message": refusal.detail}}
        response = JSONResponse(body, status_code=TOO_LARGE)
    await response(scope, receive, send)
