"""Hostile files uploaded through the web (the documents page, the JSON API and the
table import): each is refused with the file, the problem and the limit that
stopped it, and nothing is stored (on SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from tests.formats import hostile_samples as samples
from tests.formats.hostile_samples import HOSTILE_DOCUMENTS, HostileFile

from web.sample_study import SampleStudy

#: The file-size case is left out: the web refuses an upload over ``file_bytes`` while
#: it arrives, before any reader (tests/web/test_body_limit.py).
READ = [h for h in HOSTILE_DOCUMENTS if h.limit != "QUALFRAME_LIMIT_FILE_BYTES"]


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _stored(sample: SampleStudy) -> tuple[int, int]:
    """How many documents and audit entries the project holds."""
    return len(sample.project.documents.documents()), len(sample.project.audit_log())


def _lower(monkeypatch: pytest.MonkeyPatch, hostile: HostileFile) -> None:
    for variable, value in hostile.lowered.items():
        monkeypatch.setenv(variable, value)


@pytest.mark.parametrize("hostile", READ, ids=lambda hostile: hostile.name)
def test_a_hostile_upload_on_the_documents_page_is_refused_and_stores_nothing(
    client: TestClient, sample: SampleStudy, monkeypatch: pytest.MonkeyPatch, hostile: HostileFile
) -> None:
    _lower(monkeypatch, hostile)
    before = _stored(sample)
    pid = sample.project_id
    answer = client.post(
        f"/projects/{pid}/documents/upload",
        files=[("files", (hostile.name, hostile.make(), "application/octet-stream"))],
        headers={"Referer": f"http://localhost/projects/{pid}/documents"},
    )
    assert answer.status_code == 422
    text = _text(answer.text)
    assert "Nothing was imported: the file could not be read." in text
    assert f"File Problem {hostile.name} {hostile.problem}" in text  # the table of failures
    assert f"the limit is {hostile.limit}" in text
    assert _stored(sample) == before


@pytest.mark.parametrize("hostile", READ, ids=lambda hostile: hostile.name)
def test_a_hostile_upload_through_the_api_is_a_422_naming_the_limit(
    client: TestClient, sample: SampleStudy, monkeypatch: pytest.MonkeyPatch, hostile: HostileFile
) -> None:
    _lower(monkeypatch, hostile)
    before = _stored(sample)
    answer = client.post(
        f"/api/projects/{sample.project_id}/documents",
        files=[("files", (hostile.name, hostile.make(), "application/octet-stream"))],
    )
    assert answer.status_code == 422
    message = answer.json()["error"]["message"]
    assert f"{hostile.name}: {hostile.problem}" in message
    assert message.endswith(f"the limit is {hostile.limit}")
    assert _stored(sample) == before


def test_a_zip_bomb_workbook_is_refused_by_the_table_import_page(
    client: TestClient, sample: SampleStudy
) -> None:
    before = _stored(sample)
    answer = client.post(
        f"/projects/{sample.project_id}/documents/import-table",
        files={"file": ("parts.xlsx", samples.many_parts_xlsx(), "application/octet-stream")},
    )
    text = _text(answer.text)
    assert answer.status_code == 422, text[:500]
    assert (
        "parts.xlsx: the workbook unpacked to more than 200 times its compressed size; it may "
        "be a zip bomb; the limit is QUALFRAME_LIMIT_COMPRESSION_RATIO" in text
    )
    assert _stored(sample) == before
