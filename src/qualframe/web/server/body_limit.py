"""The limit on the body of one web request, enforced while it arrives.

Every request body is bounded by a declared limit (:mod:`qualframe.limits`):
an upload (a ``multipart/form-data`` body, streamed to temporary files) to a
route that takes files by ``request_bytes``; any other body (JSON, a plain
form, or a multipart body sent to a route that takes no file), which is
parsed whole in memory, by the much smaller ``form_bytes``. The route is
looked up, not taken from the client's word: calling a body multipart does
not buy a JSON route the upload limit. The limits are read
when the request arrives, so an administrator's ``QUALFRAME_LIMIT_...``
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

from fastapi.params import File
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qualframe import limits
from qualframe.limits import describe_bytes

#: The HTTP status of a body over the limit ("Content Too Large").
TOO_LARGE = 413


#: The limit of upload bodies, and of every other body.
UPLOADS, OTHER_BODIES = "request_bytes", "form_bytes"


class BodyTooLarge(HTTPException):
    """A request body over its limit (HTTP 413): ``limit`` bytes of the declared
    limit ``name``; the detail says the limit and the variable that raises it."""

    def __init__(self, limit: int, name: str = UPLOADS) -> None:
        super().__init__(TOO_LARGE, detail=too_large_message(limit, name))
        self.limit = limit
        self.name = name


def too_large_message(limit: int, name: str = UPLOADS) -> str:
    """The sentence a refused request is answered with (``limit`` in bytes of
    the declared limit ``name``)."""
    variable = limits.declared(name).env
    return (
        f"The request is larger than this server accepts: at most {describe_bytes(limit)} "
        f"({limit:,} bytes) in one request. Nothing was saved. Send less at once (fewer or "
        f"smaller files), or ask the server's administrator to raise the limit with "
        f"{variable}."
    )


def is_multipart(scope: Scope) -> bool:
    """Whether the request says its body is ``multipart/form-data``."""
    for key, value in scope.get("headers", ()):
        if key.lower() == b"content-type":
            return value.split(b";", 1)[0].strip().lower() == b"multipart/form-data"
    return False


def body_limit_name(scope: Scope) -> str:
    """The declared limit of the request's body: ``request_bytes`` for an upload
    (``multipart/form-data``) to a route taking files, ``form_bytes`` for
    anything else. Known once the request is routed (``scope["route"]``, set
    before the route reads its body); before that, the larger limit a
    multipart body may have."""
    if not is_multipart(scope):
        return OTHER_BODIES
    route = scope.get("route")
    if route is None or (isinstance(route, APIRoute) and _declares_files(route)):
        return UPLOADS
    return OTHER_BODIES


def _declares_files(route: APIRoute) -> bool:
    return any(isinstance(field.field_info, File) for field in route.dependant.body_params) or any(
        isinstance(field.field_info, File)
        for dependency in route.dependant.dependencies
        for field in dependency.body_params
    )


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
    """ASGI middleware bounding every request body by its limit (see the module
    docstring). Side effects: none beyond the answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        name = body_limit_name(scope)  # before routing: the most a body may be
        limit = limits.limit(name)
        length = declared_length(scope)
        if length is not None and length > limit:
            await _answer(scope, receive, send, BodyTooLarge(limit, name))
            return
        received = 0
        started = False
        routed = False

        async def counting_receive() -> Message:
            nonlocal received, routed, name, limit
            if not routed:  # the route reads its body: its own limit applies now
                routed = True
                name = body_limit_name(scope)
                limit = limits.limit(name)
                if length is not None and length > limit:
                    raise BodyTooLarge(limit, name)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit, name)
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
