"""Memos on a matrix cell through the JSON API (the side panel and the grid's
markers) and the cell page's form (without JavaScript)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from web.sample_study import SampleStudy


def _api(sample: SampleStudy) -> str:
    return f"/api/projects/{sample.project_id}/matrix"


def _cell(sample: SampleStudy, row: str = "P01") -> dict[str, Any]:
    return {"row_kind": "participant", "row": row, "code_id": sample.shared_code_id}


def test_a_memo_written_in_the_panel_is_listed_on_the_cell_and_counted_in_the_grid(
    client: TestClient, sample: SampleStudy
) -> None:
    detail = client.get(_api(sample) + "/cell", params=_cell(sample)).json()
    assert detail["memos"] == [] and detail["cell"]["cell_id"] is None
    answer = client.post(
        _api(sample) + "/cell/memos",
        params=_cell(sample),
        json={
            "title": "Trust before hope",
            "kind": "theoretical",
            "body": "See the *focus group*.",
            "links": [
                {"type": "code", "ref": "Hope"},
                {"type": "document", "ref": "Focus group.txt"},
            ],
        },
    )
    assert answer.status_code == 201, answer.text
    added = answer.json()
    assert added["cell"]["version"] == 1 and added["cell"]["status"] == "empty"
    assert added["memo"]["links"] == ["code: Hope", "document: Focus group.txt"]
    (memo,) = client.get(_api(sample) + "/cell", params=_cell(sample)).json()["memos"]
    assert (memo["title"], memo["kind"], memo["author"]) == (
        "Trust before hope",
        "theoretical",
        "tester",
    )
    assert memo["page"] == f"/projects/{sample.project_id}/memos/{memo['id']}"
    counts = client.get(_api(sample) + "/memos", params={"theme_id": sample.trust_code_id})
    assert counts.json() == [
        {
            "row_kind": "participant",
            "row": "P01",
            "code_id": sample.shared_code_id,
            "cell_id": added["cell"]["cell_id"],
            "memos": 1,
        }
    ]


def test_a_memo_without_a_title_is_refused_and_stores_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    before = len(sample.project.audit_log())
    answer = client.post(_api(sample) + "/cell/memos", params=_cell(sample), json={"title": " "})
    assert answer.status_code == 422
    assert "title" in answer.json()["error"]["message"]
    answer = client.post(
        _api(sample) + "/cell/memos",
        params=_cell(sample),
        json={"title": "Lost", "links": [{"type": "document", "ref": "Nowhere.txt"}]},
    )
    assert answer.status_code == 404
    assert len(sample.project.audit_log()) == before
    assert sample.project.matrix.cell("P01", sample.shared_code_id).cell_id is None


def _page(sample: SampleStudy) -> str:
    cell = f"row_kind=participant&row=P01&code_id={sample.shared_code_id}"
    return f"/projects/{sample.project_id}/matrix/cell?{cell}&theme_id={sample.trust_code_id}"


def test_the_cell_page_lists_its_memos_and_adds_one(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(_page(sample)).text
    assert "Memos on this cell (0)" in page and "No memos on this cell yet." in page
    form = {**_cell(sample), "if_version": 0, "back": _page(sample)}
    action = f"/projects/{sample.project_id}/matrix/cell/memos"
    page = client.post(
        action, data={**form, "title": "Why trust?", "kind": "reflexive", "body": "Ask again."}
    ).text
    assert "Added the memo “Why trust?”. The cell has 1 memo." in page
    assert "Memos on this cell (1)" in page and "Ask again." in page
    assert "reflexive · tester" in page
    page = client.post(action, data={**form, "title": ""}).text
    assert "Nothing was changed." in page
    assert len(sample.project.memos.list(cell=_cell_id(sample))) == 1


def _cell_id(sample: SampleStudy) -> int:
    cell_id = sample.project.matrix.cell("P01", sample.shared_code_id).cell_id
    assert cell_id is not None
    return cell_id
