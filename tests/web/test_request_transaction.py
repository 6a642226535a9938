"""One web request is one unit of work: everything a route does through its
project commits together, or, when the route fails, nothing of it is saved."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event

from qualframe.storage.database import Database
from qualframe.web.server.dependencies import ProjectDep
from web.sample_study import SampleStudy


@contextmanager
def transactions(database: Database) -> Iterator[list[str]]:
    """The transactions begun on ``database`` in the block (one entry each)."""
    begun: list[str] = []

    def record(_connection: object) -> None:
        begun.append("begin")

    event.listen(database.engine, "begin", record)
    try:
        yield begun
    finally:
        event.remove(database.engine, "begin", record)


def test_a_page_reads_in_one_transaction(
    client: TestClient, sample: SampleStudy, database: Database
) -> None:
    project_id = sample.project.info.id
    for page in ("", "/codebook", "/matrix", "/documents", "/memos", "/compare"):
        with transactions(database) as begun:
            answer = client.get(f"/projects/{project_id}{page}")
        assert answer.status_code == 200, page
        assert len(begun) == 1, f"{page or 'overview'}: {len(begun)} transactions"


def test_a_form_post_writes_in_one_transaction(
    client: TestClient, sample: SampleStudy, database: Database
) -> None:
    project_id = sample.project.info.id
    with transactions(database) as begun:
        answer = client.post(
            f"/api/projects/{project_id}/memos",
            json={"title": "One request", "kind": "analytic", "body": "…"},
        )
    assert answer.status_code in (200, 201), answer.text
    assert len(begun) == 1


def test_a_route_that_fails_after_writing_saves_nothing(
    app: FastAPI, sample: SampleStudy, database: Database
) -> None:
    @app.post("/api/projects/{project_id}/half-done")
    def half_done(project: ProjectDep) -> None:
        project.codebook.add("Written first")
        raise RuntimeError("then a bug")

    project_id = sample.project.info.id
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        answer = client.post(f"/api/projects/{project_id}/half-done")
    assert answer.status_code == 500
    names = [code.name for code in sample.project.codebook.tree()]
    assert "Written first" not in names
    assert not [e for e in sample.project.activity() if "Written first" in e.summary]


def test_a_route_that_catches_a_user_error_keeps_its_other_work(
    app: FastAPI, sample: SampleStudy
) -> None:
    from qualframe.errors import UserError

    @app.post("/api/projects/{project_id}/partly")
    def partly(project: ProjectDep) -> dict[str, str]:
        project.codebook.add("Kept")
        try:
            project.codebook.add("Kept")  # a clash: this call alone is undone
        except UserError as error:
            return {"error": str(error)}
        return {}

    project_id = sample.project.info.id
    with TestClient(app, base_url="http://localhost") as client:
        answer = client.post(f"/api/projects/{project_id}/partly")
    assert "already" in answer.json()["error"]
    assert [code.name for code in sample.project.codebook.tree()].count("Kept") == 1
