"""Errors reach people as clear messages; nothing is written."""

from __future__ import annotations

from fastapi.testclient import TestClient

from qualframe.project import list_projects
from qualframe.storage.database import Database


def test_an_api_user_error_is_json_with_a_fitting_status(client: TestClient) -> None:
    client.post("/api/projects", json={"name": "Twice"})
    answer = client.post("/api/projects", json={"name": "Twice"})
    assert answer.status_code == 409
    assert answer.json() == {
        "error": {"type": "ConflictError", "message": "A project called 'Twice' exists already."}
    }


def test_an_invalid_api_body_names_the_field(client: TestClient) -> None:
    answer = client.post("/api/projects", json={"description": "no name"})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["type"] == "RequestValidationError"
    assert "name" in error["message"]


def test_a_failed_form_goes_back_to_its_page_with_the_message(
    client: TestClient, database: Database
) -> None:
    answer = client.post("/projects", data={"name": "  "}, headers={"Referer": "http://localhost/"})
    assert answer.status_code == 200
    assert answer.url.path == "/"
    assert "Nothing was changed." in answer.text
    assert "A project needs a name." in answer.text
    assert list_projects(database=database) == []


def test_the_message_is_shown_once(client: TestClient) -> None:
    client.post("/projects", data={"name": ""}, headers={"Referer": "http://localhost/"})
    assert "A project needs a name." not in client.get("/").text


def test_a_failed_form_without_a_referer_shows_an_error_page(client: TestClient) -> None:
    answer = client.post("/projects", data={"name": ""})
    assert answer.status_code == 422
    assert "A project needs a name." in answer.text


def test_an_unknown_page_is_a_404_page(client: TestClient) -> None:
    answer = client.get("/projects/999")
    assert answer.status_code == 404
    assert "There is no project with id 999." in answer.text
    assert client.get("/no/such/page").status_code == 404


def test_a_bug_is_reported_as_a_bug_without_details(app, database: Database) -> None:
    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        answer = client.get("/api/boom")
    assert answer.status_code == 500
    assert answer.json()["error"]["type"] == "InternalError"
    assert "secret internals" not in answer.text
