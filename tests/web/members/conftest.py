"""Fixtures of the members and invitation tests: a team server whose project
"Study" has an owner (Olive), an analyst (Anna), a coder (Cody) and a
viewer (Vera), and accounts that are members of nothing (Nina, Nick), each
logging in through ``POST /api/session`` in a browser of their own."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import qualframe
from qualframe.api.accounts import AccountsAPI, open_accounts
from qualframe.storage.database import Database
from qualframe.web.app import create_app
from route_recorder import RouteRecorder

PASSWORD = "correct horse battery staple"
#: login -> (display name, role in the project; None: not a member).
PEOPLE = {
    "olive": ("Olive", "owner"),
    "anna": ("Anna", "analyst"),
    "cody": ("Cody", "coder"),
    "vera": ("Vera", "viewer"),
    "nina": ("Nina", None),
    "nick": ("Nick", None),
}
LINK = re.compile(r"/invite/([A-Za-z0-9_-]+)")


@dataclass
class Team:
    """The team server and its project (opened without an account: unrestricted)."""

    database: Database
    app: FastAPI
    project: qualframe.Project
    accounts: AccountsAPI

    @property
    def project_id(self) -> int:
        """The project's id."""
        return self.project.info.id

    @property
    def members_url(self) -> str:
        """The members page."""
        return f"/projects/{self.project_id}/members"

    def browser(self, login: str | None = None) -> TestClient:
        """A new browser, logged in as ``login`` (None: nobody), its CSRF
        token sent with every request (as the pages' forms and scripts do)."""
        client = TestClient(self.app, base_url="https://testserver", follow_redirects=False)
        if login is not None:
            answer = client.post("/api/session", json={"login": login, "password": PASSWORD})
            assert answer.status_code == 200, answer.text
            client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
        return client

    def roles(self) -> dict[str, str]:
        """Each member's login and role, as stored."""
        return {member.login: member.role.value for member in self.project.members.list()}

    def account_id(self, login: str) -> int:
        """The id of the account called ``login``."""
        return self.accounts.find(login).id

    def invitation_states(self) -> list[str]:
        """The state of each invitation of the project, as stored."""
        return [item.state for item in self.project.members.invitations()]


@pytest.fixture
def team(database: Database) -> Team:
    """The team server (see the module docstring)."""
    accounts = open_accounts(database)
    for login, (name, _role) in PEOPLE.items():
        accounts.create(login, name, PASSWORD)
    project = qualframe.create_project("Study", database=database, user="tester")
    for login, (_name, role) in PEOPLE.items():
        if role is not None:
            project.members.add(login, role)
    app = create_app(database, team=True, allowed_hosts=("testserver",))
    app.add_middleware(RouteRecorder)
    return Team(database, app, project, accounts)


def invitation_token(html: str) -> str:
    """The token of the invitation link a page shows."""
    found = LINK.search(html)
    assert found is not None, "no invitation link on the page"
    return found.group(1)
