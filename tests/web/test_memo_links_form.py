"""A memo with several links, in-process: the form adds and removes links
(without scripts too), the memo page and the list show every link where it
is seen, edits replace the links without losing text, and the JSON API
takes them."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from web.sample_study import INTERVIEW, SampleStudy


def _url(sample: SampleStudy, path: str = "") -> str:
    return f"/projects/{sample.project_id}/memos{path}"


def _api(sample: SampleStudy, path: str = "") -> str:
    return f"/api/projects/{sample.project_id}{path}"


def _p01(sample: SampleStudy) -> int:
    return next(p.id for p in sample.project.study.participants() if p.identifier == "P01")


def _three_links(sample: SampleStudy) -> list[str]:
    return [
        f"code:{sample.hope_code_id}",
        f"document:{sample.focus_group_id}",
        f"participant:{_p01(sample)}",
    ]


def _chosen(html: str) -> list[str]:
    """The value chosen in each link row of the form, in order."""
    rows = re.findall(r'<select id="f-link(?:-\d+)?" name="link"[^>]*>(.*?)</select>', html, re.S)
    chosen = []
    for row in rows:
        found = re.search(r'<option value="([^"]*)" selected>', row)
        chosen.append(found.group(1) if found else "")
    return chosen


def _titles(sample: SampleStudy) -> list[str]:
    return [memo.title for memo in sample.project.memos.list()]


def test_a_memo_with_three_links_is_saved_and_shows_each_link_where_it_is_seen(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.post(
        _url(sample),
        data={
            "title": "Hope in the group",
            "kind": "analytic",
            "link": _three_links(sample),
            "body": "Hope *spreads*.",
            "action": "save",
        },
    )
    assert answer.status_code == 200
    assert "Saved the memo &#39;Hope in the group&#39;." in answer.text
    pid = sample.project_id
    links = answer.text[answer.text.index('id="memo-links"') :]
    links = links[: links.index("</ul>")]
    assert (
        f'code: <a href="/projects/{pid}/codebook?code_id={sample.hope_code_id}#code-detail">'
        "Hope</a>" in links
    )
    assert (
        f'document: <a href="/projects/{pid}/documents/{sample.focus_group_id}">'
        "Focus group.txt</a>" in links
    )
    assert f'participant: <a href="/projects/{pid}/study">P01</a>' in links
    memo = sample.project.memos.list(code=sample.hope_code_id)[0]
    assert [(link.target_type.value, link.target_id) for link in memo.links] == [
        ("code", sample.hope_code_id),
        ("document", sample.focus_group_id),
        ("participant", _p01(sample)),
    ]
    listed = client.get(_url(sample)).text
    row = listed[listed.index(">Hope in the group</a>") :]
    row = row[: row.index("</tr>")]
    assert "code: <a" in row and "document: <a" in row and "participant: <a" in row
    assert "about code Hope; document Focus group.txt; participant P01" in (
        client.get(_url(sample, f"/{memo.id}/delete")).text
    )


def test_the_form_adds_and_removes_links_without_scripts_and_saves_nothing_meanwhile(
    client: TestClient, sample: SampleStudy
) -> None:
    typed = {"title": "Draft", "kind": "reflexive", "body": "Half a thought."}
    first = f"code:{sample.trust_code_id}"
    added = client.post(_url(sample), data={**typed, "link": [first], "action": "add-link"})
    assert added.status_code == 200
    assert _chosen(added.text) == [first, "project"]
    assert '<select id="f-link-2" name="link" autofocus>' in added.text
    assert '<label for="f-link">About</label>' in added.text
    assert "Half a thought." in added.text and 'value="Draft"' in added.text
    second = f"case:{sample.project.study.cases()[0].id}"
    removed = client.post(
        _url(sample), data={**typed, "link": [first, second], "action": "remove-link-1"}
    )
    assert _chosen(removed.text) == [second]
    assert 'Remove <span class="visually-hidden">link 1</span>' in removed.text
    assert _titles(sample) == ["Trust first"]


def test_the_same_link_twice_is_refused_with_the_text_and_links_kept(
    client: TestClient, sample: SampleStudy
) -> None:
    code = f"code:{sample.hope_code_id}"
    document = f"document:{sample.interview_id}"
    answer = client.post(
        _url(sample),
        data={
            "title": "Twice",
            "kind": "analytic",
            "link": [code, document, code],
            "body": "Mine.",
        },
    )
    # The form sends each object once; a duplicate row is dropped, not refused.
    assert answer.status_code == 200
    memo = sample.project.memos.list(code=sample.hope_code_id)[0]
    assert [link.target_type.value for link in memo.links] == ["code", "document"]
    refused = client.post(
        _url(sample),
        data={
            "title": "Odd",
            "kind": "analytic",
            "link": [code, "document:1:9-x"],
            "body": "Kept.",
        },
    )
    assert refused.status_code == 422
    assert "does not name a passage of a document" in refused.text
    assert "Kept." in refused.text
    assert _chosen(refused.text)[0] == code
    assert _titles(sample) == ["Trust first", "Twice"]


def test_a_memo_on_a_passage_links_to_the_document_view_at_that_passage(
    client: TestClient, sample: SampleStudy
) -> None:
    start = INTERVIEW.index("Lived experience")
    end = start + len("Lived experience is not enough.")
    value = f"document:{sample.interview_id}:{start}-{end}"
    form = client.get(_url(sample, "/new"), params={"link": value}).text
    assert f'<option value="{value}" selected>document: P01 interview.txt [{start}:{end}]' in form
    answer = client.post(
        _url(sample), data={"title": "Not enough", "kind": "analytic", "link": value}
    )
    pid = sample.project_id
    passage = f"/projects/{pid}/documents/{sample.interview_id}?start={start}&amp;end={end}#passage"
    assert f'passage: <a href="{passage}">P01 interview.txt [{start}:{end}]</a>' in answer.text
    memo = sample.project.memos.list(document=sample.interview_id)[0]
    assert (memo.links[0].start, memo.links[0].end) == (start, end)


def test_a_memo_on_a_coded_passage_links_to_the_coding_in_the_document_view(
    client: TestClient, sample: SampleStudy
) -> None:
    link = f"coding:{sample.coding_id}"
    client.post(
        _url(sample),
        data={"title": "Quote", "kind": "analytic", "link": [link, f"code:{sample.trust_code_id}"]},
    )
    memo = sample.project.memos.list(coding=sample.coding_id)[0]
    page = client.get(_url(sample, f"/{memo.id}")).text
    coding = (
        f"/projects/{sample.project_id}/documents/{sample.interview_id}?coding={sample.coding_id}"
    )
    assert f'coding: <a href="{coding}">' in page
    edit = client.get(_url(sample, f"/{memo.id}/edit")).text
    assert _chosen(edit) == [link, f"code:{sample.trust_code_id}"]


def test_an_edit_replaces_the_links_and_a_stale_one_keeps_the_typed_text_and_links(
    client: TestClient, sample: SampleStudy
) -> None:
    memo = sample.project.memos.list()[0]
    links = _three_links(sample)
    answer = client.post(
        _url(sample, f"/{memo.id}/edit"),
        data={
            "title": "Trust first",
            "kind": "analytic",
            "link": links[1:],
            "body": memo.body,
            "if_version": str(memo.version),
        },
    )
    assert "Saved the memo &#39;Trust first&#39;." in answer.text
    saved = sample.project.memos.get(memo.id)
    assert [link.target_type.value for link in saved.links] == ["document", "participant"]
    assert saved.version == memo.version + 1
    sample.project.memos.edit(memo.id, body="Someone else's words.")
    stale = client.post(
        _url(sample, f"/{memo.id}/edit"),
        data={
            "title": "Trust first",
            "kind": "analytic",
            "link": links,
            "body": "My words.",
            "if_version": str(saved.version),
        },
    )
    assert stale.status_code == 409
    assert "was changed by someone else since you read it" in stale.text
    assert "My words." in stale.text and _chosen(stale.text) == links
    kept = sample.project.memos.get(memo.id)
    assert kept.body == "Someone else's words."
    assert [link.target_type.value for link in kept.links] == ["document", "participant"]
    emptied = client.post(
        _url(sample, f"/{memo.id}/edit"),
        data={"title": "Trust first", "kind": "analytic", "link": "project", "body": "Mine."},
    )
    assert "Saved the memo" in emptied.text
    assert sample.project.memos.get(memo.id).links == ()


def test_the_json_api_writes_and_replaces_several_links(
    client: TestClient, sample: SampleStudy
) -> None:
    start = INTERVIEW.index("Some situations")
    answer = client.post(
        _api(sample, "/memos"),
        json={
            "title": "Harrowing",
            "kind": "analytic",
            "target_type": "code",
            "target_id": sample.hope_code_id,
            "links": [
                {"target_type": "document", "target_id": sample.interview_id},
                {
                    "target_type": "document",
                    "target_id": sample.interview_id,
                    "start": start,
                    "end": start + 15,
                },
            ],
        },
    )
    assert answer.status_code == 201, answer.text
    memo = answer.json()
    assert [(link["target_type"], link["start"]) for link in memo["links"]] == [
        ("code", None),
        ("document", None),
        ("document", start),
    ]
    edited = client.patch(
        _api(sample, f"/memos/{memo['id']}"),
        json={
            "links": [{"target_type": "participant", "target_id": _p01(sample)}],
            "if_version": memo["version"],
        },
    )
    assert edited.status_code == 200, edited.text
    assert [link["target_type"] for link in edited.json()["links"]] == ["participant"]
    both = client.patch(
        _api(sample, f"/memos/{memo['id']}"),
        json={"links": [], "target_type": "code", "target_id": sample.hope_code_id},
    )
    assert both.status_code == 422
    assert "Give either links or target_type, not both." in both.text
    half = client.post(
        _api(sample, "/memos"),
        json={
            "title": "Half",
            "kind": "analytic",
            "links": [{"target_type": "document", "target_id": sample.interview_id, "start": 3}],
        },
    )
    assert half.status_code == 422
    assert "A passage link needs both its start and its end." in half.text
    assert [m["title"] for m in client.get(_api(sample, "/memos")).json()] == [
        "Trust first",
        "Harrowing",
    ]


def test_a_memo_on_a_matrix_cell_links_to_the_cell_page(
    client: TestClient, sample: SampleStudy
) -> None:
    cell = sample.project.matrix.write_summary("P01", "Hope", "Hope after trust.")
    memo = sample.project.memos.add(
        "On the cell", kind="analytic", links=[("cell", cell.cell_id), ("code", "Hope")]
    )
    page = client.get(_url(sample, f"/{memo.id}")).text
    found = re.search(r'cell: <a href="([^"]+)">P01 × Hope</a>', page)
    assert found is not None, page[page.index('id="memo-links"') :][:600]
    cell_page = client.get(found.group(1).replace("&amp;", "&"))
    assert cell_page.status_code == 200
    assert "Hope after trust." in cell_page.text
    edit = client.get(_url(sample, f"/{memo.id}/edit")).text
    assert _chosen(edit) == [f"cell:{cell.cell_id}", f"code:{sample.hope_code_id}"]
    assert f'<option value="cell:{cell.cell_id}" selected>cell: P01 × Hope</option>' in edit


def test_a_form_with_more_links_than_a_memo_may_have_is_refused_and_nothing_saved(
    client: TestClient, sample: SampleStudy
) -> None:
    passages = [f"document:{sample.interview_id}:{n}-{n + 1}" for n in range(60)]
    answer = client.post(
        _url(sample),
        data={"title": "Many", "kind": "analytic", "link": passages, "body": "Kept."},
    )
    assert answer.status_code == 422
    assert "A memo form holds at most 50 links." in answer.text
    assert "Kept." in answer.text
    assert _titles(sample) == ["Trust first"]
