"""Fixtures of the team server's web tests: the application with ``team=True``,
clients over HTTPS (the session cookie is Secure), accounts and logins."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from qualframe.api.accounts import AccountsAPI, open_accounts
from qualframe.storage.database import Database
from qualframe.web.app import create_app
from route_recorder import RouteRecorder

#: The password every test account is created with.
PASSWORD = "correct horse battery"
#: The address test clients reach the team server by (HTTPS: the cookie is Secure).
BASE = "https://localhost"


@pytest.fixture
def team_app(database: Database) -> FastAPI:
    """A team server on this test's database."""
    application = create_app(database, team=True)
    application.add_middleware(RouteRecorder)
    return application


@pytest.fixture
def accounts(database: Database) -> AccountsAPI:
    """The test database's accounts, changed as "admin"."""
    return open_accounts(database, user="admin")


@pytest.fixture
def ana(accounts: AccountsAPI) -> str:
    """An ordinary account "ana" (Ana Costa) with :data:`PASSWORD`; its login."""
    accounts.create("ana", "Ana Costa", PASSWORD)
    return "ana"


@pytest.fixture
def boss(accounts: AccountsAPI) -> str:
    """An administrator "boss" (Bo Boss) with :data:`PASSWORD`; its login."""
    accounts.create("boss", "Bo Boss", PASSWORD, admin=True)
    return "boss"


@pytest.fixture
def new_client(team_app: FastAPI) -> Iterator[Callable[[], TestClient]]:
    """Makes clients of the team server (each its own browser, over HTTPS)."""
    made: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(team_app, base_url=BASE, follow_redirects=False)
        client.__enter__()
        made.append(client)
        return client

    yield make
    for client in made:
        client.__exit__(None, None, None)


@pytest.fixture
def team_client(new_client: Callable[[], TestClient]) -> TestClient:
    """One browser on the team server, not logged in."""
    return new_client()


def log_in(client: TestClient, login: str, password: str = PASSWORD, next: str = "/") -> str:
    """Log ``client`` in through the login form; returns the page's CSRF token."""
    response = client.post("/login", data={"login": login, "password": password, "next": next})
    assert response.status_code == 303, response.text
    return csrf_of(client)


def csrf_of(client: TestClient, path: str = "/account") -> str:
    """The CSRF token the pages of ``client``'s session carry."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', page.text)
    assert found is not None
    return found.group(1)
