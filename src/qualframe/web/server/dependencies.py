"""Request-scoped values the routes ask for: the application state, the
acting person (a named visitor, or a team server's logged-in account), the
project named in the path."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, unquote

from fastapi import Depends, Path, Request

from qualframe.api.accounts import AccountsAPI, open_accounts
from qualframe.errors import LoginNeededError
from qualframe.project import Project, project_transaction
from qualframe.services.accounts import sessions as login_sessions
from qualframe.services.accounts.records import AccountInfo, SessionInfo
from qualframe.services.core.actor import Actor
from qualframe.services.core.text_rules import name_problem
from qualframe.web.server.permissions import require_route_role
from qualframe.web.server.state import WebState

#: Cookie holding the name a visitor codes under (set on the "Who are you?" page).
USER_COOKIE = "qualframe_user"
#: Longest accepted user name, in characters.
MAX_USER_LENGTH = 100


def web_state(request: Request) -> WebState:
    """The running application's :class:`WebState`."""
    state = request.app.state.web
    assert isinstance(state, WebState)
    return state


def user_cookie_value(name: str) -> str:
    """``name`` as stored in the cookie (percent-encoded: names may be any text)."""
    return quote(name, safe="")


class NameNeeded(Exception):
    """The visitor has not said who they are, and the server has no default
    user: they are asked first (a page goes to the "Who is coding?" form, the
    JSON API answers 401), and nothing is done meanwhile."""


#: Cookie holding a team server's login session token
#: (see :mod:`qualframe.web.server.session_cookie`).
SESSION_COOKIE = "qualframe_session"
#: Paths a person who must change their password may still reach.
PASSWORD_CHANGE_PATHS = frozenset({"/account/password", "/logout", "/login", "/api/session"})
#: What a visitor of a team server who is not logged in is told.
LOG_IN_FIRST = "Log in first: this server shows projects only to their members. Nothing was saved."


@dataclass(frozen=True)
class Login:
    """The logged-in account of a team server's request: the account, its
    session, the session's token (from the cookie) and CSRF token."""

    account: AccountInfo
    session: SessionInfo
    token: str
    csrf_token: str


class PasswordChangeNeeded(Exception):
    """The logged-in person was given a one-time password and must choose
    their own before anything else (a page goes to ``/account/password``,
    the JSON API answers 403)."""


def server_accounts(request: Request, by: str | None = None) -> AccountsAPI:
    """The server's accounts (each call its own transaction); changes are
    recorded as made by ``by`` (an administrator's name; None: the API's default)."""
    return open_accounts(web_state(request).database, user=by or None)


def account_login(request: Request) -> str | None:
    """The login name the request acts for on a team server (None on a local
    server or when nobody is signed in)."""
    login = login_of(request)
    return login.account.login if login is not None else None


def login_of(request: Request) -> Login | None:
    """The request's login on a team server (None on a local server, without
    a session cookie, or when its session is unknown, expired or its account
    disabled). Resolved once per request (the database is asked once; the
    service refreshes the session's last use, so this writes)."""
    if not web_state(request).team:
        return None
    cached: tuple[Login | None] | None = getattr(request.state, "qualframe_login", None)
    if cached is None:
        cached = (_resolve(request),)  # a tuple: None (nobody) is a resolved answer too
        request.state.qualframe_login = cached
    return cached[0]


def _resolve(request: Request) -> Login | None:
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token or len(token) > 200:  # never a token we issued: no database call
        return None
    found = server_accounts(request).resolve(token)
    if found is None:
        return None
    account, session = found
    return Login(account, session, token, login_sessions.csrf_token(token))


def checked_login(request: Request) -> None:
    """App-level dependency (run before every route): resolves the team
    server's login once, and sends a person who must change their password
    to the password page first (raises :class:`PasswordChangeNeeded`)."""
    login = login_of(request)
    if (
        login is not None
        and login.account.must_change_password
        and request.url.path not in PASSWORD_CHANGE_PATHS
    ):
        raise PasswordChangeNeeded


