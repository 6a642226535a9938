"""Naming who codes in this browser."""

from __future__ import annotations

from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database


def test_changes_are_attributed_to_the_name_the_visitor_gives(
    client: TestClient, database: Database
) -> None:
    assert "tester" in client.get("/user").text
    answer = client.post("/user", data={"name": "  Zoë   (SUR) ", "next": "/"})
    assert "You are coding as Zoë (SUR)." in answer.text
    client.post("/api/projects", json={"name": "Named"})
    log = qualframe.open_project("Named", database=database).audit_log()
    assert list(log["actor"]) == ["Zoë (SUR)"]


def test_an_empty_name_is_refused_and_nothing_changes(client: TestClient) -> None:
    answer = client.post("/user", data={"name": " "}, headers={"Referer": "http://localhost/user"})
    assert "Please give a name" in answer.text
    assert 'Coding as <strong data-testid="current-user">tester</strong>' in answer.text


def test_the_next_page_is_always_on_this_site(client: TestClient) -> None:
    answer = client.post(
        "/user", data={"name": "Sam", "next": "//evil.example/x"}, follow_redirects=False
    )
    assert answer.headers["location"] == "/"


def test_a_cookie_naming_nobody_storable_is_ignored_not_an_error_on_every_page(
    client: TestClient, database: Database
) -> None:
    client.cookies.set("qualframe_user", "Sam%00Smith")
    page = client.get("/")
    assert page.status_code == 200
    assert 'Coding as <strong data-testid="current-user">tester</strong>' in page.text
    client.post("/api/projects", json={"name": "Still works"})
    log = qualframe.open_project("Still works", database=database).audit_log()
    assert list(log["actor"]) == ["tester"]
