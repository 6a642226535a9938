"""How errors reach people: a clear message on the page, or a JSON error.

A :class:`~qualframe.errors.UserError` means the request was wrong and
nothing was written (one transaction per action). Under ``/api/`` it
becomes ``{"error": {"type", "message", ...}}`` with a fitting status;
a form post goes back to the page it came from with the message shown
there; any other page shows the message on an error page. Anything else
is a bug: the page says so and gives an error id to quote, and the server
log gets the id, the error's type and where it was raised
(:class:`~qualframe.incidents.Incident`), never the error's message, which
can quote interview text; the whole traceback only with ``QUALFRAME_DEBUG=1``.
The server's own "Exception in ASGI application" record of that error is
cut to the same (:class:`WithheldTracebacks`).
"""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from qualframe import config
from qualframe.errors import (
    BusyError,
    ConflictError,
    InputFileError,
    LoginFailedError,
    LoginNeededError,
    NotFoundError,
    PermissionDeniedError,
    ProjectChoiceError,
    QualframeError,
    UserError,
)
from qualframe.incidents import incident
from qualframe.web.server.csrf import CsrfRejected
from qualframe.web.server.dependencies import NameNeeded, PasswordChangeNeeded
from qualframe.web.server.flash import FlashKind, set_flash
from qualframe.web.server.templating import render

log = logging.getLogger("qualframe.web")
#: Seconds a client is asked to wait before trying a busy database again.
RETRY_AFTER_SECONDS = 5


def status_of(error: QualframeError) -> int:
    """The HTTP status a qualframe error is answered with (a busy database:
    503, "try again", with ``Retry-After``)."""
    if isinstance(error, BusyError):
        return 503
    if isinstance(error, (NotFoundError, ProjectChoiceError)):
        return 404
    if isinstance(error, ConflictError):
        return 409
    if isinstance(error, PermissionDeniedError):
        return 403
    if isinstance(error, LoginNeededError):
        return 401
    if isinstance(error, LoginFailedError):
        return 401
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
        response: Response = JSONResponse(error_body(error), status_code=status)
    elif isinstance(error, BusyError):
        # A page, not back to the form with a message: the browser's Back keeps what was typed.
        page = {"message": str(error), "status": status}
        response = render(request, "error.html", page, status_code=status)
    else:
        response = _page_error(request, str(error), status)
    if isinstance(error, BusyError):
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


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


#: What a visitor who has not named themselves is told.
NAME_FIRST = (
    "Say who you are first: your name is written on your codings, summaries and "
    "memos. Nothing was saved."
)


async def _name_needed(request: Request, _error: Exception) -> Response:
    """Ask for the visitor's name: the JSON API answers 401; a page goes to the
    "Who is coding?" form and comes back after it (a form post to the page it
    was sent from, with what it was about to save not saved)."""
    if wants_json(request):
        body = {"error": {"type": "NameNeeded", "message": f"{NAME_FIRST} Choose it at /user."}}
        return JSONResponse(body, status_code=401)
    if request.method in ("GET", "HEAD"):
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/user?next={quote(back, safe='')}", status_code=303)
    referer = urlsplit(request.headers.get("referer", "")).path or "/"
    response = RedirectResponse(f"/user?next={quote(referer, safe='')}", status_code=303)
    set_flash(response, NAME_FIRST, FlashKind.ERROR)
    return response


def _back_path(request: Request) -> str:
    """The page to come back to after logging in: this page for a GET, the
    page a form was posted from otherwise (what it was about to save is not saved)."""
    if request.method in ("GET", "HEAD"):
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return urlsplit(request.headers.get("referer", "")).path or "/"


async def _login_needed(request: Request, error: Exception) -> Response:
    """A team server without a login: the JSON API answers 401, a page goes to
    the login form and comes back after it."""
    if wants_json(request):
        body = {"error": {"type": "LoginNeeded", "message": str(error)}}
        return JSONResponse(body, status_code=401)
    response = RedirectResponse(
        f"/login?next={quote(_back_path(request), safe='')}", status_code=303
    )
    if request.method not in ("GET", "HEAD"):
        set_flash(response, str(error), FlashKind.ERROR)
    return response


