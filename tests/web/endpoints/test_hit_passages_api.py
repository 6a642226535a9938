"""Coding all hits through the API and the page without JavaScript: the preview
lists the passages in context, and unticked ones are left out."""

from __future__ import annotations

from fastapi.testclient import TestClient

from web.sample_study import INTERVIEW, SampleStudy


def _codings(sample: SampleStudy, code_id: int) -> list[tuple[int, int, int]]:
    frame = sample.project.coding.codings(code=code_id)
    return sorted(zip(frame["document_id"], frame["start"], frame["end"], strict=True))


def test_the_preview_lists_passages_and_the_confirmation_leaves_out_the_unticked(
    client: TestClient, sample: SampleStudy
) -> None:
    url = f"/api/projects/{sample.project_id}/search/code-all-hits"
    body = {"query": "trust", "code": "Hope", "spread": "match", "preview": True}
    plan = client.post(url, json=body).json()
    assert [p["match"] for p in plan["passages"]] == ["trust", "trust"]
    assert plan["listed_all"] is True
    left_out = next(p for p in plan["passages"] if p["document_id"] == sample.interview_id)
    assert left_out["after"].startswith(" starts.")
    excluded = [{k: left_out[k] for k in ("document_id", "start", "end")}]
    done = client.post(url, json={**body, "preview": False, "excluded": excluded}).json()
    assert (done["added"], done["excluded"]) == (1, 1)
    at = INTERVIEW.index("trust starts")
    assert (sample.interview_id, at, at + 5) not in _codings(sample, sample.hope_code_id)


def test_the_page_lists_boxes_to_untick_and_its_form_leaves_those_out(
    client: TestClient, sample: SampleStudy
) -> None:
    here = f"/projects/{sample.project_id}/search"
    params = {"q": "trust", "code_id": sample.hope_code_id, "spread": "match", "preview": 1}
    page = client.get(here, params=params)
    assert page.status_code == 200
    assert 'data-testid="hit-passages"' in page.text
    assert page.text.count('name="keep"') == 2
    at = INTERVIEW.index("trust starts")
    unticked = f"{sample.interview_id}:{at}:{at + 5}"
    assert f'name="listed" value="{unticked}"' in page.text
    other = next(
        key
        for key in (
            line.split('value="')[1].split('"')[0]
            for line in page.text.splitlines()
            if 'name="listed"' in line
        )
        if key != unticked
    )
    form = {
        "q": "trust",
        "code_id": str(sample.hope_code_id),
        "spread": "match",
        "listed": [unticked, other],
        "keep": [other],
    }
    done = client.post(f"{here}/code-all-hits", data=form)
    assert "1 passage you unticked was left out." in done.text
    assert (sample.interview_id, at, at + 5) not in _codings(sample, sample.hope_code_id)
    assert len(_codings(sample, sample.hope_code_id)) == 2  # the sample's coding and one new
