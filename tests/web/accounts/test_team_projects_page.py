"""The projects of a team server: each person sees theirs; a creator owns theirs."""

from __future__ import annotations

from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from qualframe.vocabulary import ProjectRole
from web.accounts.conftest import log_in


def test_the_projects_page_lists_only_the_accounts_projects(
    new_client, ana: str, boss: str, database: Database
) -> None:
    qualframe.create_project("Boss study", database=database, account="boss")
    person = new_client()
    token = log_in(person, "ana")
    response = person.post("/projects", data={"name": "Ana study", "csrf_token": token})
    assert response.status_code == 303
    page = person.get("/").text
    assert "Ana study" in page and "Boss study" not in page
    mine = qualframe.open_project(database=database, name="Ana study", account="ana")
    assert mine.members.my_role() == ProjectRole.OWNER


def test_another_accounts_project_is_not_found(
    team_client: TestClient, ana: str, boss: str, database: Database
) -> None:
    theirs = qualframe.create_project("Boss study", database=database, account="boss")
    log_in(team_client, "ana")
    response = team_client.get(f"/projects/{theirs.info.id}")
    assert response.status_code == 404
    assert f"There is no project with id {theirs.info.id}." in response.text
