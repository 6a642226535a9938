"""Familiarisation in the web: marking a document read (the document view and
the familiarisation page), the notes memo, the overview's step, the JSON API
and the document view's outline of sections and speakers."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from web.sample_study import SampleStudy


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _after(html: str, marker: str) -> str:
    return _text(html.split(marker, 1)[1].split("</li>", 1)[0])


def _read_by(project: qualframe.Project) -> dict[str, tuple[str, ...]]:
    return {row.document: row.read_by for row in project.documents.reading_progress().documents}


def test_the_document_view_marks_a_document_read_and_comes_back(
    client: TestClient, sample: SampleStudy
) -> None:
    pid, doc = sample.project_id, sample.interview_id
    view = f"/projects/{pid}/documents/{doc}"
    fact = _after(client.get(view).text, 'data-testid="reading-fact"')
    assert fact.startswith("> Familiarisation not read by you yet Mark read")
    assert "Write familiarisation notes" in fact

    marked = client.post(f"{view}/read", data={"read": "true", "back": view})

    assert str(marked.url).endswith(view)
    assert "You have read 'P01 interview.txt'." in unescape(marked.text)
    fact = _after(marked.text, 'data-testid="reading-fact"')
    assert fact.startswith("> Familiarisation read by you (")
    assert "Undo the mark “read”" in fact
    assert _read_by(sample.project)["P01 interview.txt"] == ("tester",)
    undone = client.post(f"{view}/read", data={"read": "false", "back": "https://example.org/"})
    assert str(undone.url).endswith(f"/projects/{pid}/documents/familiarisation#reading-{doc}")
    assert "no longer marked read by you" in unescape(undone.text)
    assert _read_by(sample.project)["P01 interview.txt"] == ()


def test_write_familiarisation_notes_opens_your_memo_in_the_editor(
    client: TestClient, sample: SampleStudy
) -> None:
    pid, doc = sample.project_id, sample.focus_group_id

    opened = client.post(f"/projects/{pid}/documents/{doc}/familiarisation-notes")

    memo = sample.project.memos.list(kind="familiarisation")[0]
    assert str(opened.url).endswith(f"/projects/{pid}/memos/{memo.id}/edit")
    assert (memo.title, memo.author, memo.target_id) == (
        "Familiarisation notes: Focus group.txt",
        "tester",
        doc,
    )
    assert 'value="familiarisation" checked' in opened.text
    again = client.post(f"/projects/{pid}/documents/{doc}/familiarisation-notes")
    assert str(again.url) == str(opened.url)
    assert len(sample.project.memos.list(kind="familiarisation")) == 1
    view = client.get(f"/projects/{pid}/documents/{doc}").text
    assert "Open your familiarisation notes" in _after(view, 'data-testid="reading-fact"')


def test_an_unknown_document_is_refused_and_nothing_is_marked(
    client: TestClient, sample: SampleStudy
) -> None:
    pid = sample.project_id
    audited = len(sample.project.activity())

    refused = client.post(f"/projects/{pid}/documents/999/read", data={"read": "true"})
    notes = client.post(f"/projects/{pid}/documents/999/familiarisation-notes")
    api = client.put(f"/api/projects/{pid}/documents/999/read", json={"read": True})

    assert (refused.status_code, notes.status_code, api.status_code) == (404, 404, 404)
    assert "no document with id 999" in unescape(refused.text)
    assert "no document with id 999" in api.json()["error"]["message"]
    assert len(sample.project.activity()) == audited
    assert sample.project.memos.list(kind="familiarisation") == []
    bad = client.put(f"/api/projects/{pid}/documents/1/read", json={"read": "perhaps"})
    assert bad.status_code == 422
    assert all(not read for read in _read_by(sample.project).values())


def test_the_familiarisation_page_lists_documents_against_readers(
    client: TestClient, sample: SampleStudy
) -> None:
    pid, doc = sample.project_id, sample.interview_id
    sample.project.acting_as("Ben").documents.mark_read(doc)
    notes = sample.project.acting_as("Ben").documents.familiarisation_notes(doc)
    page = f"/projects/{pid}/documents/familiarisation"

    html = client.get(page).text

    people = _text(html.split('data-testid="reading-people"', 1)[1].split("</ul>", 1)[0])
    assert "Ben : 1 of 2 documents read, 1 note" in people
    assert "tester (you): 0 of 2 documents read" in people
    row = html.split(f'id="reading-{doc}"', 1)[1].split("</tr>", 1)[0]
    assert f'href="/projects/{pid}/memos/{notes.id}"' in row
    assert "Mark read (P01 interview.txt)" in _text(row)  # the button, named for its row
    marked = client.post(
        f"/projects/{pid}/documents/{doc}/read",
        data={"read": "true", "back": f"{page}#reading-{doc}"},
    )
    assert "tester (you): 1 of 2 documents read" in _text(marked.text)


def test_the_overview_has_a_familiarisation_step_between_import_and_coding(
    client: TestClient, database: Database
) -> None:
    project = qualframe.create_project("Fresh", database=database, user="tester")
    project.documents.import_bytes("p01.txt", b"P01: It helped.\n")
    project.documents.import_bytes("p02.txt", b"P02: Not much.\n")
    project.acting_as("Ben").documents.mark_read("p01.txt")
    pid = project.info.id

    html = client.get(f"/projects/{pid}").text

    steps = _text(html.split('data-testid="next-steps"', 1)[1].split("</ol>", 1)[0])
    assert steps.index("Import transcripts") < steps.index("Read the transcripts")
    assert steps.index("Read the transcripts") < steps.index("Code the transcripts")
    assert "Read the transcripts (familiarisation) To do" in steps
    assert "Ben: 1 of 2 read" in steps and "tester (you): 0 of 2 read" in steps
    assert f'href="/projects/{pid}/documents/familiarisation"' in html
    for name in ("p01.txt", "p02.txt"):
        project.documents.mark_read(name)
    steps = _text(client.get(f"/projects/{pid}").text.split('data-testid="next-steps"', 1)[1])
    assert "Read the transcripts (familiarisation) Done" in steps


def test_a_project_coding_shows_the_reading_without_keeping_the_checklist(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.acting_as("Ben").documents.mark_read(sample.interview_id)

    html = client.get(f"/projects/{sample.project_id}").text

    assert 'data-testid="next-steps"' not in html  # coding has started: not a step to do
    reading = _text(html.split('data-testid="overview-reading"', 1)[1].split("</p>", 1)[0])
    assert "Ben has read 1 of 2; tester (you) has read 0 of 2" in reading


def test_the_json_api_marks_reads_and_lists_progress(
    client: TestClient, sample: SampleStudy
) -> None:
    pid, doc = sample.project_id, sample.focus_group_id
    base = f"/api/projects/{pid}"

    marked = client.put(f"{base}/documents/{doc}/read", json={"read": True}).json()
    mine = client.get(f"{base}/documents/{doc}/read").json()
    notes = client.post(f"{base}/documents/{doc}/familiarisation-notes").json()
    progress = client.get(f"{base}/reading-progress").json()

    assert (marked["reader"], marked["document"], mine["read_at"]) == (
        "tester",
        "Focus group.txt",
        marked["read_at"],
    )
    assert notes["kind"] == "familiarisation"
    assert progress["readers"] == ["tester"]
    assert progress["people"] == [{"reader": "tester", "read": 1, "documents": 2, "notes": 1}]
    row = next(r for r in progress["documents"] if r["document_id"] == doc)
    assert row["marks"][0]["notes"] == notes["id"]
    undone = client.put(f"{base}/documents/{doc}/read", json={"read": False}).json()
    assert undone["read_at"] is None


def test_the_outline_lists_sections_and_who_speaks(
    client: TestClient, database: Database, sample: SampleStudy
) -> None:
    project = sample.project
    text = (
        "# Role and background\n\n**P01**: I started as a volunteer.\n\n"
        "# Trust\n\n**Interviewer**: Why did you trust her?\n\n**P01**: She had been there.\n"
    )
    info = project.documents.import_bytes("sections.md", text.encode(), participants=["P01"])
    document = project.documents.info("sections.md").id
    assert info is not None

    html = client.get(f"/projects/{sample.project_id}/documents/{document}").text

    outline = html.split('data-testid="outline"', 1)[1].split("</details>", 1)[0]
    assert "Outline: 2 sections, 2 speakers" in _text(outline)
    assert '<nav aria-label="Outline of the document">' in outline
    assert '<a href="#section-1">Trust</a>' in outline
    speakers = _text(outline.split('data-testid="outline-speakers"', 1)[1])
    assert "P01 (Trust A, 2 turns)" in speakers and "Interviewer (interviewer, 1 turn)" in speakers
    first = text.index("**Interviewer**")
    turns = project.documents.turn_list("sections.md")
    assert f'href="#at-{turns[1].start}"' in outline and turns[1].start <= first + 2
