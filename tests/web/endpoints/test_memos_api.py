"""Memos through the JSON API, and the Markdown preview."""

from __future__ import annotations

from fastapi.testclient import TestClient

from web.sample_study import SampleStudy


def _api(sample: SampleStudy, path: str = "") -> str:
    return f"/api/projects/{sample.project_id}{path}"


def _titles(client: TestClient, sample: SampleStudy, **params: object) -> list[str]:
    return [memo["title"] for memo in client.get(_api(sample, "/memos"), params=params).json()]


def test_a_memo_on_a_coding_is_written_read_and_listed(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.post(
        _api(sample, "/memos"),
        json={
            "title": "Shared experience first",
            "kind": "analytic",
            "body": "P01 says *trust starts* here.",
            "target_type": "coding",
            "target_id": sample.coding_id,
        },
    )
    assert answer.status_code == 201
    memo = answer.json()
    assert (memo["author"], memo["target_type"], memo["target_id"]) == (
        "tester",
        "coding",
        sample.coding_id,
    )
    assert memo["document_id"] == sample.interview_id
    assert memo["target_label"].startswith(f"coding: #{sample.coding_id} Trust > Shared experience")
    assert client.get(_api(sample, f"/memos/{memo['id']}")).json()["body"] == (
        "P01 says *trust starts* here."
    )
    on_coding = _titles(client, sample, target_type="coding", target_id=sample.coding_id)
    assert on_coding == ["Shared experience first"]


def test_memos_are_filtered_and_ordered(client: TestClient, sample: SampleStudy) -> None:
    client.post(
        _api(sample, "/memos"),
        json={"title": "Access", "kind": "methodological", "body": "Recruiting via Trust A."},
    )
    client.post(
        _api(sample, "/memos"),
        json={
            "title": "Me",
            "kind": "reflexive",
            "target_type": "participant",
            "target_id": sample.project.study.participants()[0].id,
        },
    )
    assert _titles(client, sample) == ["Trust first", "Access", "Me"]
    assert _titles(client, sample, order="newest") == ["Me", "Access", "Trust first"]
    assert _titles(client, sample, order="title") == ["Access", "Me", "Trust first"]
    assert _titles(client, sample, kind="methodological") == ["Access"]
    assert _titles(client, sample, target_type="project") == ["Access"]
    assert _titles(client, sample, target_type="code", target_id=sample.trust_code_id) == [
        "Trust first"
    ]
    assert _titles(client, sample, contains="TRUST A") == ["Access"]
    assert _titles(client, sample, author="someone else") == []


def test_a_memo_is_edited_relinked_and_deleted(client: TestClient, sample: SampleStudy) -> None:
    memo = client.get(_api(sample, "/memos")).json()[0]
    url = _api(sample, f"/memos/{memo['id']}")
    edited = client.patch(
        url, json={"body": "Trust **before** hope.", "kind": "theoretical"}
    ).json()
    assert (edited["kind"], edited["target_type"]) == ("theoretical", "code")
    assert edited["updated_at"] >= memo["updated_at"]
    moved = client.patch(url, json={"target_type": "project"}).json()
    assert (moved["target_type"], moved["target_label"]) == ("project", "project")
    deleted = client.delete(url)
    assert deleted.json()["title"] == "Trust first"
    assert client.get(url).status_code == 404


def test_bad_memos_are_refused_and_nothing_changes(client: TestClient, sample: SampleStudy) -> None:
    empty = client.post(_api(sample, "/memos"), json={"title": "  ", "kind": "analytic"})
    assert empty.status_code == 422
    assert empty.json()["error"]["message"] == "A memo needs a title."
    unknown = client.post(
        _api(sample, "/memos"),
        json={
            "title": "On a gone coding",
            "kind": "analytic",
            "target_type": "coding",
            "target_id": 999,
        },
    )
    assert unknown.status_code == 404
    assert "no coding with id 999" in unknown.json()["error"]["message"]
    no_id = client.post(
        _api(sample, "/memos"), json={"title": "On?", "kind": "analytic", "target_type": "case"}
    )
    assert no_id.status_code == 422
    assert no_id.json()["error"]["message"] == "Give the id of the case the memo is about."
    bad_kind = client.post(_api(sample, "/memos"), json={"title": "X", "kind": "diary"})
    assert bad_kind.status_code == 422
    memo_id = client.get(_api(sample, "/memos")).json()[0]["id"]
    half = client.patch(_api(sample, f"/memos/{memo_id}"), json={"target_id": 3})
    assert half.status_code == 422
    assert _titles(client, sample) == ["Trust first"]
    assert client.get(_api(sample, f"/memos/{memo_id}")).json()["target_type"] == "code"


def test_markdown_is_rendered_without_raw_html(client: TestClient) -> None:
    answer = client.post(
        "/api/markdown",
        json={"text": "# Plan\n\n*Code* <script>alert(1)</script>\n\n| a |\n|---|\n| b |"},
    )
    html = answer.json()["html"]
    assert "<h1>Plan</h1>" in html and "<em>Code</em>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<table>" in html


def test_an_edit_answers_the_new_version_and_a_stale_one_is_refused_with_409(
    client: TestClient, sample: SampleStudy
) -> None:
    memo = client.get(_api(sample, "/memos")).json()[0]
    url = _api(sample, f"/memos/{memo['id']}")
    edited = client.patch(url, json={"body": "First edit.", "if_version": memo["version"]})
    assert edited.json()["version"] == memo["version"] + 1
    assert edited.json()["guid"] == memo["guid"]
    audited = len(sample.project.activity())
    stale = client.patch(url, json={"body": "Second edit.", "if_version": memo["version"]})
    assert stale.status_code == 409
    assert stale.json()["error"]["message"] == (
        "The memo 'Trust first' was changed by someone else since you read it (you read "
        f"version {memo['version']}; it is now at version {memo['version'] + 1}); nothing was "
        "saved. Reload it and make your change again."
    )
    gone = client.delete(url, params={"if_version": memo["version"]})
    assert gone.status_code == 409
    assert client.get(url).json()["body"] == "First edit."
    assert len(sample.project.activity()) == audited
    assert client.delete(url, params={"if_version": memo["version"] + 1}).status_code == 200
