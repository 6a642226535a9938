"""Request-scoped values the routes ask for: the application state, the
acting user, the project named in the path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated
from urllib.parse import quote, unquote

from fastapi import Depends, Path, Request

from qualframe.project import Project, project_transaction
from qualframe.services.core.text_rules import name_problem
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


def chosen_user(request: Request) -> str | None:
    """The visitor's chosen name, else the server's default user, else None."""
    chosen = unquote(request.cookies.get(USER_COOKIE) or "").strip()
    # A cookie naming nobody storable (a NUL, half a character) is ignored, not
    # an error on every request until the visitor picks another name.
    if chosen and len(chosen) <= MAX_USER_LENGTH and name_problem(chosen, "name") is None:
        return chosen
    return web_state(request).default_user


def current_user(request: Request) -> str:
    """Who this request's changes are attributed to (:func:`chosen_user`).

    Raises :class:`NameNeeded` when nobody is named: the name is asked on
    the first visit, never taken silently from the server's login."""
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
        web_state(request).database, project_id, user=current_user(request), writes=writes
    ) as project:
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
#: A route parameter: the application state.
StateDep = Annotated[WebState, Depends(web_state)]