#: What a person who must choose a new password is told.
PASSWORD_FIRST = "Choose your own password first: you logged in with a one-time password."


async def _password_change_needed(request: Request, _error: Exception) -> Response:
    """A one-time password in use: the password page first (JSON: 403)."""
    if wants_json(request):
        body = {"error": {"type": "PasswordChangeNeeded", "message": PASSWORD_FIRST}}
        return JSONResponse(body, status_code=403)
    response = RedirectResponse("/account/password", status_code=303)
    set_flash(response, PASSWORD_FIRST, FlashKind.ERROR)
    return response


async def _csrf_rejected(request: Request, error: Exception) -> Response:
    """An unsafe request without its session's CSRF token: 403, nothing done."""
    if wants_json(request):
        body = {"error": {"type": "CsrfRejected", "message": str(error)}}
        return JSONResponse(body, status_code=403)
    page = {"message": str(error), "status": 403}
    return render(request, "error.html", page, status_code=403)


def log_bug(error: BaseException, context: str) -> str:
    """Write an unexpected ``error`` to the server log as an incident (see the
    module docstring) and return its id; ``context`` says what was being done
    ("GET /projects/1"). Marks ``error`` as reported (:class:`WithheldTracebacks`)."""
    found = incident(error)
    if config.debugging():
        log.error("Unexpected %s during %s", found.summary(), context, exc_info=error)
    else:
        log.error("Unexpected %s during %s\n%s", found.summary(), context, found.trace)
    with contextlib.suppress(AttributeError):  # an exception type with __slots__
        error.qualframe_incident = found.id  # type: ignore[attr-defined]
    return found.id


#: Path segments that are secrets (an invitation's token): never written to a log.
_SECRET_SEGMENT = re.compile(r"(/invite/)[^/]+")


def logged_path(path: str) -> str:
    """``path`` as the server's log may show it: an invitation link's token
    (which lets whoever holds it join a project) is replaced by ``…``."""
    return _SECRET_SEGMENT.sub(r"\1…", path)


async def _bug(request: Request, error: Exception) -> Response:
    reference = log_bug(error, f"{request.method} {logged_path(request.url.path)}")
    message = (
        "Something went wrong inside qualframe; this is a bug, not something you did. "
        f"Nothing was saved by this action. The server's log has the details under "
        f"error {reference}: quote it when you report the problem."
    )
    if wants_json(request):
        body = {"error": {"type": "InternalError", "message": message, "id": reference}}
        return JSONResponse(body, status_code=500)
    return render(request, "error.html", {"message": message, "status": 500}, status_code=500)


class WithheldTracebacks(logging.Filter):
    """Keeps the messages of unexpected errors out of the web server's log.

    Starlette re-raises an error after its 500 page has been sent, and the
    server (uvicorn) logs it with its traceback and message. A record
    carrying an exception is rewritten to name the incident instead: the id
    :func:`log_bug` gave it, or a new incident's summary and trace. With
    ``QUALFRAME_DEBUG=1`` records are left as they are."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record`` if it carries an exception; always keep it."""
        error = record.exc_info[1] if record.exc_info else None
        if error is None or config.debugging():
            return True
        reference = getattr(error, "qualframe_incident", None)
        if reference is None:
            reference = log_bug(error, record.getMessage())
        record.msg, record.args = "%s (reported as error %s)", (record.getMessage(), reference)
        record.exc_info, record.exc_text = None, None
        return True


#: The filter on the server's error log (one for every application built).
_WITHHELD = WithheldTracebacks()
#: The loggers web servers write request errors to (uvicorn's, also under gunicorn).
SERVER_LOGGERS = ("uvicorn.error",)


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``, and :class:`WithheldTracebacks`
    on the server's error log (process-wide, once)."""
    for name in SERVER_LOGGERS:
        logging.getLogger(name).addFilter(_WITHHELD)
    app.add_exception_handler(NameNeeded, _name_needed)
    app.add_exception_handler(LoginNeededError, _login_needed)
    app.add_exception_handler(PasswordChangeNeeded, _password_change_needed)
    app.add_exception_handler(CsrfRejected, _csrf_rejected)
    app.add_exception_handler(QualframeError, _qualframe_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _bug)
