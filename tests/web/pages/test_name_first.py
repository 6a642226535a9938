"""A web server given no user asks each visitor's name on their first visit,
never taking the operating system's login; nothing is saved before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe import config
from qualframe.project import list_projects
from qualframe.storage.database import Database
from qualframe.web.app import create_app
from route_recorder import RouteRecorder


@pytest.fixture
def anonymous(database: Database) -> Iterator[TestClient]:
    """A client of an application started without a user (as ``qualframe serve``
    is when neither ``--user`` nor ``QUALFRAME_USER`` is given)."""
    application = create_app(database)
    application.add_middleware(RouteRecorder)
    with TestClient(application, base_url="http://localhost") as client:
        yield client


def test_the_first_page_visited_asks_the_name_and_comes_back_after_it(
    anonymous: TestClient, database: Database
) -> None:
    first = anonymous.get("/?tab=all", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/user?next=%2F%3Ftab%3Dall"
    form = anonymous.get(first.headers["location"])
    assert "Who is coding?" in form.text
    assert 'value="None"' not in form.text
    assert "Nobody named yet" in form.text
    named = anonymous.post("/user", data={"name": "Sam (SUR)", "next": "/"}, follow_redirects=False)
    assert named.headers["location"] == "/"
    page = anonymous.get("/")
    assert page.status_code == 200
    assert 'Coding as <strong data-testid="current-user">Sam (SUR)</strong>' in page.text


def test_the_api_refuses_a_change_by_nobody_and_saves_nothing(
    anonymous: TestClient, database: Database
) -> None:
    answer = anonymous.post("/api/projects", json={"name": "By nobody"})
    assert answer.status_code == 401
    error = answer.json()["error"]
    assert error["type"] == "NameNeeded"
    assert "Say who you are first" in error["message"] and "/user" in error["message"]
    assert list_projects(database=database) == []


def test_a_form_sent_by_nobody_goes_to_the_name_form_and_saves_nothing(
    anonymous: TestClient, database: Database
) -> None:
    answer = anonymous.post(
        "/projects",
        data={"name": "By nobody"},
        headers={"Referer": "http://localhost/"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/user?next=%2F"
    assert "Nothing was saved" in anonymous.get(answer.headers["location"]).text
    assert list_projects(database=database) == []


def test_a_named_visitor_s_changes_carry_their_name_not_the_login(
    anonymous: TestClient, database: Database
) -> None:
    anonymous.post("/user", data={"name": "Ann"})
    assert anonymous.post("/api/projects", json={"name": "Named"}).status_code == 201
    log = qualframe.open_project("Named", database=database).audit_log()
    assert list(log["actor"]) == ["Ann"]


def test_a_server_name_counts_only_when_someone_gave_it() -> None:
    assert config.explicit("user", env={}) is None
    assert config.explicit("user", env={"QUALFRAME_USER": "Lead analyst"}) == "Lead analyst"
    assert config.explicit("user", "Sam", env={}) == "Sam"
    assert config.resolve("user", env={}) is not None  # the CLI still signs with the login
