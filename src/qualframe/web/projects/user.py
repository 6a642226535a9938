"""Who is coding: the visitor names themselves; changes are attributed to that name.

On a local server there are no accounts (see :mod:`qualframe.web.server.guards`):
the name is kept in a cookie of this browser and written on every coding,
cell and memo, and in the audit log. A team server writes the logged-in
account's name instead: ``/user`` goes to the account page there.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from qualframe.errors import ValidationError
from qualframe.web.server.dependencies import (
    MAX_USER_LENGTH,
    USER_COOKIE,
    StateDep,
    chosen_user,
    user_cookie_value,
)
from qualframe.web.server.navigation import NextForm, local_path, redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

#: How long the browser remembers the name, in seconds (one year).
REMEMBER_SECONDS = 365 * 24 * 3600


@router.get("/user")
def user_page(request: Request, state: StateDep, next: Annotated[str, Query()] = "/") -> Response:
    """The form naming who codes in this browser (empty on a first visit);
    on a team server, the account page."""
    if state.team:
        return redirect("/account")
    return render(request, "user.html", {"next": local_path(next), "name": chosen_user(request)})


@router.post("/user")
def set_user(state: StateDep, name: Annotated[str, Form()], next: NextForm = "/") -> Response:
    """Remember ``name`` as this browser's coder and go back to ``next`` (on
    a team server: the account page, nothing remembered)."""
    if state.team:
        return redirect("/account", "On this server your account's name is written on your work.")
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError("Please give a name: it is written on your codings and memos.")
    if len(cleaned) > MAX_USER_LENGTH:
        raise ValidationError(f"A name has at most {MAX_USER_LENGTH} characters.")
    response = redirect(local_path(next), f"You are coding as {cleaned}.")
    response.set_cookie(
        USER_COOKIE,
        user_cookie_value(cleaned),
        max_age=REMEMBER_SECONDS,
        httponly=True,
        samesite="lax",
    )
    return response
