"""Projects through the JSON API."""

from __future__ import annotations

from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from qualframe.web.app import create_app
from route_recorder import RouteRecorder


def test_a_project_is_created_listed_and_read(client: TestClient) -> None:
    created = client.post("/api/projects", json={"name": "Pilot", "template": "peer-worker-study"})
    assert created.status_code == 201
    info = created.json()
    assert info["name"] == "Pilot"
    assert [p["name"] for p in client.get("/api/projects").json()] == ["Pilot"]
    assert client.get(f"/api/projects/{info['id']}").json()["id"] == info["id"]


def test_an_unknown_template_is_refused_and_nothing_is_created(client: TestClient) -> None:
    answer = client.post("/api/projects", json={"name": "X", "template": "nope"})
    assert answer.status_code == 404
    assert "No study template called 'nope'" in answer.json()["error"]["message"]
    assert client.get("/api/projects").json() == []


def test_an_unknown_project_is_404(client: TestClient) -> None:
    answer = client.get("/api/projects/42")
    assert answer.status_code == 404
    assert answer.json()["error"]["message"] == "There is no project with id 42."


def test_a_local_server_lists_projects_to_a_visitor_not_named_yet(database: Database) -> None:
    qualframe.create_project("Pilot", database=database, user="ana")
    app = create_app(database)  # no default user: visitors name themselves
    app.add_middleware(RouteRecorder)
    with TestClient(app, base_url="http://localhost") as anonymous:
        answer = anonymous.get("/api/projects")
    assert answer.status_code == 200
    assert [project["name"] for project in answer.json()] == ["Pilot"]
