"""The JSON API's login session on a team server: log in, who am I, log out.

A script logs in with ``POST /api/session`` and keeps the cookie it gets;
it sends the answer's ``csrf_token`` in the ``X-CSRF-Token`` header of
every request that changes something.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse, Response

from qualframe.errors import LoginNeededError
from qualframe.services.accounts.records import AccountInfo
from qualframe.web.server.dependencies import LOG_IN_FIRST, login_of, server_accounts, web_state
from qualframe.web.server.session_cookie import (
    clear_session_cookie,
    login_wait,
    set_session_cookie,
    too_many_attempts,
)

router = APIRouter(tags=["session"])


class Credentials(BaseModel):
    """A login name and its password."""

    login: str = Field(max_length=200)
    password: str = Field(max_length=1024, repr=False)


class AccountOut(BaseModel):
    """The logged-in account."""

    id: int
    login: str
    display_name: str
    is_admin: bool
    must_change_password: bool


class SessionOut(BaseModel):
    """The logged-in account, its session's end and CSRF token."""

    account: AccountOut
    csrf_token: str = Field(description="Send it as X-CSRF-Token with every change.")
    expires_at: datetime


def _account(info: AccountInfo) -> AccountOut:
    return AccountOut(
        id=info.id,
        login=info.login,
        display_name=info.display_name,
        is_admin=info.is_admin,
        must_change_password=info.must_change_password,
    )


@router.post("/session", response_model=SessionOut)
def log_in(body: Credentials, request: Request) -> Response:
    """Log in: sets the session cookie. 401 when the login or password is
    wrong (one message for both) or the account is locked; 429 with
    ``Retry-After`` after 10 attempts a minute from one address."""
    wait = login_wait(request)
    if wait is not None:
        error = {"type": "TooManyLogins", "message": too_many_attempts(wait)}
        return JSONResponse({"error": error}, 429, headers={"Retry-After": str(wait)})
    if not web_state(request).team:
        raise LoginNeededError("This server has no accounts (it was not started with --team).")
    result = server_accounts(request).log_in(
        body.login, body.password, user_agent=request.headers.get("user-agent", "")[:200]
    )
    earlier = login_of(request)
    if earlier is not None:  # logging in again: the client's old session ends
        server_accounts(request).log_out(earlier.token)
    out = SessionOut(
        account=_account(result.account), csrf_token=result.csrf_token, expires_at=result.expires_at
    )
    response = JSONResponse(out.model_dump(mode="json"))
    set_session_cookie(response, request, result.token, result.expires_at)
    return response


@router.get("/session")
def session(request: Request) -> SessionOut:
    """The logged-in account; 401 without a session."""
    login = login_of(request)
    if login is None:
        raise LoginNeededError(LOG_IN_FIRST)
    return SessionOut(
        account=_account(login.account),
        csrf_token=login.csrf_token,
        expires_at=login.session.expires_at,
    )


@router.delete("/session", status_code=204)
def log_out(request: Request) -> Response:
    """Log out (this session ends; the cookie is cleared)."""
    login = login_of(request)
    if login is not None:
        server_accounts(request).log_out(login.token)
    response = Response(status_code=204)
    clear_session_cookie(response, request)
    return response
