"""Codings through the JSON API: apply, read, change, remove, list, memos."""

from __future__ import annotations

from fastapi.testclient import TestClient

from web.sample_study import FOCUS_GROUP, INTERVIEW, SampleStudy


def _api(sample: SampleStudy, path: str) -> str:
    return f"/api/projects/{sample.project_id}{path}"


def _span(text: str, phrase: str) -> tuple[int, int]:
    """Code points of ``phrase`` in ``text`` (Python counts code points)."""
    start = text.index(phrase)
    return start, start + len(phrase)


def _count(sample: SampleStudy) -> int:
    return len(sample.project.coding.codings())


def test_a_code_is_applied_by_id_and_the_coding_is_answered(
    client: TestClient, sample: SampleStudy
) -> None:
    start, end = _span(INTERVIEW, "and I knew what it was like")
    answer = client.post(
        _api(sample, "/codings"),
        json={"document_id": sample.interview_id, "code_id": sample.hope_code_id, "start": start,
              "end": end},
    )  # fmt: skip
    assert answer.status_code == 201
    coding = answer.json()
    assert (coding["code"], coding["text"]) == ("Hope", "and I knew what it was like")
    assert (coding["start"], coding["end"]) == (start, end)
    assert (coding["speaker"], coding["participant"], coding["coder"]) == ("P01", "P01", "tester")


def test_offsets_are_code_points_after_an_emoji_and_a_combining_mark(
    client: TestClient, sample: SampleStudy
) -> None:
    start, end = _span(FOCUS_GROUP, "group helped me trust")
    # "Zoë and the Ñ̈ group": Ñ is one code point, its combining diaeresis another.
    assert FOCUS_GROUP[start - 3 : start - 1] == "Ñ\u0308"
    answer = client.post(
        _api(sample, "/codings"),
        json={"document_id": sample.focus_group_id, "code": "Trust", "start": start, "end": end},
    )
    assert answer.json()["text"] == "group helped me trust"
    assert answer.json()["participant"] == "P03"


def test_a_span_already_coded_by_you_with_the_code_is_a_conflict(
    client: TestClient, sample: SampleStudy
) -> None:
    coding = sample.project.coding.get(sample.coding_id)
    answer = client.post(
        _api(sample, "/codings"),
        json={"document_id": coding.document_id, "code_id": coding.code_id,
              "start": coding.start, "end": coding.end},
    )  # fmt: skip
    assert answer.status_code == 409
    assert (
        "is already coded with 'Trust > Shared experience' by tester"
        in (answer.json()["error"]["message"])
    )
    assert _count(sample) == 2


