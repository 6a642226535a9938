"""Full-text search and coding all hits through the JSON API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from web.sample_study import INTERVIEW, SampleStudy

NOTES = "\n\n".join(f"Paragraph {n}: recovery takes time, step {n}." for n in range(1, 6)) + "\n"


def _codings(sample: SampleStudy, code_id: int) -> list[tuple[int, int, int]]:
    frame = sample.project.coding.codings(code=code_id)
    return sorted(zip(frame["document_id"], frame["start"], frame["end"], strict=True))


def test_a_search_answers_hits_in_context_with_code_point_offsets(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.get(f"/api/projects/{sample.project_id}/search", params={"q": "trust"})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["query"], body["total_segments"], body["has_more"]) == ("trust", 2, False)
    first = body["hits"][0]
    at = INTERVIEW.index("trust starts")  # code points: the emoji before it counts once
    assert (first["document_id"], first["start"], first["end"]) == (sample.interview_id, at, at + 5)
    assert (first["match"], first["right"]) == ("trust", " starts.")
    assert first["left"].endswith("That shared experience is where ")
    assert (first["speaker"], first["participant"]) == ("P01", "P01")
    assert first["link"] == (
        f"/projects/{sample.project_id}/documents/{sample.interview_id}"
        f"?start={at}&end={at + 5}#passage"
    )


def test_a_search_comes_in_pages(client: TestClient, sample: SampleStudy) -> None:
    sample.project.documents.import_bytes("Team notes.txt", NOTES.encode())
    url = f"/api/projects/{sample.project_id}/search"
    page = client.get(url, params={"q": "recover*", "limit": 2, "offset": 2}).json()
    assert (page["total_segments"], page["limit"], page["offset"], page["has_more"]) == (
        5, 2, 2, True,
    )  # fmt: skip
    assert [hit["right"][:8] for hit in page["hits"]] == [" takes t", " takes t"]
    assert "step 3" in page["hits"][0]["right"]


def test_filters_by_attribute_document_and_speaker(client: TestClient, sample: SampleStudy) -> None:
    url = f"/api/projects/{sample.project_id}/search"
    by_group = client.get(url, params={"q": "trust", "where": "stakeholder group=service user"})
    assert by_group.json()["total_segments"] == 0
    by_speaker = client.get(url, params={"q": "trust", "speaker": "Ali"}).json()
    assert [h["participant"] for h in by_speaker["hits"]] == ["P03"]
    by_name = client.get(url, params={"q": "trust", "document": "Focus group.txt"}).json()
    assert [h["document_id"] for h in by_name["hits"]] == [sample.focus_group_id]


def test_a_bad_search_is_refused_with_a_message(client: TestClient, sample: SampleStudy) -> None:
    url = f"/api/projects/{sample.project_id}/search"
    empty = client.get(url, params={"q": "  "})
    assert empty.status_code == 422
    assert empty.json()["error"]["message"] == "Type at least one word to search for."
    unknown = client.get(url, params={"q": "trust", "document": "Missing.txt"})
    assert unknown.status_code == 404
    assert "Missing.txt" in unknown.json()["error"]["message"]
    too_big = client.get(url, params={"q": "trust", "limit": 5000})
    assert too_big.status_code == 422


def test_code_all_hits_previews_then_codes(client: TestClient, sample: SampleStudy) -> None:
    url = f"/api/projects/{sample.project_id}/search/code-all-hits"
    body = {"query": "trust", "code": "Hope", "spread": "match", "preview": True}
    preview = client.post(url, json=body)
    assert preview.status_code == 200
    plan = preview.json()
    assert (plan["segments"], plan["hits"], plan["spans"], plan["documents"]) == (2, 2, 2, 2)
    assert (plan["added"], plan["already_coded"], plan["preview"]) == (2, 0, True)
    assert plan["message"].startswith("Coding the words found with 'Hope' would code 2 passages")
    assert len(_codings(sample, sample.hope_code_id)) == 1  # the sample's own coding only
    done = client.post(url, json={**body, "preview": False}).json()
    assert (done["added"], done["already_coded"]) == (2, 0)
    assert done["message"] == "Coded 2 passages with 'Hope' (the words found)."
    at = INTERVIEW.index("trust starts")
    assert (sample.interview_id, at, at + 5) in _codings(sample, sample.hope_code_id)
    again = client.post(url, json={**body, "preview": False}).json()
    assert (again["added"], again["already_coded"]) == (0, 2)


def test_code_all_hits_honours_the_filters(client: TestClient, sample: SampleStudy) -> None:
    url = f"/api/projects/{sample.project_id}/search/code-all-hits"
    body = {
        "query": "trust",
        "code_id": sample.boundaries_code_id,
        "where": {"stakeholder group": ["peer worker", "service user"]},
        "speakers": ["Ali"],
        "document_ids": [sample.focus_group_id],
    }
    done = client.post(url, json=body).json()
    assert (done["segments"], done["added"], done["spread"]) == (1, 1, "sentence")
    assert [d for d, _, _ in _codings(sample, sample.boundaries_code_id)] == [sample.focus_group_id]


def test_a_bad_code_is_refused_and_nothing_is_coded(
    client: TestClient, sample: SampleStudy
) -> None:
    url = f"/api/projects/{sample.project_id}/search/code-all-hits"
    unknown = client.post(url, json={"query": "trust", "code": "Nothing like it"})
    assert unknown.status_code == 404
    assert "Nothing like it" in unknown.json()["error"]["message"]
    sample.project.codebook.retire(sample.boundaries_code_id)
    retired = client.post(url, json={"query": "trust", "code_id": sample.boundaries_code_id})
    assert retired.status_code == 422
    assert "is retired" in retired.json()["error"]["message"]
    spread = client.post(url, json={"query": "trust", "code": "Hope", "spread": "page"})
    assert spread.status_code == 422
    assert _codings(sample, sample.boundaries_code_id) == []
    assert len(_codings(sample, sample.hope_code_id)) == 1
