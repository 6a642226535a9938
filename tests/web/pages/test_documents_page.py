"""The documents list, uploading transcripts, and each document's settings."""

from __future__ import annotations

import io
import re
from html import unescape

import docx
from fastapi.testclient import TestClient

from web.sample_study import SampleStudy

THIRD = "Interviewer: And you?\n\nP03: Peer support gave me a voice.\n"


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client: TestClient, pid: int, files: list[tuple[str, bytes]], **fields: object):  # type: ignore[no-untyped-def]
    return client.post(
        f"/projects/{pid}/documents/upload",
        data=fields,
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        headers={"Referer": f"http://localhost/projects/{pid}/documents"},
    )


def _names(sample: SampleStudy) -> list[str]:
    return list(sample.project.documents.documents()["name"])


def test_the_list_shows_each_document_with_its_progress(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(f"/projects/{sample.project_id}/documents").text
    row = _text(page.split(f'id="document-row-{sample.interview_id}"')[1].split("</tr>")[0])
    info = sample.project.documents.info(sample.interview_id)
    assert f"P01 interview.txt text {info.words} 4 P01 1" in row
    assert f"{info.coverage * 100:.0f}% of the text coded" in row
    assert "All mapped" in row
    assert f'href="/projects/{sample.project_id}/documents/{sample.interview_id}"' in page
    accepted = ".txt,.md,.markdown,.rst,.docx,.pdf,.vtt,.srt,.odt,.rtf,.html,.htm"
    assert f'name="files" multiple accept="{accepted}"' in page


def test_transcripts_are_uploaded_and_linked_to_a_participant(
    client: TestClient, sample: SampleStudy
) -> None:
    report = _upload(
        client,
        sample.project_id,
        [("P03 interview.txt", THIRD.encode()), ("Notes.docx", _docx("Field notes", "Second."))],
        participants=["P03"],
    )
    assert report.status_code == 200
    text = _text(report.text)
    assert "Imported 2 documents. Linked to P03." in text
    assert "P03 interview.txt P03 interview.txt" in text
    docs = sample.project.documents.documents().set_index("name")
    assert docs.loc["P03 interview.txt", "participants"] == "P03"
    assert docs.loc["Notes.docx", "format"] == "docx"


def test_a_duplicate_is_skipped_with_its_reason(client: TestClient, sample: SampleStudy) -> None:
    from web.sample_study import INTERVIEW

    report = _upload(client, sample.project_id, [("copy.txt", INTERVIEW.encode())])
    text = _text(report.text)
    assert "Imported 0 documents; 1 duplicate skipped." in text
    assert "copy.txt The same text is stored as P01 interview.txt" in text
    assert len(_names(sample)) == 2


def test_a_bad_file_stops_the_whole_batch_by_default(
    client: TestClient, sample: SampleStudy
) -> None:
    before = len(sample.project.audit_log())
    report = _upload(
        client,
        sample.project_id,
        [("good.txt", THIRD.encode()), ("broken.docx", b"not a zip"), ("empty.md", b"   ")],
    )
    assert report.status_code == 422
    text = _text(report.text)
    assert "Nothing was imported. 2 of 3 files could not be read" in text
    assert "broken.docx" in text and "empty.md" in text
    assert _names(sample) == ["Focus group.txt", "P01 interview.txt"]
    assert len(sample.project.audit_log()) == before


def test_skipping_bad_files_imports_the_others(client: TestClient, sample: SampleStudy) -> None:
    report = _upload(
        client,
        sample.project_id,
        [("good.txt", THIRD.encode()), ("broken.docx", b"not a zip")],
        on_error="skip",
    )
    text = _text(report.text)
    assert "Imported 1 document; 1 file failed." in text
    assert "broken.docx" in _text(report.text.split('data-testid="failures"')[1])
    assert "good.txt" in _names(sample)


def test_a_single_bad_file_names_itself(client: TestClient, sample: SampleStudy) -> None:
    report = _upload(client, sample.project_id, [("scan.pdf", b"%PDF-1.4 nothing")])
    assert report.status_code == 422
    assert "Nothing was imported: the file could not be read." in _text(report.text)
    assert "scan.pdf" in _text(report.text)
    assert len(_names(sample)) == 2


def test_an_upload_without_files_or_with_an_unknown_participant_is_refused(
    client: TestClient, sample: SampleStudy
) -> None:
    nothing = client.post(
        f"/projects/{sample.project_id}/documents/upload",
        files=[("files", ("", b"", "application/octet-stream"))],
        headers={"Referer": f"http://localhost/projects/{sample.project_id}/documents"},
    )
    assert "Choose one or more transcripts to upload." in nothing.text
    unknown = _upload(client, sample.project_id, [("x.txt", b"Text.")], participants=["P99"])
    assert "No participant called 'P99'" in unescape(unknown.text)
    assert "Nothing was changed." in unknown.text
    assert len(_names(sample)) == 2


def test_an_unmapped_speaker_is_pointed_out_after_the_import(
    client: TestClient, sample: SampleStudy
) -> None:
    report = _upload(client, sample.project_id, [("third.txt", THIRD.encode())])
    assert "Next: map the speakers." in report.text
    assert "P03" in _text(report.text.split("Next: map the speakers.")[1])
    listing = client.get(f"/projects/{sample.project_id}/documents").text
    assert 'data-testid="unmapped-warning"' in listing
    assert "Not mapped: P03" in listing


def test_the_position_orders_the_documents(client: TestClient, sample: SampleStudy) -> None:
    pid = sample.project_id
    answer = client.post(
        f"/projects/{pid}/documents/{sample.interview_id}/position", data={"position": "0"}
    )
    assert "'P01 interview.txt' now has position 0 in interview order." in unescape(answer.text)
    assert _names(sample) == ["P01 interview.txt", "Focus group.txt"]
    cleared = client.post(
        f"/projects/{pid}/documents/{sample.interview_id}/position", data={"position": ""}
    )
    assert "now has no position" in unescape(cleared.text)


def test_a_bad_position_is_refused(client: TestClient, sample: SampleStudy) -> None:
    pid = sample.project_id
    for bad, message in (("-1", "whole number from 0, not -1"), ("two", "not 'two'")):
        answer = client.post(
            f"/projects/{pid}/documents/{sample.interview_id}/position",
            data={"position": bad},
            headers={"Referer": f"http://localhost/projects/{pid}/documents"},
        )
        assert message in unescape(answer.text)
        assert "Nothing was changed." in answer.text
    assert sample.project.documents.info(sample.interview_id).position is None


def test_participants_are_linked_and_unlinked_in_the_settings(
    client: TestClient, sample: SampleStudy
) -> None:
    pid = sample.project_id
    settings = f"/projects/{pid}/documents/{sample.interview_id}/settings"
    page = _text(client.get(settings).text)
    assert "P01 (Trust A) Unlink P01 Link a participant P02 (Trust A) P03 (Charity B)" in page
    linked = client.post(
        f"/projects/{pid}/documents/{sample.interview_id}/participants", data={"participant": "P02"}
    )
    assert "Linked 'P01 interview.txt' to P02." in unescape(linked.text)
    p02 = next(p for p in sample.project.study.participants() if p.identifier == "P02")
    unlinked = client.post(
        f"/projects/{pid}/documents/{sample.interview_id}/participants/{p02.id}/unlink"
    )
    assert "Unlinked 'P01 interview.txt' from P02." in unescape(unlinked.text)
    assert sample.project.documents.info(sample.interview_id).participants == ("P01",)


def test_unlinking_someone_not_linked_is_refused(client: TestClient, sample: SampleStudy) -> None:
    pid = sample.project_id
    p03 = next(p for p in sample.project.study.participants() if p.identifier == "P03")
    settings = f"/projects/{pid}/documents/{sample.interview_id}/settings"
    answer = client.post(
        f"/projects/{pid}/documents/{sample.interview_id}/participants/{p03.id}/unlink",
        headers={"Referer": f"http://localhost{settings}"},
    )
    assert "is not linked to 'P03'" in unescape(answer.text)
    assert sample.project.documents.info(sample.interview_id).participants == ("P01",)


def test_a_coded_document_is_deleted_only_with_its_codings_ticked(
    client: TestClient, sample: SampleStudy
) -> None:
    pid = sample.project_id
    confirm = f"/projects/{pid}/documents/{sample.interview_id}/delete"
    page = _text(client.get(confirm).text)
    assert "It has 1 coding : they will be deleted too" in page
    assert 'name="force" value="true" required' in client.get(confirm).text
    refused = client.post(confirm, headers={"Referer": f"http://localhost{confirm}"})
    assert "has 1 coding" in refused.text and "Nothing was changed." in refused.text
    assert len(_names(sample)) == 2
    deleted = client.post(confirm, data={"force": "true"})
    assert "Deleted the document 'P01 interview.txt' and its 1 coding." in unescape(deleted.text)
    assert _names(sample) == ["Focus group.txt"]


def test_an_uncoded_document_is_deleted_after_the_confirmation(
    client: TestClient, sample: SampleStudy
) -> None:
    report = _upload(client, sample.project_id, [("third.txt", THIRD.encode())])
    assert report.status_code == 200
    third = int(sample.project.documents.documents().set_index("name").loc["third.txt", "id"])
    page = client.get(f"/projects/{sample.project_id}/documents/{third}/delete").text
    assert "It has no codings." in page and 'name="force"' not in page
    deleted = client.post(f"/projects/{sample.project_id}/documents/{third}/delete")
    assert "Deleted the document 'third.txt'." in unescape(deleted.text)


def test_an_unknown_document_has_no_settings(client: TestClient, sample: SampleStudy) -> None:
    answer = client.get(f"/projects/{sample.project_id}/documents/999/settings")
    assert answer.status_code == 404


def test_document_attributes_are_set_in_the_settings(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.study.define_attribute("mode", "document", "categorical", ["phone", "video"])
    pid = sample.project_id
    settings = f"/projects/{pid}/documents/{sample.interview_id}/settings"
    assert '<select name="value:mode" form="document-attributes"' in client.get(settings).text
    saved = client.post(
        f"/projects/{pid}/documents/{sample.interview_id}/attributes", data={"value:mode": "Phone"}
    )
    assert "Saved the attributes of 'P01 interview.txt'." in unescape(saved.text)
    assert sample.project.documents.info(sample.interview_id).attributes == {"mode": "phone"}
    refused = client.post(
        f"/projects/{pid}/documents/{sample.interview_id}/attributes",
        data={"value:mode": "letter"},
        headers={"Referer": f"http://localhost{settings}"},
    )
    assert "Nothing was changed." in refused.text and "letter" in unescape(refused.text)
    assert sample.project.documents.info(sample.interview_id).attributes == {"mode": "phone"}


def test_a_stale_document_form_is_not_saved(client: TestClient, sample: SampleStudy) -> None:
    sample.project.study.define_attribute("mode", "document", "categorical", ["phone", "video"])
    pid = sample.project_id
    settings = f"/projects/{pid}/documents/{sample.interview_id}/settings"
    version = sample.project.documents.info(sample.interview_id).version
    hidden = f'<input type="hidden" name="if_version" value="{version}">'
    assert client.get(settings).text.count(hidden) >= 3  # links, attributes, position
    sample.project.documents.set_position(sample.interview_id, 3)
    refused = client.post(
        f"/projects/{pid}/documents/{sample.interview_id}/attributes",
        data={"value:mode": "phone", "if_version": str(version)},
        headers={"Referer": f"http://localhost{settings}"},
    )
    assert "was changed by someone else since you read it" in unescape(refused.text)
    assert sample.project.documents.info(sample.interview_id).attributes == {}
