"""POST /api/projects/{id}/code-paths: the palette's "Theme > Code" in one step."""

from __future__ import annotations

from fastapi.testclient import TestClient

from qualframe.storage.database import Database
from row_counts import row_counts
from web.sample_study import SampleStudy


def test_a_new_theme_and_code_are_created_and_the_code_is_answered(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.post(
        f"/api/projects/{sample.project_id}/code-paths", json={"path": ["Belonging", "Being heard"]}
    )
    assert answer.status_code == 201
    code = answer.json()
    assert code["path"] == ["Belonging", "Being heard"]
    assert code["origin"] == "inductive"
    assert sample.project.codebook.get("Belonging").id == code["parent_id"]


def test_an_existing_code_is_a_conflict_and_nothing_is_written(
    client: TestClient, sample: SampleStudy, database: Database
) -> None:
    before = row_counts(database)
    answer = client.post(f"/api/projects/{sample.project_id}/code-paths", json={"path": ["hope"]})
    assert answer.status_code == 409
    assert "There is a code 'Hope' already" in answer.json()["error"]["message"]
    empty = client.post(f"/api/projects/{sample.project_id}/code-paths", json={"path": []})
    assert empty.status_code == 422
    assert row_counts(database) == before
