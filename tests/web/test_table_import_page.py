"""Importing a table of utterances in the web: upload, map the columns, preview
the first documents (nothing written), then import or cancel; plus an
accessibility check of the page in a real browser."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database

TABLE = (
    "Interview,Turn,Speaker,Utterance text,Site,Themes\n"
    "FG1,2,P01,It helped me.,North,Trust;Hope\n"
    "FG2,1,Interviewer,Welcome.,South,\n"
    "FG1,1,Interviewer,What helped?,North,\n"
)
USES = {
    "Interview": "document",
    "Turn": "order",
    "Speaker": "speaker",
    "Utterance text": "text",
    "Site": "attribute",
    "Themes": "code",
}


@pytest.fixture
def project(database: Database) -> qualframe.Project:
    return qualframe.create_project("Study", database=database, user="tester")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _upload(client: TestClient, pid: int, name: str, data: bytes) -> Any:
    return client.post(
        f"/projects/{pid}/documents/import-table", files={"file": (name, data, "text/csv")}
    )


def _token(html: str) -> str:
    found = re.search(r'name="token" value="([0-9a-f]{32})"', html)
    assert found, "the page keeps no upload"
    return found.group(1)


def _mapping(token: str, uses: dict[str, str]) -> dict[str, Any]:
    return {"token": token, "column": list(uses), "use": list(uses.values())}


def _state(project: qualframe.Project) -> tuple[object, ...]:
    return (
        project.documents.document_list(),
        project.codebook.tree(),
        project.study.attributes(),
        len(project.audit_log()),
    )


def test_the_page_offers_a_file_upload(client: TestClient, project: qualframe.Project) -> None:
    response = client.get(f"/projects/{project.info.id}/documents/import-table")

    assert response.status_code == 200
    assert "Import a table of utterances" in response.text
    assert 'type="file"' in response.text
    assert 'accept=".csv,.tsv,.txt,.xlsx,.xlsm"' in response.text


def test_an_upload_lists_its_columns_with_guessed_uses(
    client: TestClient, project: qualframe.Project
) -> None:
    response = _upload(client, project.info.id, "groups.csv", TABLE.encode())

    assert response.status_code == 200
    text = _text(response.text)
    assert "What each column of groups.csv holds" in text
    assert "Utterance text It helped me." in text  # column and its first value
    selected = re.findall(
        r'<select id="use-\d+" name="use">.*?<option value="(\w*)" selected', response.text, re.S
    )
    assert selected == ["document", "order", "speaker", "text", "", ""]
    assert project.documents.document_list() == []


def test_a_preview_shows_the_first_documents_and_writes_nothing(
    client: TestClient, project: qualframe.Project
) -> None:
    pid = project.info.id
    token = _token(_upload(client, pid, "groups.csv", TABLE.encode()).text)
    before = _state(project)

    preview = client.post(
        f"/projects/{pid}/documents/import-table/preview", data=_mapping(token, USES)
    )

    assert preview.status_code == 200
    text = _text(preview.text)
    assert "Would import 2 documents (3 turns) from groups.csv; 1 attribute; 2 codes" in text
    assert "FG1 Site: North" in text
    assert "P01 P01: It helped me. Themes > Trust; Themes > Hope" in text
    assert 'data-testid="confirm-import"' in preview.text
    assert _state(project) == before


def test_confirming_imports_the_previewed_table(
    client: TestClient, project: qualframe.Project
) -> None:
    pid = project.info.id
    token = _token(_upload(client, pid, "groups.csv", TABLE.encode()).text)

    done = client.post(
        f"/projects/{pid}/documents/import-table/confirm", data=_mapping(token, USES)
    )

    assert done.status_code == 200 and done.url.path == f"/projects/{pid}/documents"
    assert "Imported 2 documents (3 turns) from groups.csv" in _text(done.text)
    assert [d.name for d in project.documents.document_list()] == ["FG1", "FG2"]
    again = client.post(
        f"/projects/{pid}/documents/import-table/confirm", data=_mapping(token, USES)
    )
    assert "please choose the file again" in _text(again.text)  # the upload is gone


def test_cancelling_forgets_the_upload(client: TestClient, project: qualframe.Project) -> None:
    pid = project.info.id
    token = _token(_upload(client, pid, "groups.csv", TABLE.encode()).text)

    done = client.post(f"/projects/{pid}/documents/import-table/cancel", data=_mapping(token, USES))

    assert "Nothing was imported." in _text(done.text)
    preview = client.post(
        f"/projects/{pid}/documents/import-table/preview", data=_mapping(token, USES)
    )
    assert preview.status_code == 422 and "please choose the file again" in preview.text


@pytest.mark.parametrize(
    ("uses", "message"),
    [
        (
            {**USES, "Utterance text": ""},
            "groups.csv: choose the text column",
        ),
        (
            {**USES, "Site": "text"},
            "Only one column can be the text column; you chose 'Utterance text' and 'Site'.",
        ),
        (
            {**USES, "Speaker": "attribute"},
            "groups.csv, line 4: the attribute column 'Speaker' has two values for the "
            "document 'FG1': 'P01' (row 2) and 'Interviewer'",
        ),
    ],
)
def test_a_mapping_that_cannot_work_is_explained_and_nothing_is_written(
    client: TestClient, project: qualframe.Project, uses: dict[str, str], message: str
) -> None:
    pid = project.info.id
    token = _token(_upload(client, pid, "groups.csv", TABLE.encode()).text)
    before = _state(project)

    preview = client.post(
        f"/projects/{pid}/documents/import-table/preview", data=_mapping(token, uses)
    )

    assert preview.status_code == 422
    assert message in _text(preview.text)
    assert 'data-testid="mapping-form"' in preview.text  # the mapping can be changed
    assert _state(project) == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.pdf", b"%PDF-1.4", "notes.pdf: files ending in '.pdf' are not tables"),
        ("empty.csv", b"", "empty.csv: the file is empty"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused_on_the_page(
    client: TestClient, project: qualframe.Project, name: str, data: bytes, message: str
) -> None:
    response = _upload(client, project.info.id, name, data)

    assert response.status_code == 422
    assert message in _text(response.text)
    assert project.documents.document_list() == []
