"""Coding all hits through the API and the page without JavaScript: a passage
the user unticked is never coded, even when the text was revised between the
preview and the confirmation; the confirmation is refused and nothing written."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from web.sample_study import INTERVIEW, SampleStudy

#: Put before the interview's text by a revision: every passage moves.
PREFACE = "Note: checked against the recording.\n\n"
REFUSAL = "The passages changed since the preview: 1 passage you unticked"
AGAIN = "Nothing was coded: preview again and untick the passages anew."


def _codings(sample: SampleStudy, code_id: int) -> list[tuple[int, int, int]]:
    frame = sample.project.coding.codings(code=code_id)
    return sorted(zip(frame["document_id"], frame["start"], frame["end"], strict=True))


def _audit_entries(sample: SampleStudy) -> int:
    return len(sample.project.activity())


def _revise_interview(sample: SampleStudy, tmp_path: Path) -> None:
    revised = tmp_path / "interview-revised.txt"
    revised.write_text(PREFACE + INTERVIEW, encoding="utf-8")
    sample.project.documents.replace_text(sample.interview_id, revised, reason="checked")


def test_the_api_refuses_unticked_passages_that_moved_and_writes_nothing(
    client: TestClient, sample: SampleStudy, tmp_path: Path
) -> None:
    url = f"/api/projects/{sample.project_id}/search/code-all-hits"
    body = {"query": "trust", "code": "Hope", "spread": "match", "preview": True}
    plan = client.post(url, json=body).json()
    left_out = next(p for p in plan["passages"] if p["document_id"] == sample.interview_id)
    excluded = [{k: left_out[k] for k in ("document_id", "start", "end")}]
    _revise_interview(sample, tmp_path)
    before, audited = _codings(sample, sample.hope_code_id), _audit_entries(sample)

    done = client.post(url, json={**body, "preview": False, "excluded": excluded})

    assert done.status_code == 422
    message = done.json()["error"]["message"]
    assert message.startswith(REFUSAL) and message.endswith(AGAIN)
    assert _codings(sample, sample.hope_code_id) == before
    assert _audit_entries(sample) == audited
    at = len(PREFACE) + INTERVIEW.index("trust starts")
    assert (sample.interview_id, at, at + 5) not in _codings(sample, sample.hope_code_id)


def test_the_page_form_refuses_an_unticked_passage_that_moved_and_writes_nothing(
    client: TestClient, sample: SampleStudy, tmp_path: Path
) -> None:
    here = f"/projects/{sample.project_id}/search"
    at = INTERVIEW.index("trust starts")
    unticked = f"{sample.interview_id}:{at}:{at + 5}"  # as the preview listed it
    _revise_interview(sample, tmp_path)
    before, audited = _codings(sample, sample.hope_code_id), _audit_entries(sample)
    form = {
        "q": "trust",
        "code_id": str(sample.hope_code_id),
        "spread": "match",
        "listed": [unticked],
        "keep": [],
    }

    done = client.post(f"{here}/code-all-hits", data=form)

    assert REFUSAL in done.text and AGAIN in done.text
    assert _codings(sample, sample.hope_code_id) == before
    assert _audit_entries(sample) == audited
