"""Requests from other sites, and to unexpected host names, are refused."""

from __future__ import annotations

from fastapi.testclient import TestClient

from qualframe.project import list_projects
from qualframe.storage.database import Database
from qualframe.web.server.guards import cross_site


def test_a_form_posted_from_another_site_is_refused_and_creates_nothing(
    client: TestClient, database: Database
) -> None:
    answer = client.post(
        "/projects", data={"name": "Evil"}, headers={"Origin": "http://evil.example"}
    )
    assert answer.status_code == 403
    assert answer.json()["error"]["message"] == "Requests from other sites are refused."
    assert list_projects(database=database) == []


def test_a_browser_marked_cross_site_request_is_refused(
    client: TestClient, database: Database
) -> None:
    answer = client.post(
        "/api/projects", json={"name": "Evil"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert answer.status_code == 403
    assert list_projects(database=database) == []


def test_same_site_posts_and_scripts_without_an_origin_are_accepted(client: TestClient) -> None:
    same = client.post(
        "/api/projects", json={"name": "Mine"}, headers={"Origin": "http://localhost"}
    )
    assert same.status_code == 201
    script = client.post("/api/projects", json={"name": "Scripted"})
    assert script.status_code == 201


def test_reading_is_never_refused_whatever_the_origin(client: TestClient) -> None:
    assert client.get("/api/projects", headers={"Origin": "http://elsewhere"}).status_code == 200


def test_a_request_to_an_unknown_host_name_is_refused(client: TestClient) -> None:
    # DNS rebinding: a page on attacker.example resolving to 127.0.0.1.
    answer = client.get("/", headers={"Host": "attacker.example"})
    assert answer.status_code == 400


def test_pages_forbid_scripts_and_connections_to_other_servers(client: TestClient) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_cross_site_rules() -> None:
    assert not cross_site("GET", {"origin": "http://evil", "host": "localhost"})
    assert cross_site("POST", {"origin": "null", "host": "localhost"})
    assert not cross_site("DELETE", {"origin": "http://localhost:8000", "host": "localhost:8000"})
    assert cross_site("DELETE", {"origin": "http://localhost:9000", "host": "localhost:8000"})
