"""A team server's login pages: logging in and out, one's account and password.

Passwords are never echoed: a refused login shows the form again with the
login name only, and no password is ever put in a redirect address, a
flash message or an error body. The administrator's page is in
:mod:`qualframe.web.accounts.admin`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.exceptions import HTTPException
from starlette.responses import Response

from qualframe.errors import LoginFailedError, ValidationError
from qualframe.web.accounts import admin
from qualframe.web.server.dependencies import (
    Login,
    current_actor,
    login_of,
    server_accounts,
    web_state,
)
from qualframe.web.server.navigation import NextForm, local_path, redirect
from qualframe.web.server.session_cookie import (
    clear_session_cookie,
    login_wait,
    set_session_cookie,
    too_many_attempts,
)
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)
router.include_router(admin.router)

#: Longest password accepted by the forms (the service's own limit).
MAX_PASSWORD = 1024


#: What a local server (no accounts) answers on the account pages.
NO_ACCOUNTS = "This server has no accounts (it was not started with --team)."


def required_login(request: Request) -> Login:
    """The request's login on a team server.

    Raises LoginNeededError (to the login page) without one, and a 404
    HTTPException on a local server, which has no accounts."""
    if not web_state(request).team:
        raise HTTPException(404, NO_ACCOUNTS)
    current_actor(request)  # raises when nobody is logged in
    login = login_of(request)
    assert login is not None
    return login


def _login_form(
    request: Request, next_page: str, login: str = "", error: str = "", status: int = 200
) -> Response:
    context = {"next": local_path(next_page), "login_name": login, "error": error}
    return render(request, "accounts/login.html", context, status_code=status)


@router.get("/login")
def login_page(request: Request, next: Annotated[str, Query()] = "/") -> Response:
    """The login form (a logged-in person goes on to ``next``; a local
    server, which has no accounts, asks who is coding instead)."""
    if not web_state(request).team:
        return redirect("/user")
    if login_of(request) is not None:
        return redirect(local_path(next))
    return _login_form(request, next)


@router.post("/login")
def log_in(
    request: Request,
    login: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    next: NextForm = "/",
) -> Response:
    """Log in and go on to ``next`` (first to the password page after a reset).

    A refused login shows the form again (401) with one message whether the
    login or the password was wrong; too many attempts from one address
    answer 429 with ``Retry-After``; the account's own lock is the service's."""
    wait = login_wait(request)
    if wait is not None:
        response = _login_form(request, next, login, too_many_attempts(wait), 429)
        response.headers["Retry-After"] = str(wait)
        return response
    if not web_state(request).team:
        return redirect("/user", "This server has no accounts: say who is coding instead.")
    try:
        result = server_accounts(request).log_in(
            login, password, user_agent=request.headers.get("user-agent", "")[:200]
        )
    except LoginFailedError as error:
        return _login_form(request, next, login, str(error), 401)
    earlier = login_of(request)
    if earlier is not None:  # logging in as someone else: this browser's old session ends
        server_accounts(request).log_out(earlier.token)
    target = "/account/password" if result.account.must_change_password else local_path(next)
    response = redirect(target)
    set_session_cookie(response, request, result.token, result.expires_at)
    return response


@router.post("/logout")
def log_out(request: Request) -> Response:
    """End this browser's session and go to the login page."""
    login = login_of(request)
    if login is not None:
        server_accounts(request).log_out(login.token)
    response = redirect("/login", "You are logged out.")
    clear_session_cookie(response, request)
    return response


@router.get("/account")
def account_page(request: Request) -> Response:
    """One's account: name, login, the sessions open, logging out everywhere."""
    login = required_login(request)
    sessions = server_accounts(request).sessions(login.account.id, login.token)
    return render(
        request, "accounts/account.html", {"account": login.account, "sessions": sessions}
    )


@router.post("/account/logout-everywhere")
def log_out_everywhere(request: Request) -> Response:
    """End every session of one's account (this one too): back to the login page."""
    login = required_login(request)
    server_accounts(request).log_out_everywhere(login.account.id)
    response = redirect("/login", "You are logged out everywhere: every session has ended.")
    clear_session_cookie(response, request)
    return response


@router.get("/account/password")
def password_page(request: Request) -> Response:
    """The form changing one's password (forced after a reset)."""
    login = required_login(request)
    return render(request, "accounts/password.html", {"account": login.account})


@router.post("/account/password")
def change_password(
    request: Request,
    current: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    new: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
    repeat: Annotated[str, Form(max_length=MAX_PASSWORD)] = "",
) -> Response:
    """Change one's password (the current one is checked); other sessions end.

    Raises :class:`~qualframe.errors.ValidationError` when the two new ones
    differ (shown on the form; nothing changed)."""
    login = required_login(request)
    if new != repeat:
        raise ValidationError("The two new passwords differ: type the same one twice.")
    server_accounts(request).change_password(
        login.account.id, current, new, keep_session=login.session.id
    )
    return redirect("/", "Your password is changed; your other sessions have ended.")
