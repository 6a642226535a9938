"""The "coding done" mark in the web: the documents list's button, its JSON API
twin, and what the saturation page says of documents not coded or not done."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from services.comparison_study import build_study
from web.sample_study import SampleStudy


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _status(project: qualframe.Project) -> dict[str, tuple[str, str | None]]:
    return {p.document: (p.status, p.done_by) for p in project.documents.coding_progress()}


def _mark(client: TestClient, pid: int, document_id: int, **data: str) -> Any:
    return client.post(
        f"/projects/{pid}/documents/{document_id}/coding-done",
        data=data,
        headers={"Referer": f"http://localhost/projects/{pid}/documents"},
    )


def test_the_documents_list_marks_a_documents_coding_done_and_undoes_it(
    client: TestClient, sample: SampleStudy
) -> None:
    pid, doc = sample.project_id, sample.interview_id
    listing = client.get(f"/projects/{pid}/documents")
    assert "Mark the coding of P01 interview.txt done" in _text(listing.text)
    version = sample.project.documents.info(doc).version

    marked = _mark(client, pid, doc, done="true", if_version=str(version))

    assert marked.status_code == 200  # followed the 303 to the list
    assert "The coding of 'P01 interview.txt' is marked done." in unescape(marked.text)
    assert _status(sample.project)["P01 interview.txt"] == ("done", "tester")
    row = _text(marked.text.split(f'id="document-row-{doc}"', 1)[1].split("</tr>", 1)[0])
    assert "Done tester," in row and "Undo the mark “coding done” of P01 interview.txt" in row
    undone = _mark(client, pid, doc, done="false", if_version=str(version + 1))
    assert "is no longer marked done" in unescape(undone.text)
    assert _status(sample.project)["P01 interview.txt"] == ("in progress", None)


def test_the_document_view_marks_its_coding_done_and_comes_back(
    client: TestClient, sample: SampleStudy
) -> None:
    pid, doc = sample.project_id, sample.focus_group_id
    view = f"/projects/{pid}/documents/{doc}"
    fact = _text(client.get(view).text.split('data-testid="coding-done-fact"', 1)[1])
    assert fact.startswith("> Coding not marked done Mark coding done")
    version = sample.project.documents.info(doc).version

    marked = _mark(client, pid, doc, done="true", if_version=str(version), back=view)

    assert str(marked.url).endswith(view)
    assert "The coding of 'Focus group.txt' is marked done." in unescape(marked.text)
    fact = _text(marked.text.split('data-testid="coding-done-fact"', 1)[1].split("</li>", 1)[0])
    assert fact.startswith("> Coding done (tester,")
    assert "Undo the mark “coding done”" in fact
    elsewhere = _mark(client, pid, doc, done="false", back="https://example.org/")
    assert str(elsewhere.url).endswith(f"/projects/{pid}/documents#document-row-{doc}")
    assert _status(sample.project)["Focus group.txt"] == ("in progress", None)


def test_a_stale_coding_done_form_is_refused_and_nothing_is_marked(
    client: TestClient, sample: SampleStudy
) -> None:
    pid, doc = sample.project_id, sample.interview_id
    version = sample.project.documents.info(doc).version
    sample.project.documents.set_position(doc, 4)  # someone else, meanwhile

    refused = _mark(client, pid, doc, done="true", if_version=str(version))

    assert "was changed by someone else since you read it" in unescape(refused.text)
    assert _status(sample.project)["P01 interview.txt"] == ("in progress", None)


def test_the_api_lists_progress_and_marks_with_a_version(
    client: TestClient, sample: SampleStudy
) -> None:
    pid, doc = sample.project_id, sample.interview_id
    listed = client.get(f"/api/projects/{pid}/coding-progress").json()
    assert {row["document"]: row["status"] for row in listed} == {
        "Focus group.txt": "in progress",
        "P01 interview.txt": "in progress",
    }
    version = next(row["version"] for row in listed if row["document_id"] == doc)
    url = f"/api/projects/{pid}/documents/{doc}/coding-done"

    stale = client.put(url, json={"done": True, "if_version": version - 1})
    marked = client.put(url, json={"done": True, "if_version": version})

    assert stale.status_code == 409
    assert marked.status_code == 200, marked.text
    body = marked.json()
    assert (body["status"], body["done_by"], body["version"]) == ("done", "tester", version + 1)
    assert client.put(url, json={"done": "perhaps"}).status_code == 422
    assert _status(sample.project)["P01 interview.txt"] == ("done", "tester")


# ---------------------------------------------------------------- the saturation page


@pytest.fixture
def study(database: Database) -> qualframe.Project:
    """The hand-checked comparison study: interview-4 and interview-5 are not coded."""
    project = qualframe.create_project("Comparisons", database=database, user="tester")
    build_study(project)
    return project


def test_the_saturation_page_leaves_out_uncoded_documents_and_flags_the_others(
    client: TestClient, study: qualframe.Project
) -> None:
    study.documents.mark_coding_done("interview-2")
    study.documents.mark_coding_done("interview-3")

    page = client.get(f"/projects/{study.info.id}/compare/saturation")

    assert page.status_code == 200
    text = _text(page.text)
    assert "Not yet coded, left out of the curve: interview-4, interview-5." in text
    assert "Coded but not marked “coding done”: interview-1, notes." in text
    # The table: step, document, coding, text coded, codings, codes, new, new codes, so far.
    assert "1 interview-2 ✓ done 9% 1 1 1 Trust 1" in text
    assert "3 interview-1 ! not marked done 42% 3 3 2 Hope; Hope > Future 4" in text
    assert "interview-4 ! not" not in text and " 5 interview-" not in text
    assert (
        "4 codes in 4 documents; the last new code came with document 3, and the 1 document "
        "since brought none, but 1 of them is not marked “coding done” and may still bring some."
    ) in text
    api = client.get(f"/api/projects/{study.info.id}/compare/saturation").json()
    assert (api["not_coded"], api["in_progress"]) == (
        ["interview-4", "interview-5"],
        ["interview-1", "notes"],
    )


def test_a_saturation_page_with_nothing_coded_says_the_curve_has_not_started(
    client: TestClient, database: Database
) -> None:
    project = qualframe.create_project("Fresh", database=database, user="tester")
    project.documents.import_bytes("first.txt", b"The first interview, not coded yet.")

    page = client.get(f"/projects/{project.info.id}/compare/saturation")

    text = _text(page.text)
    assert "Not yet coded, left out of the curve: first.txt." in text
    assert "no document coded yet: the curve starts with the first coded document." in text
    assert 'data-testid="saturation-chart"' not in page.text
    chart = client.get(f"/api/projects/{project.info.id}/compare/saturation/chart.svg")
    assert chart.status_code == 200 and "<svg" in chart.text