def current_actor(request: Request) -> Actor:
    """Who acts in this request: on a team server the logged-in account (its
    display name and id; the services enforce its project roles), else the
    visitor's chosen name (:func:`current_user`).

    Raises :class:`~qualframe.errors.LoginNeededError` on a team server
    without a login, :class:`NameNeeded` on a local one without a name."""
    if web_state(request).team:
        login = login_of(request)
        if login is None:
            raise LoginNeededError(LOG_IN_FIRST)
        return Actor(login.account.display_name, login.account.id)
    return Actor(_named_user(request))


def chosen_user(request: Request) -> str | None:
    """The name changes are written under: a team server's logged-in
    account's display name (None without a login); on a local server the
    visitor's chosen name, else the server's default user, else None."""
    if web_state(request).team:
        login = login_of(request)
        return login.account.display_name if login is not None else None
    chosen = unquote(request.cookies.get(USER_COOKIE) or "").strip()
    # A cookie naming nobody storable (a NUL, half a character) is ignored, not
    # an error on every request until the visitor picks another name.
    if chosen and len(chosen) <= MAX_USER_LENGTH and name_problem(chosen, "name") is None:
        return chosen
    return web_state(request).default_user


def current_user(request: Request) -> str:
    """Who this request's changes are attributed to: the display name of
    :func:`current_actor`.

    Raises :class:`NameNeeded` when nobody is named: the name is asked on
    the first visit, never taken silently from the server's login; on a
    team server :class:`~qualframe.errors.LoginNeededError` without a login."""
    return current_actor(request).name


def _named_user(request: Request) -> str:
    user = chosen_user(request)
    if user is None:
        raise NameNeeded
    return user


#: Methods that only read (their requests run in a reading transaction).
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def request_project(
    request: Request, project_id: Annotated[int, Path(description="The project's id.", ge=1)]
) -> Iterator[Project]:
    """The project ``project_id`` of the path, acting as the current user, in
    one transaction for the whole request: everything the route does through
    it is committed together when the route returns, before the response is
    sent, or rolled back together when the route raises. A GET reads in one
    snapshot.

    Raises :class:`~qualframe.errors.ProjectChoiceError` (shown as 404)
    when there is no such project.
    """
    yield from _project_in_transaction(request, project_id, writes=_writes(request))


def previewing_project(
    request: Request, project_id: Annotated[int, Path(description="The project's id.", ge=1)]
) -> Iterator[Project]:
    """As :func:`request_project`, for a page that shows a preview (a change run
    and rolled back): its transaction may write, so the preview waits for
    other writers instead of failing, whatever the method."""
    yield from _project_in_transaction(request, project_id, writes=True)


def previewing_on_request(
    request: Request, project_id: Annotated[int, Path(description="The project's id.", ge=1)]
) -> Iterator[Project]:
    """As :func:`previewing_project` when the query asks for a preview
    (``preview`` set), else as :func:`request_project`."""
    asked = request.query_params.get("preview", "") not in ("", "0", "false")
    yield from _project_in_transaction(request, project_id, writes=asked or _writes(request))


def _writes(request: Request) -> bool:
    return request.method not in READING_METHODS


def _project_in_transaction(
    request: Request, project_id: int, *, writes: bool
) -> Iterator[Project]:
    with project_transaction(
        web_state(request).database, project_id, actor=current_actor(request), writes=writes
    ) as project:
        # The route's least role, before its body is read (see permissions).
        require_route_role(request, project)
        yield project


#: A route parameter: the project of the path, opened for the current user in
#: the request's transaction (closed when the route function returns, so the
#: commit's outcome decides the response).
ProjectDep = Annotated[Project, Depends(request_project, scope="function")]
#: A route parameter: the project of the path for a page that runs a preview
#: (a GET whose transaction may write and roll back).
PreviewProjectDep = Annotated[Project, Depends(previewing_project, scope="function")]
#: A route parameter: the project of the path for a page that previews when
#: its query says ``preview``.
OptionalPreviewProjectDep = Annotated[Project, Depends(previewing_on_request, scope="function")]
#: A route parameter: the acting user's name.
UserDep = Annotated[str, Depends(current_user)]
#: A route parameter: who acts (an account on a team server, else a named visitor).
ActorDep = Annotated[Actor, Depends(current_actor)]
#: A route parameter: the application state.
StateDep = Annotated[WebState, Depends(web_state)]
