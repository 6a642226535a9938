"""Renaming a document and replacing its text from its settings (issue 10 §5)."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

from web.sample_study import INTERVIEW, SampleStudy


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _base(sample: SampleStudy) -> str:
    return f"/projects/{sample.project_id}/documents/{sample.interview_id}"


def test_renaming_a_document_shows_the_new_title(client: TestClient, sample: SampleStudy) -> None:
    version = sample.project.documents.info(sample.interview_id).version
    response = client.post(
        f"{_base(sample)}/rename", data={"title": "Interview with P01", "if_version": version}
    )
    assert response.status_code == 200
    assert "Renamed 'P01 interview.txt': now 'Interview with P01'." in _text(response.text)
    assert sample.project.documents.info(sample.interview_id).title == "Interview with P01"
    stale = client.post(f"{_base(sample)}/rename", data={"title": "Other", "if_version": version})
    assert stale.status_code == 409
    assert sample.project.documents.info(sample.interview_id).title == "Interview with P01"


def test_a_corrected_file_is_previewed_then_replaces_the_text(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(f"{_base(sample)}/replace")
    assert page.status_code == 200 and "None: the document has the text it was imported" in (
        _text(page.text)
    )
    corrected = INTERVIEW.replace("How did you come to peer work?", "How did you start?")
    preview = client.post(
        f"{_base(sample)}/replace",
        files={"file": ("P01 interview.txt", corrected.encode(), "text/plain")},
    )
    assert preview.status_code == 200
    shown = _text(preview.text)
    assert "Nothing has been changed yet." in shown
    assert sample.project.documents.document(sample.interview_id).text == INTERVIEW
    token = re.search(r'name="token" value="([0-9a-f]+)"', preview.text)
    assert token is not None
    version = sample.project.documents.info(sample.interview_id).version
    done = client.post(
        f"{_base(sample)}/replace/confirm",
        data={"token": token.group(1), "reason": "corrected", "if_version": version},
    )
    assert done.status_code == 200
    assert "the old text is revision 1" in _text(done.text)
    assert sample.project.documents.document(sample.interview_id).text == corrected
    history = client.get(f"{_base(sample)}/replace")
    assert "corrected" in _text(history.text)


def test_a_bad_replacement_file_is_named_and_nothing_changes(
    client: TestClient, sample: SampleStudy
) -> None:
    response = client.post(
        f"{_base(sample)}/replace", files={"file": ("scan.pdf", b"not a pdf", "application/pdf")}
    )
    assert response.status_code == 422
    assert "scan.pdf: this is not a PDF file" in _text(response.text)
    assert sample.project.documents.document(sample.interview_id).text == INTERVIEW
    assert sample.project.documents.revisions(sample.interview_id) == []


def test_cancelling_a_replacement_changes_nothing(client: TestClient, sample: SampleStudy) -> None:
    preview = client.post(
        f"{_base(sample)}/replace",
        files={"file": ("P01 interview.txt", b"Interviewer: Other words?\n", "text/plain")},
    )
    token = re.search(r'name="token" value="([0-9a-f]+)"', preview.text)
    assert token is not None
    cancelled = client.post(f"{_base(sample)}/replace/cancel", data={"token": token.group(1)})
    assert cancelled.status_code == 200 and "The text was not replaced." in _text(cancelled.text)
    assert sample.project.documents.document(sample.interview_id).text == INTERVIEW
