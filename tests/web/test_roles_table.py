"""Every route of the web application and the JSON API, for every role, on a team server.

One table: for each route and each kind of visitor (an owner, an analyst, a
coder, a viewer, a signed-in person who is not a member, a visitor who is
not signed in) the answer must be the one the roles promise:

- not signed in: a page sends them to the login page, the JSON API answers 401;
- not a member: the project does not exist for them (404, the same message as
  for a project that does not exist);
- a member whose role may not make the change: 403, before the request's
  body is even looked at;
- a member whose role may: anything but 401 and 403 (the empty requests
  sent here are often incomplete: 422, a missing object's 404 and a page's
  flash are fine), and never the project's 404.

The least role of each route is :mod:`qualframe.web.server.permissions`'s
table; this test walks every route the application serves, so a new route
is covered the day it is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from qualframe.vocabulary import ProjectRole
from qualframe.web.app import create_app
from qualframe.web.server import dependencies
from qualframe.web.server.permissions import least_role
from route_recorder import RouteRecorder, all_routes
from web.sample_study import SampleStudy, build_sample_study

PASSWORD = "correct horse battery staple"

#: Routes anybody may request, signed in or not (logging in, joining by an
#: invitation, the API's description, the static pages around them).
PUBLIC = re.compile(
    r"^(GET|POST) /(login|logout|invite/\{token\}|api/session|api/docs|api/openapi\.json|user)$"
    r"|^(GET|POST|DELETE) /api/session$|^POST /api/markdown$|^GET /$"
)
#: Routes outside any project that only an administrator may use.
ADMIN_ONLY = re.compile(r"^\w+ (/api)?/admin/")

#: Who visits: a member's role, "outsider" (signed in, not a member) or "anonymous".
VISITORS = ("owner", "analyst", "coder", "viewer", "outsider", "anonymous")

NO_SUCH_PROJECT = "There is no project with id"
#: What a coder is told when a coding or memo is someone else's.
_SOMEONE_ELSES = "it does not allow changing other"
SECRET = "Only Otto's team may read these words."


@dataclass(frozen=True)
class Outcome:
    """What one request answered."""

    status: int
    location: str
    text: str

    @property
    def no_such_project(self) -> bool:
        """Whether it said the project does not exist."""
        return self.status == 404 and NO_SUCH_PROJECT in self.text


#: Routes that end the visitor's session: walked last.
ENDS_SESSION = re.compile(r"^(DELETE /api/session|POST /logout|POST /account/logout-everywhere)$")


def _routes(app: FastAPI) -> list[tuple[str, str, APIRoute]]:
    found = {(method, path): route_id for method, path, route_id in all_routes()}
    by_id = {id(route): route for route in _api_routes(app)}
    return sorted(
        (
            (method, path, by_id[route_id])
            for (method, path), route_id in found.items()
            if method != "HEAD" and route_id in by_id
        ),
        key=lambda row: (bool(ENDS_SESSION.match(f"{row[0]} {row[1]}")), row[0], row[1]),
    )


def _api_routes(app: FastAPI) -> Iterator[APIRoute]:
    from qualframe.web import routes

    del app  # the routers are shared by every application; walk them once
    for router in (*routes.api_routers(), *routes.page_routers()):
        yield from _walk(router)


def _walk(router: object) -> Iterator[APIRoute]:
    for route in getattr(router, "routes", ()):
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _walk(route.original_router)


def _previews(route: APIRoute) -> bool:
    """Whether a GET of the route runs a change and rolls it back (a preview page):
    the services refuse that change to a role that may not make it."""
    previewing = {dependencies.previewing_project, dependencies.previewing_on_request}
    stack = list(route.dependant.dependencies)
    while stack:
        dependant = stack.pop()
        if dependant.call in previewing:
            return True
        stack.extend(dependant.dependencies)
    return False


@dataclass
class Team:
    """The sample study on a team server, with one account per visitor."""

    sample: SampleStudy
    other: qualframe.Project
    other_ids: tuple[int, int]  # a document and a code of the other project
    app: FastAPI

    @property
    def other_project_id(self) -> int:
        """The id of a project none of the sample's members belongs to."""
        return self.other.info.id

    def other_code_names(self) -> list[str]:
        """The names of the other project's codes."""
        return [code.name for code in self.other.codebook.tree()]


