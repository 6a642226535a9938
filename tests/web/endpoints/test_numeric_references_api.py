"""Names made of digits through the JSON API: a name parameter takes names, an
``_id`` parameter ids, and nothing is guessed from digits (issue 9, §5).

In the numbered study (see :class:`web.sample_study.NumberedStudy`) the
participant "1" has id 3, id 1 is the participant "3", the document "103"
and the code "7", and id 7 is the code "Trust": a digit read as an id picks
another object.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from web.sample_study import NumberedStudy


def _api(study: NumberedStudy, path: str) -> str:
    return f"/api/projects/{study.project_id}{path}"


def _codings(client: TestClient, study: NumberedStudy, **params: Any) -> list[tuple[str, ...]]:
    """(document, participant, code) of each coding the listing answers."""
    answer = client.get(_api(study, "/codings"), params=params)
    assert answer.status_code == 200, answer.text
    return [(row["document"], row["participant"], row["code"]) for row in answer.json()]


def test_codings_by_participant_name_and_by_participant_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    assert _codings(client, numbered, participant="1") == [("101", "1", "Trust")]
    assert _codings(client, numbered, participant_id=1) == [
        ("103", "3", "7"),
        ("103", "3", "Trust"),
    ]
    assert _codings(client, numbered, participant_id=numbered.people["1"]) == [
        ("101", "1", "Trust")
    ]
    both = _codings(client, numbered, participant="2", participant_id=3)
    assert both == [("102", "2", "Hope"), ("101", "1", "Trust")]


def test_codings_by_document_case_and_code_name_and_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    assert _codings(client, numbered, document="101") == [("101", "1", "Trust")]
    assert {d for d, _, _ in _codings(client, numbered, document_id=1)} == {"103"}
    assert {p for _, p, _ in _codings(client, numbered, case="1")} == {"2", "1"}
    assert {p for _, p, _ in _codings(client, numbered, case_id=1)} == {"3"}
    assert _codings(client, numbered, code="7") == [("103", "3", "7")]
    assert {c for _, _, c in _codings(client, numbered, code_id=7)} == {"Trust"}
    assert _codings(client, numbered, code_id=numbered.codes["7"]) == [("103", "3", "7")]


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"participant_id": "one"}, 422, "participant_id"),
        ({"document_id": "101.txt"}, 422, "document_id"),
        ({"document": "1"}, 404, "'1'"),  # no document is called "1": no id is guessed
        ({"participant": "7"}, 404, "'7'"),
        ({"code": "Trust", "code_id": 7}, 422, "not both"),
    ],
)
def test_a_name_is_never_an_id_nor_an_id_a_name(
    client: TestClient, numbered: NumberedStudy, params: dict, status: int, message: str
) -> None:
    answer = client.get(_api(numbered, "/codings"), params=params)
    assert answer.status_code == status, answer.text
    assert message in answer.text


def test_a_documents_codings_by_code_name_and_by_code_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    url = _api(numbered, f"/documents/{numbered.documents['103']}/codings")
    assert [c["code"] for c in client.get(url, params={"code": "7"}).json()] == ["7"]
    assert [c["code"] for c in client.get(url, params={"code_id": 7}).json()] == ["Trust"]
    assert [c["code"] for c in client.get(url, params={"code_id": 1}).json()] == ["7"]


def test_the_search_by_document_name_and_by_document_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    url = _api(numbered, "/search")
    by_name = client.get(url, params={"q": "river", "document": "101"}).json()
    assert [hit["document"] for hit in by_name["hits"]] == ["101"]
    by_id = client.get(url, params={"q": "river", "document_id": 1}).json()
    assert [(hit["document"], hit["participant"]) for hit in by_id["hits"]] == [("103", "3")]
    both = client.get(url, params={"q": "river", "document": "102", "document_id": 3}).json()
    assert sorted(hit["document"] for hit in both["hits"]) == ["101", "102"]


def test_coding_all_hits_by_code_and_document_name_and_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    url = _api(numbered, "/search/code-all-hits")
    base = {"query": "river", "spread": "match", "preview": True}
    by_name = client.post(url, json={**base, "code": "7", "documents": ["101"]}).json()
    assert (by_name["code"], by_name["documents"], by_name["spans"]) == ("7", 1, 1)
    by_id = client.post(url, json={**base, "code_id": 7, "document_ids": [1]}).json()
    assert (by_id["code"], by_id["documents"]) == ("Trust", 1)
    nothing = client.post(url, json=base)
    assert nothing.status_code == 422
    assert "Say which code to apply" in nothing.json()["error"]["message"]


def test_the_matrix_columns_by_code_name_and_by_code_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    url = _api(numbered, "/matrix")
    by_name = client.get(url, params={"columns": "7"}).json()
    assert [c["path"] for c in by_name["columns"]] == ["7"]
    assert {r["key"]: r["cells"][0]["codings"] for r in by_name["rows"]} == {
        "1": 0,
        "2": 0,
        "3": 1,
    }
    by_id = client.get(url, params={"column_id": 7}).json()
    assert [c["path"] for c in by_id["columns"]] == ["Trust"]
    both = client.get(url, params={"columns": "Hope", "column_id": [7, 1]}).json()
    assert [c["path"] for c in both["columns"]] == ["Hope", "Trust", "7"]


def test_a_matrix_cell_by_row_name_and_code_name_or_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    url = _api(numbered, "/matrix/cell")
    cell = {"row_kind": "participant", "row": "1"}
    by_name = client.get(url, params={**cell, "code": "7"}).json()
    assert (by_name["row"]["key"], by_name["column"]["path"]) == ("1", "7")
    assert by_name["cell"]["codings"] == 0
    by_id = client.get(url, params={**cell, "code_id": 7}).json()
    assert (by_id["column"]["path"], by_id["cell"]["codings"]) == ("Trust", 1)
    neither = client.get(url, params=cell)
    assert neither.status_code == 422
    draft = client.post(
        _api(numbered, "/matrix/draft"),
        json={"spec": {"columns": ["7"]}, "cells": [{"row": "3", "code": "7"}]},
    ).json()
    assert draft["drafted"] == 1
    assert numbered.project.matrix.cell("3", "7").summary


def test_a_comparison_by_code_name_and_by_code_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    url = _api(numbered, "/compare/code")
    by_name = client.get(url, params={"code": "7", "by": "site"}).json()
    assert by_name["codes"] == ["7"]
    north = {row["group"]: row["participants_coded"] for row in by_name["tables"][0]["rows"]}
    assert north == {"north": 1, "south": 0}
    by_id = client.get(url, params={"code_id": 7, "by": "site"}).json()
    assert by_id["codes"] == ["Trust"]
    cooccurrence = client.get(
        _api(numbered, "/compare/cooccurrence"), params={"code": ["7", "Trust"]}
    ).json()
    assert cooccurrence["codes"] == ["7", "Trust"]


def test_participants_and_links_by_name_and_by_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    people = _api(numbered, "/participants")
    by_case = [p["identifier"] for p in client.get(people, params={"case": "1"}).json()]
    assert by_case == ["1", "2"]
    by_case_id = [p["identifier"] for p in client.get(people, params={"case_id": 1}).json()]
    assert by_case_id == ["3"]
    links = _api(numbered, f"/documents/{numbered.documents['102']}/participants")
    linked = client.post(links, json={"participants": ["1"]}).json()
    assert linked["participants"] == ["1", "2"]
    linked = client.post(links, json={"participant_ids": [1]}).json()
    assert linked["participants"] == ["1", "2", "3"]
    assert client.post(links, json={}).status_code == 422
    added = client.post(people, json={"identifier": "4", "case": "2"}).json()
    assert added["case"] == "2"
    moved = client.patch(f"{people}/{added['id']}", json={"case_id": 2}).json()
    assert moved["case"] == "1"


def test_speaker_mappings_by_name_and_by_id(client: TestClient, numbered: NumberedStudy) -> None:
    numbered.project.documents.import_bytes(
        "Group.txt", b"Speaker 1: The river is calm.\n\nSpeaker 2: It is.\n"
    )
    url = _api(numbered, "/speakers/mappings")
    by_name = client.put(url, json={"label": "Speaker 1", "participant": "1"}).json()
    assert by_name["participant"] == "1"
    by_id = client.put(
        url, json={"label": "Speaker 2", "participant_id": 1, "document": "Group.txt"}
    ).json()
    assert (by_id["participant"], by_id["document"]) == ("3", "Group.txt")
    group = int(numbered.project.documents.documents().set_index("name")["id"]["Group.txt"])
    removed = client.delete(url, params={"label": "Speaker 2", "document_id": group})
    assert removed.status_code == 200 and removed.json()["role"] is None


def test_an_upload_links_participants_by_identifier_and_by_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    answer = client.post(
        _api(numbered, "/documents"),
        files=[("files", ("group.txt", b"We met by the river.\n", "text/plain"))],
        data={"participants": ["1"], "participant_id": ["1"]},
    )
    assert answer.status_code == 201, answer.text
    (imported,) = answer.json()["imported"]
    linked = numbered.project.documents.info(imported["id"]).participants
    assert sorted(linked) == ["1", "3"]
    refused = client.post(
        _api(numbered, "/documents"),
        files=[("files", ("other.txt", b"Other words.\n", "text/plain"))],
        data={"participant_id": ["P1"]},
    )
    assert refused.status_code == 422