def test_invalid_spans_retired_codes_and_unknown_documents_are_refused(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.codebook.retire(sample.boundaries_code_id)
    cases = [
        ({"start": 10, "end": 5}, 422, "start must be before end"),
        ({"start": 0, "end": 9999}, 422, "it ends at 9999 but the document has 318 characters"),
        ({"code_id": sample.boundaries_code_id}, 422, "'Boundaries' is retired"),
        ({"document_id": 99}, 404, "no document with id 99"),
        ({"code_id": 99}, 404, "no code with id 99"),
        ({"code_id": None}, 422, "Say which code to apply"),
        ({"code": "Hope"}, 422, "either by code_id or by code"),
    ]
    for change, status, message in cases:
        body = {"document_id": sample.interview_id, "code_id": sample.hope_code_id,
                "start": 0, "end": 5, **change}  # fmt: skip
        answer = client.post(_api(sample, "/codings"), json=body)
        assert answer.status_code == status, change
        assert message in answer.json()["error"]["message"], change
    assert _count(sample) == 2


def test_a_coding_is_read_changed_and_removed(client: TestClient, sample: SampleStudy) -> None:
    path = _api(sample, f"/codings/{sample.coding_id}")
    assert client.get(path).json()["text"] == "That shared experience"
    changed = client.patch(path, json={"code_id": sample.hope_code_id, "extend": "sentence"})
    assert changed.status_code == 200
    assert changed.json()["code"] == "Hope"
    assert changed.json()["text"] == "That shared experience is where trust starts."
    start, end = _span(INTERVIEW, "trust starts")
    moved = client.patch(path, json={"start": start, "end": end}).json()
    assert (moved["id"], moved["text"]) == (sample.coding_id, "trust starts")
    removed = client.delete(path)
    assert removed.json()["text"] == "trust starts"
    assert (removed.json()["memos_kept"], removed.json()["consequence"]) == (0, "")
    assert client.get(path).status_code == 404
    assert _count(sample) == 1


def test_removing_a_coding_answers_what_became_of_its_memos(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.memos.add("Why", kind="analytic", coding=sample.coding_id)
    removed = client.delete(_api(sample, f"/codings/{sample.coding_id}")).json()
    assert removed["memos_kept"] == 1
    assert removed["consequence"] == "1 memo on this coding is kept, without its link to it."
    assert len(removed["guid"]) == 36


def test_an_invalid_change_is_refused_and_nothing_changes(
    client: TestClient, sample: SampleStudy
) -> None:
    path = _api(sample, f"/codings/{sample.coding_id}")
    before = client.get(path).json()
    for body, status, message in [
        ({"start": 200, "end": 100}, 422, "start must be before end"),
        ({"extend": "chapter"}, 422, "extend"),
        ({"code": "Nothing"}, 404, "no code called 'Nothing'"),
    ]:
        answer = client.patch(path, json=body)
        assert answer.status_code == status, body
        assert message in answer.json()["error"]["message"], body
    assert client.get(path).json() == before
    assert client.patch(_api(sample, "/codings/999"), json={}).status_code == 404
    assert client.delete(_api(sample, "/codings/999")).status_code == 404


def test_a_documents_codings_are_listed_with_code_colour_and_memos(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.memos.add("Why", kind="analytic", coding=sample.coding_id)
    path = _api(sample, f"/documents/{sample.interview_id}/codings")
    listed = client.get(path).json()
    assert [(c["code"], c["memos"], c["participant"]) for c in listed] == [
        ("Trust > Shared experience", 1, "P01")
    ]
    assert listed[0]["colour"].startswith("#")
    assert client.get(path, params={"code": "Hope"}).json() == []
    assert len(client.get(path, params={"code": str(sample.shared_code_id)}).json()) == 1
    assert client.get(path, params={"coder": "nobody"}).json() == []
    assert client.get(_api(sample, "/documents/99/codings")).status_code == 404


def test_codings_are_listed_with_the_filters_of_the_python_api(
    client: TestClient, sample: SampleStudy
) -> None:
    path = _api(sample, "/codings")
    everything = client.get(path).json()
    assert [row["code"] for row in everything] == ["Trust > Shared experience", "Hope"]
    assert {"stakeholder group", "employer"} <= set(everything[0])
    trust = client.get(path, params={"code": "Trust", "include_subcodes": "true"}).json()
    assert [row["text"] for row in trust] == ["That shared experience"]
    by_attribute = client.get(path, params={"where": "stakeholder group=service user"}).json()
    assert [row["text"] for row in by_attribute] == ["It gave me hope."]
    by_case = client.get(path, params={"case": "Trust A", "document": "Focus group.txt"}).json()
    assert [row["participant"] for row in by_case] == ["P02"]
    assert client.get(path, params={"participant": "P03"}).json() == []
    assert client.get(path, params={"coder": "tester"}).json() == everything
    bad = client.get(path, params={"where": "employer"})
    assert bad.status_code == 422
    assert "ATTRIBUTE=VALUE" in bad.json()["error"]["message"]


def test_memos_are_written_on_a_coding_and_listed(client: TestClient, sample: SampleStudy) -> None:
    path = _api(sample, f"/codings/{sample.coding_id}/memos")
    written = client.post(path, json={"title": "Shared", "kind": "reflexive", "body": "*Why*"})
    assert written.status_code == 201
    assert (written.json()["title"], written.json()["target_label"][:6]) == ("Shared", "coding")
    assert [memo["title"] for memo in client.get(path).json()] == ["Shared"]
    empty = client.post(path, json={"title": "  "})
    assert empty.status_code == 422
    assert empty.json()["error"]["message"] == "A memo needs a title."
    assert len(client.get(path).json()) == 1
    assert client.get(_api(sample, "/codings/999/memos")).status_code == 404
