"""The memos in the document view, in-process: the "Memos" section lists the
memos on the document, its passages and its codings (with kind, author,
date and links), annotations are written through the JSON API and marked
for the page's scripts, and a document with 10,000 codings reads its memos
in one call."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient

from qualframe.storage.database import Database
from statements import counted
from web.sample_study import FOCUS_GROUP, INTERVIEW, SampleStudy


def _page(client: TestClient, sample: SampleStudy, document: int, query: str = "") -> str:
    answer = client.get(f"/projects/{sample.project_id}/documents/{document}{query}")
    assert answer.status_code == 200
    return answer.text


def _section(html: str) -> str:
    """The memos section of a document view."""
    start = html.index('<section id="document-memos"')
    return html[start : html.index("</section>", start)]


def _titles(section: str) -> list[str]:
    return re.findall(r'<p class="doc-memo__title"><a href="[^"]+">([^<]+)</a>', section)


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def test_the_document_view_lists_every_memo_on_the_document_its_passages_and_codings(
    client: TestClient, sample: SampleStudy
) -> None:
    memos = sample.project.memos
    p01 = next(p.id for p in sample.project.study.participants() if p.identifier == "P01")
    three = memos.add(
        "Three links",
        kind="theoretical",
        body="Trust, *then* hope.",
        links=[
            ("code", sample.hope_code_id),
            ("document", sample.interview_id),
            ("participant", p01),
        ],
    )
    start, end = _span(INTERVIEW, "Lived experience is not enough.")
    note = memos.annotate(sample.interview_id, start, end, body="The **core** claim.")
    memos.add("On the quote", kind="reflexive", coding=sample.coding_id)
    memos.add("Elsewhere", kind="analytic", document=sample.focus_group_id)
    section = _section(_page(client, sample, sample.interview_id))
    panel = client.get(f"/projects/{sample.project_id}/documents/{sample.interview_id}/memos/panel")
    assert _section(panel.text) == section  # the fragment reads no whole document, same list
    assert _titles(section) == ["Three links", note.title, "On the quote"]
    assert 'Memos <span class="doc-memos__count">(3)</span>' in section
    pid = sample.project_id
    assert f'<a href="/projects/{pid}/memos/{three.id}">Three links</a>' in section
    assert "Theoretical</span> · tester · <time" in section
    assert "On the whole document" in section
    assert (
        f'Code: <a href="/projects/{pid}/codebook?code_id={sample.hope_code_id}#code-detail">'
        "Hope</a>" in section
    )
    assert f'Participant: <a href="/projects/{pid}/study">P01</a>' in section
    passage = f"/projects/{pid}/documents/{sample.interview_id}?start={start}&amp;end={end}#passage"
    assert f'<a href="{passage}" class="doc-memo__passage" data-annotation' in section
    assert f'data-start="{start}" data-end="{end}"' in section
    assert "“Lived experience is not enough.”" in section
    assert "<strong>core</strong>" in section  # an annotation's note is shown
    assert "Annotation</span>" in section
    coding = f"/projects/{pid}/documents/{sample.interview_id}?coding={sample.coding_id}"
    assert f'<a href="{coding}">Coded passage</a>: Trust &gt; Shared experience' in section
    new = f"/projects/{pid}/memos/new?link=document:{sample.interview_id}"
    assert f'<a href="{new}">Write a memo on this document</a>' in section


def test_write_a_memo_on_this_document_opens_the_form_linked_to_it(
    client: TestClient, sample: SampleStudy
) -> None:
    form = client.get(
        f"/projects/{sample.project_id}/memos/new",
        params={"link": f"document:{sample.interview_id}"},
    ).text
    assert f'<option value="document:{sample.interview_id}" selected>P01 interview.txt' in form
    start, end = _span(INTERVIEW, "shared experience")
    marked = _page(client, sample, sample.interview_id, f"?start={start}&end={end}")
    link = (
        f"/projects/{sample.project_id}/memos/new?link=document:{sample.interview_id}:{start}-{end}"
    )
    assert f'<a href="{link}">Write a memo on this passage</a>' in marked


def test_an_annotation_is_written_through_the_api_and_shown_in_the_view(
    client: TestClient, sample: SampleStudy
) -> None:
    start, end = _span(FOCUS_GROUP, "I believed her when she said it gets better")
    api = f"/api/projects/{sample.project_id}/documents/{sample.focus_group_id}"
    answer = client.post(
        f"{api}/annotations",
        json={"start": start, "end": end, "body": "Believing *her*.", "kind": "analytic"},
    )
    assert answer.status_code == 201, answer.text
    memo = answer.json()
    assert memo["title"].startswith("I believed her")
    assert [(link["target_type"], link["start"], link["end"]) for link in memo["links"]] == [
        ("document", start, end)
    ]
    assert memo["author"] == "tester"
    titled = client.post(
        f"{api}/annotations", json={"start": 0, "end": 11, "body": "", "title": "  Opening  "}
    )
    assert titled.json()["title"] == "Opening"
    listed = client.get(f"{api}/memos").json()
    assert [m["title"] for m in listed] == [memo["title"], "Opening"]
    section = _section(_page(client, sample, sample.focus_group_id))
    assert f'data-start="{start}" data-end="{end}"' in section
    assert "<em>her</em>" in section
    panel = client.get(
        f"/projects/{sample.project_id}/documents/{sample.focus_group_id}/memos/panel"
    )
    assert panel.status_code == 200
    assert _titles(panel.text) == [memo["title"], "Opening"]


def test_an_annotation_on_a_bad_passage_is_refused_and_nothing_is_saved(
    client: TestClient, sample: SampleStudy
) -> None:
    api = f"/api/projects/{sample.project_id}/documents/{sample.interview_id}/annotations"
    past = client.post(api, json={"start": 5, "end": len(INTERVIEW) + 50, "body": "x"})
    assert past.status_code == 422
    assert "passage" in past.json()["error"]["message"]
    empty = client.post(api, json={"start": 7, "end": 7, "body": "x"})
    assert empty.status_code == 422
    missing = client.post(
        f"/api/projects/{sample.project_id}/documents/999999/annotations",
        json={"start": 0, "end": 3, "body": "x"},
    )
    assert missing.status_code == 404
    assert [m.title for m in sample.project.memos.list()] == ["Trust first"]


def test_memos_are_read_in_one_call_on_a_document_with_10000_codings(
    client: TestClient, sample: SampleStudy, database: Database
) -> None:
    count = 10_000
    sentences = [f"Line {n} is here." for n in range(count)]
    text = "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, count, 4)) + "\n"
    project = sample.project
    project.documents.import_bytes("Huge.txt", text.encode())
    document = project.documents.info("Huge.txt").id
    spans, at = [], 0
    for sentence in sentences:
        at = text.index(sentence, at)
        spans.append((document, at, at + len(sentence)))
        at += len(sentence)
    project.coding.add(sample.hope_code_id, spans)
    start, end = spans[2][1], spans[2][2]
    project.memos.annotate(document, start, end, body="Early on.")
    project.memos.add("The whole", kind="analytic", document=document)
    coding = project.coding.document_codings(document)[5].id
    project.memos.add("A coding", kind="analytic", coding=coding)
    with counted(database) as statements:
        began = time.perf_counter()
        html = _page(client, sample, document)
        took = time.perf_counter() - began
    assert _titles(_section(html)) == ["Line 2 is here.", "The whole", "A coding"]
    memo_reads = [sql for sql in statements.touching("memo_links") if "SELECT" in sql.upper()]
    assert len(memo_reads) <= 4, statements.listing()
    assert took < 20, took


def test_the_memos_panel_reads_the_passages_of_many_annotations_at_once(
    client: TestClient, sample: SampleStudy, database: Database
) -> None:
    project = sample.project
    text = "".join(f"Comment place {n}. " for n in range(200))
    project.documents.import_bytes("Comments.txt", text.encode())
    document = project.documents.info("Comments.txt").id
    for n in range(0, 200, 2):
        start, end = _span(text, f"Comment place {n}.")
        project.memos.annotate(document, start, end, body=f"Note {n}.")
    with counted(database) as statements:
        answer = client.get(f"/projects/{sample.project_id}/documents/{document}/memos/panel")
    assert answer.status_code == 200
    assert "Comment place 198." in answer.text and "Comment place 0." in answer.text
    text_reads = [sql for sql in statements.touching("documents") if "SELECT" in sql.upper()]
    assert len(text_reads) <= 6, statements.listing()
