"""The audit log through the JSON API."""

from __future__ import annotations

from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from web.sample_study import SampleStudy


def test_the_log_is_newest_first_and_limited(client: TestClient, sample: SampleStudy) -> None:
    answer = client.get(f"/api/projects/{sample.project_id}/audit", params={"limit": 2})
    entries = answer.json()
    assert [e["action"] for e in entries] == ["memo.create", "coding.create"]
    assert set(entries[0]) == {
        "id",
        "at",
        "actor",
        "action",
        "entity_type",
        "entity_id",
        "summary",
        "details",
    }
    older = client.get(
        f"/api/projects/{sample.project_id}/audit", params={"limit": 1, "offset": 1}
    ).json()
    assert older[0]["id"] == entries[1]["id"]
    oldest = client.get(
        f"/api/projects/{sample.project_id}/audit", params={"limit": 1, "oldest_first": "true"}
    ).json()
    assert oldest[0]["action"] == "project.create"


def test_the_log_is_filtered_by_type_and_actor(
    client: TestClient, sample: SampleStudy, database: Database
) -> None:
    qualframe.open_project("Peer support", database=database, user="Ali").codebook.add("Voice")
    api = f"/api/projects/{sample.project_id}/audit"
    codes = client.get(api, params={"entity_type": "code"}).json()
    assert [e["summary"] for e in codes][:2] == [
        "Created code 'Voice'",
        "Created code 'Boundaries'",
    ]
    by_ali = client.get(api, params={"actor": "Ali"}).json()
    assert [e["actor"] for e in by_ali] == ["Ali"]


def test_a_limit_out_of_range_is_a_422(client: TestClient, sample: SampleStudy) -> None:
    answer = client.get(f"/api/projects/{sample.project_id}/audit", params={"limit": 0})
    assert answer.status_code == 422
    assert "limit" in answer.json()["error"]["message"]
