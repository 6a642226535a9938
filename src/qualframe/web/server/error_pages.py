"""How errors reach people: a clear message on the page, or a JSON error.

A :class:`~qualframe.errors.UserError` means the request was wrong and
nothing was written (one transaction per action). Under ``/api/`` it
becomes ``{"error": {"type", "message", ...}}`` with a fitting status;
a form post goes back to the page it came from with the message shown
there; any other page shows the message on an error page. Anything else
is a bug: the page says so and the traceback goes to the server log.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from qualframe.errors import (
    ConflictError,
    InputFileError,
    NotFoundError,
    ProjectChoiceError,
    QualframeError,
    UserError,
)
from qualframe.web.server.flash import FlashKind, set_flash
from qualframe.web.server.templating import render

log = logging.getLogger("qualframe.web")


def status_of(error: QualframeError) -> int:
    """The HTTP status a qualframe error is answered with."""
    if isinstance(error, (NotFoundError, ProjectChoiceError)):
        return 404
    if isinstance(error, ConflictError):
        return 409
    if isinstance(error, UserError):
        return 422
    return 500


def error_body(error: Exception, kind: str | None = None) -> dict[str, Any]:
    """The JSON body of an API error: type, message, and file/line for file errors."""
    body: dict[str, Any] = {"type": kind or type(error).__name__, "message": str(error)}
    if isinstance(error, InputFileError):
        body.update(file=error.source, problem=error.problem, line=error.line)
    return {"error": body}


def wants_json(request: Request) -> bool:
    """Whether the request is to the JSON API."""
    return request.url.path.startswith("/api/")


def _same_site_referer(request: Request) -> str | None:
    referer = request.headers.get("referer")
    if not referer:
        return None
    parts = urlsplit(referer)
    if parts.netloc != request.url.netloc:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _page_error(request: Request, message: str, status: int) -> Response:
    back = _same_site_referer(request) if request.method != "GET" else None
    if back is not None:
        response = RedirectResponse(back, status_code=303)
        set_flash(response, message, FlashKind.ERROR)
        return response
    return render(request, "error.html", {"message": message, "status": status}, status_code=status)


async def _qualframe_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, QualframeError)
    status = status_of(error)
    if wants_json(request):
        return JSONResponse(error_body(error), status_code=status)
    return _page_error(request, str(error), status)


def _describe_invalid(error: RequestValidationError) -> str:
    problems = []
    for item in error.errors():
        where = " ".join(str(part) for part in item.get("loc", ()) if part not in ("body", "query"))
        problems.append(f"{where}: {item.get('msg', 'invalid')}" if where else item.get("msg", ""))
    return "The request was not valid: " + "; ".join(problems) + "."


async def _invalid_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    message = _describe_invalid(error)
    if wants_json(request):
        details = [
            {"loc": list(item.get("loc", ())), "msg": item.get("msg", "")}
            for item in error.errors()
        ]
        body = {"error": {"type": "RequestValidationError", "message": message, "details": details}}
        return JSONResponse(body, status_code=422)
    return _page_error(request, message, 422)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    message = str(error.detail) if error.detail else "Not found."
    if error.status_code == 404 and message == "Not Found":
        message = "There is no page at this address."
    if wants_json(request):
        body = {"error": {"type": "HTTPError", "message": message}}
        return JSONResponse(body, status_code=error.status_code, headers=error.headers)
    return render(
        request, "error.html", {"message": message, "status": error.status_code},
        status_code=error.status_code,
    )  # fmt: skip


async def _bug(request: Request, error: Exception) -> Response:
    log.exception("Unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    message = (
        "Something went wrong inside qualframe; this is a bug, not something you did. "
        "Nothing was saved by this action. The details are in the server's log."
    )
    if wants_json(request):
        body = {"error": {"type": "InternalError", "message": message}}
        return JSONResponse(body, status_code=500)
    return render(request, "error.html", {"message": message, "status": 500}, status_code=500)


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""
    app.add_exception_handler(QualframeError, _qualframe_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _bug)
