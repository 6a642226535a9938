"""The web application and a busy database: 503 with ``Retry-After`` and a clear
"busy, try again" message (a page or a JSON error), never "a bug"; nothing saved."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from database_locks import locked, waiting_briefly
from qualframe.storage.database import BUSY_MESSAGE, Database
from row_counts import row_counts
from web.sample_study import SampleStudy


def _retry_seconds(answer: object) -> int:
    value = answer.headers.get("retry-after", "")  # type: ignore[attr-defined]
    assert value.isdigit(), f"Retry-After: {value!r}"
    return int(value)


def test_an_api_write_kept_waiting_is_a_503_busy_error(
    client: TestClient, sample: SampleStudy, database: Database, database_url: str
) -> None:
    project_id, hope = sample.project.info.id, sample.project.codebook.get("Hope")
    before = row_counts(database)

    with waiting_briefly(database), locked(database_url, "codes", hope.id):
        answer = client.patch(
            f"/api/projects/{project_id}/codes/{hope.id}", json={"definition": "Forward."}
        )

    assert answer.status_code == 503
    assert answer.json() == {"error": {"type": "BusyError", "message": BUSY_MESSAGE}}
    assert _retry_seconds(answer) > 0
    assert row_counts(database) == before


def test_a_form_post_kept_waiting_shows_a_503_busy_page(
    client: TestClient, sample: SampleStudy, database: Database, database_url: str
) -> None:
    if database.dialect != "sqlite":
        pytest.skip("PostgreSQL locks rows: each form shows a busy row in its own way")
    project_id, hope = sample.project.info.id, sample.project.codebook.get("Hope")
    before = row_counts(database)

    with waiting_briefly(database), locked(database_url, "codes", hope.id):
        answer = client.post(f"/projects/{project_id}/codebook/{hope.id}/retire")

    assert answer.status_code == 503
    assert BUSY_MESSAGE in answer.text
    assert "this is a bug" not in answer.text
    assert _retry_seconds(answer) > 0
    assert row_counts(database) == before
