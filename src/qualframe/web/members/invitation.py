"""The page an invitation link opens, ``/invite/{token}``, on a team server.

Whoever holds the link may join the project in the invitation's role,
once, before it expires, unless an owner revoked it. A person who is
logged in sees "Join PROJECT as ROLE" and joins with one button (already a
member: they keep the higher of their role and the invitation's). A
visitor who is not logged in either logs in first (and comes back here)
or creates an account on this page, which joins the project in the same
step and logs them in. A link that is unknown, used, expired or revoked
gives one page saying so, and what to do.

The page is open to visitors who are not logged in (the token is the
permission); the token is checked before anything else, so a visitor
without a working link can create no account here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from qualframe.errors import NotFoundError, UserError, ValidationError
from qualframe.project import project_transaction
from qualframe.services.accounts.records import AccountInfo, InvitationInfo
from qualframe.services.core.actor import Actor
from qualframe.web.members.view import invitation_path
from qualframe.web.server.dependencies import login_of, server_accounts, web_state
from qualframe.web.server.error_pages import status_of
from qualframe.web.server.navigation import redirect
from qualframe.web.server.session_cookie import set_session_cookie
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

#: A route parameter: a form's text field (blank when left out).
Text = Annotated[str, Form()]


def _gone(request: Request, error: UserError) -> Response:
    """The one page of a link that does not work (unknown, used, expired,
    revoked: the services give one message for all)."""
    context = {"message": str(error), "advice": ""}
    return render(request, "members/invitation_gone.html", context, status_code=status_of(error))


def _not_team(request: Request) -> Response:
    context = {
        "message": "Invitations are for a team server (qualframe serve --team); this one is not.",
        "advice": "Open the link on the team server it was made for.",
    }
    return render(request, "members/invitation_gone.html", context, status_code=404)


def _invitation_page(
    request: Request,
    token: str,
    info: InvitationInfo,
    *,
    values: dict[str, str] | None = None,
    error: UserError | None = None,
) -> Response:
    """The invitation: a join button for a logged-in person, else "log in
    first" and the new-account form (``values``: as typed, never a password)."""
    login = login_of(request)
    account = login.account if login is not None else None
    context: dict[str, Any] = {
        "invitation": info,
        "token": token,
        "account": account,
        "login_link": "/login?next=" + quote(invitation_path(token), safe=""),
        "values": values or {},
        "error": str(error) if error is not None else None,
    }
    status = status_of(error) if error is not None else 200
    return render(request, "members/invitation.html", context, status_code=status)


@router.get("/invite/{token}")
def invitation_page(request: Request, token: str) -> Response:
    """The page of an invitation link (see the module docstring)."""
    if not web_state(request).team:
        return _not_team(request)
    try:
        info = server_accounts(request).invitation(token)
    except NotFoundError as error:
        return _gone(request, error)
    return _invitation_page(request, token, info)


def _your_role(request: Request, account: AccountInfo, project_id: int) -> str:
    """The role ``account`` now has in the project (read in a transaction of its own)."""
    actor = Actor(account.display_name, account.id)
    database = web_state(request).database
    with project_transaction(database, project_id, actor=actor, writes=False) as project:
        role = project.members.my_role()
        return f"{project.name!r} as {role.value if role else 'a member'}"


@dataclass(frozen=True)
class NewAccount:
    """The new-account form as posted."""

    login: str
    display_name: str
    password: str = field(repr=False)
    password_again: str = field(repr=False)


#: The button that sent the invitation's form: "join" (logged in) or "create-account".
Action = Annotated[str, Form()]


@router.post("/invite/{token}")
def join(
    request: Request,
    token: str,
    action: Action = "join",
    login: Text = "",
    display_name: Text = "",
    password: Text = "",
    password_again: Text = "",
) -> Response:
    """Join the project: as the logged-in person ("join"; not logged in: to
    the login page, which comes back here), or with an account created here
    ("create-account")."""
    if not web_state(request).team:
        return _not_team(request)
    if action == "create-account":
        typed = NewAccount(login, display_name, password, password_again)
        return _join_with_new_account(request, token, typed)
    current = login_of(request)
    if current is None:
        return redirect("/login?next=" + quote(invitation_path(token), safe=""))
    try:
        project_id = server_accounts(request).accept(token, current.account.id)
    except UserError as error:
        return _gone(request, error)
    joined = _your_role(request, current.account, project_id)
    return redirect(f"/projects/{project_id}", f"You are in the project {joined}.")


def _join_with_new_account(request: Request, token: str, typed: NewAccount) -> Response:
    """Create an account, join the project with it and log in, in one step;
    refused (the form shown again, without the passwords), nothing written,
    when the passwords differ or the service refuses the login, name or
    password; a link that does not work gives its page before anything else."""
    accounts = server_accounts(request)
    try:
        info = accounts.invitation(token)
    except NotFoundError as error:
        return _gone(request, error)
    values = {"login": typed.login, "display_name": typed.display_name}
    try:
        if typed.password != typed.password_again:
            raise ValidationError("The two passwords differ: type the same password twice.")
        project_id, result = accounts.join_as_new(
            token,
            typed.login.strip(),
            typed.display_name.strip(),
            typed.password,
            user_agent=request.headers.get("user-agent", ""),
        )
    except UserError as error:
        return _invitation_page(request, token, info, values=values, error=error)
    joined = _your_role(request, result.account, project_id)
    response = redirect(
        f"/projects/{project_id}",
        f"Welcome, {result.account.display_name}: your account is ready, "
        f"and you are in the project {joined}.",
    )
    set_session_cookie(response, request, result.token, result.expires_at)
    return response
