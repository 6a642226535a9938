"""The projects list, the first-run welcome, and creating projects."""

from __future__ import annotations

from html import unescape

from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database


def test_the_first_run_welcomes_and_offers_the_template(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Welcome to qualframe" in page.text
    assert "Peer worker roles in mental health services" in page.text


def test_creating_from_the_template_sets_up_the_study_and_opens_it(
    client: TestClient, database: Database
) -> None:
    answer = client.post(
        "/projects", data={"template": "peer-worker-study", "name": "Pilot"}, follow_redirects=False
    )
    assert answer.status_code == 303
    project = qualframe.open_project("Pilot", database=database)
    assert answer.headers["location"] == f"/projects/{project.info.id}"
    assert [a.name for a in project.study.attributes()][:2] == [
        "employer",
        "organisational context",
    ]
    assert len(project.study.cases()) == 10


def test_listed_projects_link_to_their_overview(client: TestClient, database: Database) -> None:
    created = qualframe.create_project("Study A", database=database, description="About A")
    page = client.get("/")
    assert "Your projects" in page.text
    assert f'href="/projects/{created.info.id}"' in page.text
    assert "About A" in page.text


def test_an_empty_project_is_created_with_its_description(
    client: TestClient, database: Database
) -> None:
    client.post("/projects", data={"name": "Mine", "description": "A pilot."})
    project = qualframe.open_project("Mine", database=database)
    assert project.info.description == "A pilot."
    assert project.codebook.tree() == []


def test_the_welcome_offers_the_examples_with_their_sources(client: TestClient) -> None:
    page = client.get("/")
    assert "Example: NHS patient experience comments (real data)" in page.text
    assert "MIT licence" in page.text


def test_an_example_project_is_created_and_opened(client: TestClient, database: Database) -> None:
    answer = client.post("/projects/examples", data={"example": "peer-worker"})
    assert answer.status_code == 200
    assert "Created the example project 'Peer worker study (fictional example)'." in unescape(
        answer.text
    )
    project = qualframe.open_project("Peer worker study (fictional example)", database=database)
    assert len(project.documents.documents()) == 10


def test_an_unknown_example_is_refused_with_a_message(
    client: TestClient, database: Database
) -> None:
    answer = client.post(
        "/projects/examples", data={"example": "nope"}, headers={"Referer": "http://localhost/"}
    )
    assert "No example called 'nope'" in unescape(answer.text)
    assert qualframe.list_projects(database=database) == []
