"""Framework matrices and cells through the JSON API."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from web.sample_study import SampleStudy


def _base(sample: SampleStudy) -> str:
    return f"/api/projects/{sample.project_id}/matrix"


def _cell(sample: SampleStudy, row: str = "P01", code: int | None = None, **extra: Any) -> dict:
    return {"row": row, "code_id": code or sample.shared_code_id, **extra}


def _changes(sample: SampleStudy) -> int:
    """How many cell changes the audit log holds."""
    return len(sample.project.audit_log(entity_type="cell"))


def test_a_matrix_is_built_from_query_parameters(client: TestClient, sample: SampleStudy) -> None:
    answer = client.get(
        _base(sample),
        params={"theme_id": sample.trust_code_id, "columns": "Hope", "group_by": "case"},
    )
    assert answer.status_code == 200
    built = answer.json()
    assert built["rows_of"] == "participants"
    assert [c["path"] for c in built["columns"]] == ["Hope", "Trust > Shared experience"]
    assert built["columns"][0]["definition"] == "Hope for recovery."
    assert [r["key"] for r in built["rows"]] == ["P03", "P01", "P02"]
    groups = {g["label"]: g for g in built["groups"]}
    assert groups["Trust A"]["kind"] == "case" and groups["Trust A"]["participants"] == 2
    assert groups["Trust A"]["cells"][0]["codings"] == 1  # P02's hope
    p01 = built["rows"][1]
    assert p01["attributes"] == {
        "case": "Trust A",
        "employer": "NHS",
        "stakeholder group": "peer worker",
    }
    shared = p01["cells"][1]
    assert shared["status"] == "empty" and shared["status_label"] == "to chart"
    assert (shared["codings"], shared["excerpts"], shared["draftable"]) == (1, 1, True)


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"rows": "participants"}, 422, "Choose the matrix columns"),
        ({"columns": "Despair"}, 404, "no code called 'Despair'"),
        ({"columns": "Hope", "where": "employer"}, 422, "'employer' is not a filter"),
        ({"columns": "Hope", "rows": "teams"}, 422, "not 'teams'"),
    ],
)
def test_a_matrix_that_cannot_be_built_is_explained(
    client: TestClient, sample: SampleStudy, params: dict, status: int, message: str
) -> None:
    answer = client.get(_base(sample), params=params)
    assert answer.status_code == status
    assert message in answer.json()["error"]["message"]


def test_a_cell_comes_with_its_excerpts_and_history(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.get(_base(sample) + "/cell", params=_cell(sample, row_kind="participant"))
    assert answer.status_code == 200
    detail = answer.json()
    assert detail["row"] == {"kind": "participant", "key": "P01", "label": "P01"}
    assert detail["column"]["path"] == "Trust > Shared experience"
    assert detail["cell"]["cell_id"] is None and detail["history"] == []
    (excerpt,) = detail["excerpts"]
    assert excerpt["text"] == "That shared experience"
    assert excerpt["reference"] == "P01 interview, P01, para 2"
    assert excerpt["linked"] is False
    assert excerpt["link"] == (
        f"/projects/{sample.project_id}/documents/{sample.interview_id}"
        f"?start={excerpt['start']}&end={excerpt['end']}#passage"
    )
    assert _changes(sample) == 0  # reading creates nothing


def test_writing_a_summary_then_a_status(client: TestClient, sample: SampleStudy) -> None:
    url = _base(sample) + "/cell/summary"
    cell = client.put(url, params=_cell(sample), json={"summary": "Shared experience."}).json()
    assert (cell["summary"], cell["status"], cell["stored_status"]) == (
        "Shared experience.",
        "draft",
        "draft",
    )
    assert cell["author"] == "tester" and cell["row"] == "P01"
    cell = client.put(
        _base(sample) + "/cell/status", params=_cell(sample), json={"status": "done"}
    ).json()
    assert (cell["summary"], cell["status"]) == ("Shared experience.", "done")
    history = client.get(_base(sample) + "/cell", params=_cell(sample)).json()["history"]
    assert [(h["action"], h["description"], h["status"]) for h in history] == [
        ("write", "wrote the summary", "draft"),
        ("status", "set the status", "done"),
    ]


@pytest.mark.parametrize(
    ("params", "body", "status", "message"),
    [
        ({"row": "P99"}, {"summary": "Text"}, 404, "No participant or case called 'P99'"),
        ({}, {"summary": "Text", "status": "finished"}, 422, "status: Input should be"),
        ({"row_kind": "team"}, {"summary": "Text"}, 422, "row_kind: Input should be"),
        ({"code_id": 99}, {"summary": "Text"}, 404, "There is no code with id 99"),
    ],
)
def test_an_invalid_write_is_refused_and_writes_nothing(
    client: TestClient, sample: SampleStudy, params: dict, body: dict, status: int, message: str
) -> None:
    answer = client.put(_base(sample) + "/cell/summary", params=_cell(sample, **params), json=body)
    assert answer.status_code == status
    assert message in answer.json()["error"]["message"]
    assert _changes(sample) == 0


def test_quotes_are_linked_reordered_and_unlinked(client: TestClient, sample: SampleStudy) -> None:
    project, hope = sample.project, sample.hope_code_id
    focus = int(project.coding.codings(hope)["coding_id"].iloc[0])
    text = project.documents.document(sample.focus_group_id).text
    start = text.index("She had been through it too")
    other = project.coding.apply(sample.focus_group_id, hope, start, start + 27).id
    cell = _cell(sample, "P02", hope)
    url = _base(sample) + "/cell/quotes"
    linked = client.post(url, params=cell, json={"coding_id": focus})
    assert linked.status_code == 201
    assert [q["coding_id"] for q in linked.json()["quotes"]] == [focus]
    client.post(url, params=cell, json={"coding_id": other})
    again = client.post(url, params=cell, json={"coding_id": other})
    assert again.status_code == 409 and "already quoted" in again.json()["error"]["message"]
    order = client.put(url, params=cell, json={"coding_ids": [other, focus]}).json()
    assert [q["coding_id"] for q in order["quotes"]] == [other, focus]
    assert order["quotes"][0]["reference"] == "Focus group, Sam, para 2"
    wrong = client.put(url, params=cell, json={"coding_ids": [other]})
    assert wrong.status_code == 422 and "Give every quote" in wrong.json()["error"]["message"]
    left = client.delete(f"{url}/{other}", params=cell).json()
    assert [q["coding_id"] for q in left["quotes"]] == [focus]
    detail = client.get(_base(sample) + "/cell", params=cell).json()
    assert {e["coding_id"]: e["linked"] for e in detail["excerpts"]} == {
        other: False,
        focus: True,
    }
    missing = client.delete(f"{url}/{other}", params=cell)
    assert missing.status_code == 404


def test_a_quote_outside_the_row_is_refused(client: TestClient, sample: SampleStudy) -> None:
    focus = int(sample.project.coding.codings(sample.hope_code_id)["coding_id"].iloc[0])
    answer = client.post(
        _base(sample) + "/cell/quotes",
        params=_cell(sample, "P01", sample.hope_code_id),
        json={"coding_id": focus},
    )
    assert answer.status_code == 422
    assert "spoken by P02, who is not in the row" in answer.json()["error"]["message"]
    assert _changes(sample) == 0


def test_a_group_cell_is_named_by_its_key(client: TestClient, sample: SampleStudy) -> None:
    group = _cell(sample, "stakeholder group=service user", sample.hope_code_id, row_kind="group")
    detail = client.get(_base(sample) + "/cell", params=group).json()
    assert detail["row"]["label"] == "service user"
    assert detail["cell"]["participants"] == 1
    cell = client.put(
        _base(sample) + "/cell/summary", params=group, json={"summary": "Hope.", "status": "draft"}
    ).json()
    assert (cell["row_kind"], cell["row"], cell["status"]) == (
        "group",
        "stakeholder group=service user",
        "draft",
    )


def test_sub_codes_count_when_the_matrix_includes_them(
    client: TestClient, sample: SampleStudy
) -> None:
    trust = _cell(sample, "P01", sample.trust_code_id)
    plain = client.get(_base(sample) + "/cell", params=trust).json()
    assert (plain["cell"]["codings"], plain["excerpts"]) == (0, [])
    wide = client.get(_base(sample) + "/cell", params={**trust, "include_subcodes": True}).json()
    assert wide["cell"]["codings"] == 1
    assert wide["excerpts"][0]["code_path"] == "Trust > Shared experience"


def test_drafting_a_cell_and_a_matrix(client: TestClient, sample: SampleStudy) -> None:
    report = client.post(_base(sample) + "/cell/draft", params=_cell(sample)).json()
    drafted = report.pop("cell")
    assert report == {"drafted": 1, "skipped": 0, "without_data": 0, "quotes_linked": 1}
    assert (drafted["status"], drafted["version"], drafted["quote_ids"]) == (
        "draft",
        1,
        [sample.coding_id],
    )
    spec = {"column_id": [sample.hope_code_id, sample.shared_code_id]}
    report = client.post(_base(sample) + "/draft", json={"spec": spec}).json()
    assert (report["drafted"], report["skipped"]) == (1, 1)  # P02's hope; P01's is charted
    assert report["cell"] is None
    summary = sample.project.matrix.cell("P02", sample.hope_code_id).summary
    assert summary == "- “It gave me hope.” (Focus group, Sam)"


def test_drafting_only_cells_outside_the_matrix_is_refused(
    client: TestClient, sample: SampleStudy
) -> None:
    body = {
        "spec": {"column_id": [sample.hope_code_id], "where": {"employer": "NHS"}},
        "cells": [{"row": "P03", "code_id": sample.hope_code_id}],
    }
    answer = client.post(_base(sample) + "/draft", json=body)
    assert answer.status_code == 422
    assert "is not in this matrix" in answer.json()["error"]["message"]
    assert _changes(sample) == 0


def test_exports_download_the_matrix_in_each_format(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.matrix.write_summary("P01", sample.shared_code_id, "Sharing builds trust.")
    params = {"theme_id": sample.trust_code_id, "group_by": "case"}
    xlsx = client.get(_base(sample) + "/export", params=params)
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    disposition = xlsx.headers["content-disposition"]
    assert 'filename="peer-support_framework-matrix_rows-participants-theme-id-' in disposition
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert any("Sharing builds trust." in str(v) for v in cells)
    csv = client.get(_base(sample) + "/export", params={**params, "format": "csv"})
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert "Sharing builds trust." in csv.content.decode("utf-8-sig")
    counts = client.get(_base(sample) + "/export", params={**params, "format": "csv", "counts": 1})
    lines = counts.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "group,participant,Trust > Shared experience"
    assert "Trust A,P01,1" in lines
    html = client.get(_base(sample) + "/export", params={**params, "format": "html"})
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert "Sharing builds trust." in html.text


def test_an_unknown_export_format_is_refused(client: TestClient, sample: SampleStudy) -> None:
    answer = client.get(
        _base(sample) + "/export", params={"theme_id": sample.trust_code_id, "format": "pdf"}
    )
    assert answer.status_code == 422
    assert "format" in answer.json()["error"]["message"]


# ---------------------------------------------------------------- versions

STALE = "was changed by someone else since you read it"


def test_a_write_states_the_version_read_and_answers_the_new_one(
    client: TestClient, sample: SampleStudy
) -> None:
    cell, url = _cell(sample), _base(sample) + "/cell"
    shown = client.get(url, params=cell).json()["cell"]
    assert (shown["version"], shown["guid"], shown["cell_id"]) == (0, None, None)
    written = client.put(
        url + "/summary", params=cell, json={"summary": "Shared first.", "if_version": 0}
    ).json()
    assert written["version"] == 1 and written["guid"]
    assert written["codings"] == 1  # the answer is the cell as the matrix shows it
    status = client.put(url + "/status", params=cell, json={"status": "draft", "if_version": 1})
    assert status.json()["version"] == 2
    linked = client.post(
        url + "/quotes", params=cell, json={"coding_id": sample.coding_id, "if_version": 2}
    ).json()
    assert linked["version"] == 3
    order = client.put(
        url + "/quotes", params=cell, json={"coding_ids": [sample.coding_id], "if_version": 3}
    ).json()
    assert order["version"] == 4
    left = client.delete(
        f"{url}/quotes/{sample.coding_id}", params={**cell, "if_version": 4}
    ).json()
    assert (left["version"], left["quotes"], left["guid"]) == (5, [], written["guid"])


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/summary", {"summary": "Mine."}),
        ("PUT", "/status", {"status": "no_data"}),
        ("POST", "/quotes", {"coding_id": 0}),
        ("PUT", "/quotes", {"coding_ids": []}),
        ("DELETE", "/quotes/{coding}", None),
        ("POST", "/draft", {}),
    ],
)
def test_a_write_from_a_stale_version_is_a_conflict_and_saves_nothing(
    client: TestClient, sample: SampleStudy, method: str, path: str, body: dict | None
) -> None:
    sample.project.matrix.write_summary("P01", sample.shared_code_id, "Theirs.")
    cell = _cell(sample)
    before = _changes(sample)
    target = _base(sample) + "/cell" + path.format(coding=sample.coding_id)
    if body is None:
        answer = client.request(method, target, params={**cell, "if_version": 0})
    else:
        sent = {**body, "coding_id": sample.coding_id} if "coding_id" in body else body
        answer = client.request(method, target, params=cell, json={**sent, "if_version": 0})
    assert answer.status_code == 409
    error = answer.json()["error"]
    assert error["type"] == "StaleVersionError"
    assert error["message"] == (
        "The cell P01 × 'Trust > Shared experience' was changed by someone else since you "
        "read it (you read version 0; it is now at version 1); nothing was saved. Reload it "
        "and make your change again."
    )
    assert _changes(sample) == before
    assert sample.project.matrix.cell("P01", sample.shared_code_id).summary == "Theirs."


def test_a_negative_version_is_not_valid(client: TestClient, sample: SampleStudy) -> None:
    answer = client.put(
        _base(sample) + "/cell/summary",
        params=_cell(sample),
        json={"summary": "Text", "if_version": -1},
    )
    assert answer.status_code == 422
    assert "if_version" in answer.json()["error"]["message"]


def test_a_new_summary_is_a_draft_until_marked_done(
    client: TestClient, sample: SampleStudy
) -> None:
    written = client.put(
        f"{_base(sample)}/cell/summary",
        params=_cell(sample),
        json={"summary": "Trust from shared experience.", "if_version": 0},
    )
    assert written.status_code == 200
    assert (written.json()["status"], written.json()["version"]) == ("draft", 1)
    done = client.put(
        f"{_base(sample)}/cell/status",
        params=_cell(sample),
        json={"status": "done", "if_version": 1},
    )
    assert (done.json()["status"], done.json()["summary"]) == (
        "done",
        "Trust from shared experience.",
    )
    assert sample.project.matrix.cell("P01", sample.shared_code_id).status.value == "done"
