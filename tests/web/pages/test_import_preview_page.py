"""Previewing an upload of transcripts with the speaker labels found, then
importing exactly the files previewed (issue 10 §2)."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

from web.sample_study import SampleStudy

TRANSCRIPT = (
    "Interviewer: What did the report say?\n\nP03: It was clear.\n\nYou say:\n\n"
    '"we were not ready"\n\nInterviewer: And then?\n\nP03: We changed.\n'
)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _names(sample: SampleStudy) -> list[str]:
    return list(sample.project.documents.documents()["name"])


def test_a_preview_lists_labels_and_the_confirmation_imports(
    client: TestClient, sample: SampleStudy
) -> None:
    pid = sample.project_id
    before = _names(sample)
    preview = client.post(
        f"/projects/{pid}/documents/upload/preview",
        data={"participants": "P03", "on_error": "stop"},
        files=[("files", ("P03 second.txt", TRANSCRIPT.encode(), "text/plain"))],
    )
    assert preview.status_code == 200
    shown = _text(preview.text)
    assert "Would import 1 document. Nothing has been imported yet." in shown
    assert "You say No 1 You say: reads as prose, not a name or role" in shown
    assert _names(sample) == before
    tokens = re.findall(r'name="token" value="([0-9a-f]+)"', preview.text)
    done = client.post(
        f"/projects/{pid}/documents/upload/confirm",
        data={"token": tokens[0], "participants": "P03", "on_error": "stop"},
    )
    assert done.status_code == 200
    assert "Imported 1 document." in _text(done.text)
    assert "P03 second.txt" in _names(sample)
    assert sample.project.documents.info("P03 second.txt").participants == ("P03",)


def test_a_bad_file_in_a_preview_is_named_and_nothing_is_kept(
    client: TestClient, sample: SampleStudy
) -> None:
    pid = sample.project_id
    before = _names(sample)
    response = client.post(
        f"/projects/{pid}/documents/upload/preview",
        data={"on_error": "stop"},
        files=[("files", ("scan.pdf", b"not a pdf", "application/pdf"))],
    )
    assert response.status_code == 200
    assert "scan.pdf: this is not a PDF file" in _text(response.text)
    assert _names(sample) == before


def test_cancelling_a_preview_imports_nothing(client: TestClient, sample: SampleStudy) -> None:
    pid = sample.project_id
    before = _names(sample)
    preview = client.post(
        f"/projects/{pid}/documents/upload/preview",
        data={"on_error": "stop"},
        files=[("files", ("P03 third.txt", TRANSCRIPT.encode(), "text/plain"))],
    )
    tokens = re.findall(r'name="token" value="([0-9a-f]+)"', preview.text)
    cancelled = client.post(f"/projects/{pid}/documents/upload/cancel", data={"token": tokens})
    assert cancelled.status_code == 200 and "Nothing was imported." in _text(cancelled.text)
    assert _names(sample) == before
    gone = client.post(
        f"/projects/{pid}/documents/upload/confirm",
        data={"token": tokens[0], "on_error": "stop"},
    )
    assert "choose the file again" in _text(gone.text) and _names(sample) == before
