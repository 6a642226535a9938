"""A case or participant save refused as stale whose row was deleted before the
answer could show it: the plain refusal (409) says so, and nothing is saved."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from qualframe.api.study import StudyAPI
from web.sample_study import SampleStudy


def _api(sample: SampleStudy) -> str:
    return f"/api/projects/{sample.project_id}"


@pytest.mark.parametrize(
    ("kind", "key", "name"), [("cases", "name", "Trust A"), ("participants", "identifier", "P01")]
)
def test_a_stale_save_of_a_row_gone_meanwhile_is_the_plain_refusal(
    client: TestClient,
    sample: SampleStudy,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    key: str,
    name: str,
) -> None:
    rows = client.get(f"{_api(sample)}/{kind}").json()
    row = next(r for r in rows if r[key] == name)
    path = f"{_api(sample)}/{kind}/{row['id']}"
    assert client.patch(
        path, json={"description": "Theirs", "if_version": row["version"]}
    ).is_success
    # The stored row can no longer be listed when the refusal is answered.
    monkeypatch.setattr(StudyAPI, kind, lambda self, *args, **kwargs: [])

    stale = client.patch(path, json={"description": "Mine", "if_version": row["version"]})

    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["type"] == "StaleVersionError"
    assert "was changed by someone else" in error["message"]
    assert "Your change was to" not in error["message"]
    assert "fields" not in error  # no stored row to show beside what was typed
    monkeypatch.undo()
    after = next(r for r in client.get(f"{_api(sample)}/{kind}").json() if r[key] == name)
    assert (after["description"], after["version"]) == ("Theirs", row["version"] + 1)
