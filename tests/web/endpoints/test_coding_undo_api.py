"""A change of a coding may state the code and span it read (``if_unchanged``):
an undo puts the coding back, and a coding changed meanwhile is refused."""

from __future__ import annotations

from fastapi.testclient import TestClient

from web.sample_study import SampleStudy


def _path(sample: SampleStudy) -> str:
    return f"/api/projects/{sample.project_id}/codings/{sample.coding_id}"


def test_a_change_is_undone_by_stating_the_changed_coding(
    client: TestClient, sample: SampleStudy
) -> None:
    before = client.get(_path(sample)).json()
    changed = client.patch(_path(sample), json={"extend": "sentence"}).json()
    assert changed["end"] > before["end"]
    read = {"code_id": changed["code_id"], "start": changed["start"], "end": changed["end"]}
    body = {"code_id": before["code_id"], "start": before["start"], "end": before["end"]}
    undone = client.patch(_path(sample), json={**body, "if_unchanged": read})
    assert undone.status_code == 200
    assert (undone.json()["start"], undone.json()["end"]) == (before["start"], before["end"])


def test_an_undo_of_a_coding_changed_meanwhile_is_refused_and_nothing_changes(
    client: TestClient, sample: SampleStudy
) -> None:
    before = client.get(_path(sample)).json()
    changed = client.patch(_path(sample), json={"extend": "sentence"}).json()
    meanwhile = client.patch(_path(sample), json={"extend": "paragraph"}).json()
    read = {"code_id": changed["code_id"], "start": changed["start"], "end": changed["end"]}
    body = {"code_id": before["code_id"], "start": before["start"], "end": before["end"]}
    refused = client.patch(_path(sample), json={**body, "if_unchanged": read})
    assert refused.status_code == 409
    assert "changed by someone else" in refused.text
    now = client.get(_path(sample)).json()
    assert (now["start"], now["end"]) == (meanwhile["start"], meanwhile["end"])