@pytest.fixture
def team(database: Database) -> Team:
    accounts = qualframe.open_accounts(database=database)
    for login in ("olive", "anna", "cody", "vera", "otto"):
        accounts.create(login, login.title(), PASSWORD)
    sample = build_sample_study(database)
    members = sample.project.members
    for login, role in (
        ("olive", "owner"),
        ("anna", "analyst"),
        ("cody", "coder"),
        ("vera", "viewer"),
    ):
        members.add(login, role)
    # Otto's own project: its ids must not open anything to the others.
    other = qualframe.create_project("Otto's study", database=database, account="otto")
    other.documents.import_bytes("Secret.txt", SECRET.encode())
    document_id = int(other.documents.documents()["id"].iloc[0])
    code = other.codebook.add("Otto's code")
    application = create_app(database, team=True)
    application.add_middleware(RouteRecorder)
    return Team(sample, other, (document_id, code.id), application)


def _client(team: Team, visitor: str) -> tuple[TestClient, dict[str, str]]:
    client = TestClient(team.app, base_url="https://localhost", follow_redirects=False)
    if visitor == "anonymous":
        return client, {}
    login = {"owner": "olive", "analyst": "anna", "coder": "cody", "viewer": "vera"}.get(
        visitor, "otto"
    )
    answer = client.post("/api/session", json={"login": login, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return client, {"X-CSRF-Token": answer.json()["csrf_token"]}


def _path(template: str, team: Team) -> str:
    sample = team.sample
    values = {
        "project_id": sample.project_id,
        "document_id": sample.interview_id,
        "document_id:int": sample.interview_id,
        "code_id": sample.trust_code_id,
        "coding_id": sample.coding_id,
        "token": "no-such-token",
        "format": "csv",
    }
    return re.sub(r"\{([^}]+)\}", lambda m: str(values.get(m.group(1), 1)), template)


def _ask(client: TestClient, method: str, path: str, headers: dict[str, str]) -> Outcome:
    answer = client.request(method, path, headers=headers)
    return Outcome(answer.status_code, answer.headers.get("location", ""), answer.text[:2000])


def _expected_problem(
    visitor: str, method: str, template: str, route: APIRoute, outcome: Outcome
) -> str | None:
    """What is wrong with ``outcome`` for ``visitor`` (None: as promised)."""
    key = f"{method} {template}"
    api = template.startswith("/api/")
    if PUBLIC.match(key):
        return None
    if visitor == "anonymous":
        if api:
            return None if outcome.status == 401 else "not signed in: expected 401"
        good = outcome.status == 303 and outcome.location.startswith("/login")
        return None if good else "not signed in: expected a redirect to /login"
    if ADMIN_ONLY.match(key):
        return None if outcome.status == 403 else "not an administrator: expected 403"
    if "{project_id}" not in template:
        return None if outcome.status not in (401, 403) else "signed in: refused"
    if visitor == "outsider":
        return None if outcome.no_such_project else "not a member: expected the project's 404"
    role = ProjectRole(visitor)
    needed = least_role(method, template)
    if outcome.no_such_project:
        return "a member was told the project does not exist"
    if not role.includes(needed):
        return None if outcome.status == 403 else f"{role} may not: expected 403"
    if outcome.status == 403 and role is ProjectRole.CODER and _SOMEONE_ELSES in outcome.text:
        return None  # a coder changes only their own codings and memos (the sample's are not)
    if outcome.status == 403 and method == "GET" and _previews(route):
        return None  # a preview of a change the role may not make
    return None if outcome.status not in (401, 403) else f"{role} may: refused"


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_route_answers_each_visitor_as_their_role_allows(team: Team, visitor: str) -> None:
    client, headers = _client(team, visitor)
    problems = []
    with client:
        for method, template, route in _routes(team.app):
            outcome = _ask(client, method, _path(template, team), headers)
            problem = _expected_problem(visitor, method, template, route, outcome)
            if problem is not None:
                problems.append(f"{method} {template}: {problem} (got {outcome.status})")
    assert problems == [], "\n".join(problems)


def test_a_member_guessing_another_projects_ids_finds_nothing(team: Team) -> None:
    client, headers = _client(team, "owner")
    other, own = team.other_project_id, team.sample.project_id
    secret_document, secret_code = team.other_ids
    guesses = (
        f"/projects/{other}",
        f"/api/projects/{other}/documents",
        f"/projects/{own}/documents/{secret_document}",
        f"/api/projects/{own}/documents/{secret_document}",
        f"/api/projects/{own}/documents/{secret_document}/text",
        f"/projects/{own}/codebook/{secret_code}",
        f"/api/projects/{own}/codes/{secret_code}",
    )
    with client:
        for path in guesses:
            answer = client.get(path, headers=headers)
            assert answer.status_code == 404, path
            assert SECRET not in answer.text, path
            assert "Otto" not in answer.text, path
        changed = client.post(
            f"/api/projects/{other}/codes", json={"name": "Planted"}, headers=headers
        )
        assert changed.status_code == 404
        assert f"There is no project with id {other}." in changed.text
    assert "Planted" not in team.other_code_names()
