"""The matrix says which codings it leaves out (spoken by nobody) and links to them."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

from web.sample_study import INTERVIEW, SampleStudy

QUESTION = "How did you come to peer work?"


def _code_the_interviewer(sample: SampleStudy) -> int:
    """Code the interviewer's first question as Shared experience (spoken by nobody)."""
    start = INTERVIEW.index(QUESTION)
    record = sample.project.coding.apply(
        "P01 interview.txt", sample.shared_code_id, start, start + len(QUESTION)
    )
    return record.id


def _matrix(sample: SampleStudy) -> str:
    return f"/projects/{sample.project_id}/matrix"


def test_matrix_page_says_how_many_codings_no_cell_holds_and_links_to_them(
    client: TestClient, sample: SampleStudy
) -> None:
    coding_id = _code_the_interviewer(sample)
    page = client.get(_matrix(sample)).text
    notice = re.search(
        r'<div class="notice[^"]*" data-testid="matrix-unattributed">.*?</div>', page, re.S
    )
    assert notice is not None
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", notice.group(0))))
    assert "1 coding of the codes shown (Trust > Shared experience: 1) was spoken by nobody" in text
    assert "left out of every cell" in text
    link = re.search(r'href="([^"]+)" data-testid="unattributed-link"', notice.group(0))
    assert link is not None
    listing = client.get(unescape(link.group(1)))
    assert listing.status_code == 200
    assert "1 coding of the matrix's codes was spoken by nobody" in listing.text
    assert QUESTION in listing.text and "Interviewer" in listing.text
    assert f"?coding={coding_id}" in listing.text  # each opens its place in the transcript
    assert "Back to the matrix" in listing.text


def test_matrix_page_says_nothing_when_every_coding_is_in_a_row(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(_matrix(sample)).text
    assert 'data-testid="matrix-unattributed"' not in page


def test_listing_of_a_matrix_that_cannot_be_built_says_why(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(f"{_matrix(sample)}/unattributed?rows=participants")
    assert page.status_code == 200
    assert 'data-testid="unattributed-problem"' in page.text
    assert "Choose the matrix columns" in page.text


def test_matrix_json_answers_the_left_out_codings_with_their_link(
    client: TestClient, sample: SampleStudy
) -> None:
    coding_id = _code_the_interviewer(sample)
    query = f"rows=participants&theme_id={sample.trust_code_id}&include_subcodes=true"
    answer = client.get(f"/api{_matrix(sample)}?{query}").json()
    left_out = answer["unattributed"]
    assert left_out["total"] == 1
    assert left_out["columns"] == [
        {"code_id": sample.shared_code_id, "path": "Trust > Shared experience", "codings": 1}
    ]
    assert left_out["note"].startswith("1 coding of the codes shown")
    listed = client.get(left_out["link"]).json()
    assert [(c["coding_id"], c["speaker"], c["text"]) for c in listed] == [
        (coding_id, "Interviewer", QUESTION)
    ]
    assert client.get(left_out["page"]).status_code == 200


def test_matrix_json_without_left_out_codings_says_zero(
    client: TestClient, sample: SampleStudy
) -> None:
    query = f"rows=participants&theme_id={sample.trust_code_id}"
    left_out = client.get(f"/api{_matrix(sample)}?{query}").json()["unattributed"]
    assert left_out["total"] == 0 and left_out["columns"] == [] and left_out["note"] == ""
