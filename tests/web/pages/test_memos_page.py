"""The memo pages, in-process: the list and its filters, writing and editing
in Markdown with a preview, a memo's own page, deleting."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from web.sample_study import SampleStudy


def _url(sample: SampleStudy, path: str = "") -> str:
    return f"/projects/{sample.project_id}/memos{path}"


def _listed(html: str) -> list[str]:
    """Titles of the memos in the list, in order."""
    return re.findall(r'<td class="memo-table__title"><a href="[^"]+">([^<]+)</a>', html)


def _titles(sample: SampleStudy) -> list[str]:
    return [memo.title for memo in sample.project.memos.list()]


def _more_memos(sample: SampleStudy) -> None:
    memos = sample.project.memos
    memos.add("Recruitment", kind="methodological", body="Via the Trust A team.", case="Trust A")
    memos.add("Hope in focus groups", kind="analytic", document=sample.focus_group_id)
    memos.add("On a quote", kind="theoretical", coding=sample.coding_id)
    memos.add("My own experience", kind="reflexive", body="I was a *peer worker*.")


# ---------------------------------------------------------------- the list


def test_the_list_shows_each_memo_with_kind_link_author_and_time_newest_first(
    client: TestClient, sample: SampleStudy
) -> None:
    _more_memos(sample)
    page = client.get(_url(sample))
    assert page.status_code == 200
    html = page.text
    assert f'<a href="/projects/{sample.project_id}/memos" aria-current="page">Memos</a>' in html
    assert _listed(html) == [
        "My own experience",
        "On a quote",
        "Hope in focus groups",
        "Recruitment",
        "Trust first",
    ]
    pid = sample.project_id
    assert (
        f'<a href="/projects/{pid}/codebook?code_id={sample.trust_code_id}#code-detail">Trust</a>'
        in html
    )
    assert (
        f'<a href="/projects/{pid}/documents/{sample.focus_group_id}">Focus group.txt</a>' in html
    )
    coding = f"/projects/{pid}/documents/{sample.interview_id}?coding={sample.coding_id}"
    assert f'<a href="{coding}">' in html
    assert f'<a href="/projects/{pid}/study">Trust A</a>' in html
    assert '<span class="kind kind--reflexive">reflexive</span>' in html
    assert "I was a peer worker." in html  # the excerpt is plain text


def test_memos_are_filtered_by_kind_link_author_and_text(
    client: TestClient, sample: SampleStudy
) -> None:
    _more_memos(sample)

    def listed(**params: str) -> list[str]:
        return _listed(client.get(_url(sample), params=params).text)

    assert listed(kind="analytic") == ["Hope in focus groups", "Trust first"]
    assert listed(type="project") == ["My own experience"]
    assert listed(type="coding") == ["On a quote"]
    assert listed(link=f"code:{sample.trust_code_id}") == ["Trust first"]
    assert listed(link=f"document:{sample.focus_group_id}") == ["Hope in focus groups"]
    assert listed(q="TRUST A team") == ["Recruitment"]
    assert listed(author="tester", sort="title")[:2] == [
        "Hope in focus groups",
        "My own experience",
    ]
    assert listed(sort="oldest")[0] == "Trust first"
    answer = client.get(_url(sample), params={"kind": "reflexive", "q": "nothing like this"})
    assert "0 of 5 memos match." in answer.text
    assert "No memo matches these filters" in answer.text


def test_an_empty_project_invites_the_first_memo(client: TestClient) -> None:
    project = client.post("/api/projects", json={"name": "Empty"}).json()
    html = client.get(f"/projects/{project['id']}/memos").text
    assert "No memos yet" in html and "Write the first memo" in html


# ---------------------------------------------------------------- writing


def test_a_memo_is_written_about_a_code_and_shown_rendered(
    client: TestClient, sample: SampleStudy
) -> None:
    form = client.get(_url(sample, "/new"), params={"link": f"code:{sample.hope_code_id}"}).text
    assert f'<option value="code:{sample.hope_code_id}" selected>Hope</option>' in form
    answer = client.post(
        _url(sample),
        data={
            "title": "Hope comes later",
            "kind": "analytic",
            "link": f"code:{sample.hope_code_id}",
            "body": "# Pattern\n\nHope follows **trust**.\n\n- P02\n- P03",
            "action": "save",
        },
    )
    assert answer.status_code == 200
    assert "Saved the memo &#39;Hope comes later&#39;." in answer.text
    assert "<h1>Pattern</h1>" in answer.text and "<strong>trust</strong>" in answer.text
    assert "<li>P02</li>" in answer.text
    assert "Wrote analytic memo &#39;Hope comes later&#39; on code: Hope" in answer.text
    memo = sample.project.memos.list(code=sample.hope_code_id)[0]
    assert (memo.author, memo.kind.value) == ("tester", "analytic")


def test_a_memo_from_the_document_view_is_about_a_coded_passage(
    client: TestClient, sample: SampleStudy
) -> None:
    link = f"coding:{sample.coding_id}"
    form = client.get(_url(sample, "/new"), params={"link": link}).text
    assert f'<option value="{link}" selected>coding: #{sample.coding_id} Trust &gt; Shared' in form
    client.post(_url(sample), data={"title": "Quote", "kind": "analytic", "link": link})
    assert sample.project.memos.list(coding=sample.coding_id)[0].title == "Quote"


def test_the_preview_button_renders_the_markdown_and_saves_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.post(
        _url(sample),
        data={
            "title": "Draft",
            "kind": "reflexive",
            "body": "*Careful* <b>raw</b>",
            "action": "preview",
        },
    )
    assert answer.status_code == 200
    preview = answer.text[answer.text.index('id="memo-preview"') :]
    assert "<em>Careful</em> &lt;b&gt;raw&lt;/b&gt;" in preview
    assert 'value="Draft"' in answer.text
    assert 'id="kind-reflexive" name="kind" value="reflexive" checked' in answer.text
    assert _titles(sample) == ["Trust first"]


def test_a_memo_without_a_title_is_refused_and_the_text_is_kept(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.post(
        _url(sample),
        data={"title": "  ", "kind": "analytic", "body": "Two hours of careful thinking."},
    )
    assert answer.status_code == 422
    assert "Nothing was changed." in answer.text and "A memo needs a title." in answer.text
    assert "Two hours of careful thinking." in answer.text
    assert _titles(sample) == ["Trust first"]


def test_a_memo_about_something_deleted_meanwhile_is_refused_with_the_text_kept(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.codebook.delete(sample.boundaries_code_id)
    answer = client.post(
        _url(sample),
        data={
            "title": "Boundaries",
            "kind": "analytic",
            "link": f"code:{sample.boundaries_code_id}",
            "body": "Keep me.",
        },
    )
    assert answer.status_code == 422
    assert f"There is no code with id {sample.boundaries_code_id} in this project." in answer.text
    assert "Keep me." in answer.text
    assert _titles(sample) == ["Trust first"]
    odd = client.post(_url(sample), data={"title": "X", "kind": "analytic", "link": "planet:3"})
    assert "A memo cannot be about a &#39;planet&#39;." in odd.text


# ---------------------------------------------------------------- one memo


def test_a_memo_page_shows_the_rendered_memo_its_link_and_history(
    client: TestClient, sample: SampleStudy
) -> None:
    memo = sample.project.memos.list()[0]
    sample.project.memos.edit(memo.id, body="Trust comes *before* hope, for **most**.")
    html = client.get(_url(sample, f"/{memo.id}")).text
    assert '<h1 id="memo-title">Trust first</h1>' in html
    assert "<em>before</em>" in html and "<strong>most</strong>" in html
    pid = sample.project_id
    assert (
        f'code: <a href="/projects/{pid}/codebook?code_id={sample.trust_code_id}#code-detail">'
        in html
    )
    assert "Changed body of memo &#39;Trust first&#39;" in html
    assert "Last changed" in html


def test_a_memo_is_edited_and_relinked_to_the_project(
    client: TestClient, sample: SampleStudy
) -> None:
    memo = sample.project.memos.list()[0]
    form = client.get(_url(sample, f"/{memo.id}/edit")).text
    assert f'<option value="code:{sample.trust_code_id}" selected>' in form
    assert "Trust comes *before* hope." in form
    answer = client.post(
        _url(sample, f"/{memo.id}/edit"),
        data={
            "title": "Trust first",
            "kind": "theoretical",
            "link": "project",
            "body": "Rewritten.",
        },
    )
    assert "Saved the memo &#39;Trust first&#39;." in answer.text
    saved = sample.project.memos.get(memo.id)
    assert (saved.kind.value, saved.target_type.value, saved.body) == (
        "theoretical",
        "project",
        "Rewritten.",
    )
    same = client.post(
        _url(sample, f"/{memo.id}/edit"),
        data={
            "title": "Trust first",
            "kind": "theoretical",
            "link": "project",
            "body": "Rewritten.",
        },
    )
    assert "Nothing was changed." in same.text


def test_an_edit_can_be_previewed_and_a_bad_edit_changes_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    memo = sample.project.memos.list()[0]
    preview = client.post(
        _url(sample, f"/{memo.id}/edit"),
        data={"title": "Trust first", "kind": "analytic", "body": "**New**", "action": "preview"},
    )
    assert "<strong>New</strong>" in preview.text
    refused = client.post(
        _url(sample, f"/{memo.id}/edit"),
        data={"title": "", "kind": "analytic", "body": "Edited text"},
    )
    assert refused.status_code == 422
    assert "A memo needs a title." in refused.text and "Edited text" in refused.text
    assert sample.project.memos.get(memo.id) == memo


def test_a_memo_is_deleted_after_confirmation(client: TestClient, sample: SampleStudy) -> None:
    memo = sample.project.memos.list()[0]
    page = client.get(_url(sample, f"/{memo.id}/delete")).text
    assert "Delete the memo “Trust first”?" in page
    assert "about code Trust" in page
    answer = client.post(_url(sample, f"/{memo.id}/delete"))
    assert "Deleted the memo &#39;Trust first&#39;." in answer.text
    assert _titles(sample) == []
    missing = client.get(_url(sample, f"/{memo.id}"))
    assert missing.status_code == 404
    assert f"There is no memo with id {memo.id} in this project." in missing.text


def test_an_edit_from_a_stale_form_shows_the_conflict_and_keeps_the_text(
    client: TestClient, sample: SampleStudy
) -> None:
    memo = sample.project.memos.list()[0]
    form = client.get(_url(sample, f"/{memo.id}/edit")).text
    assert f'<input type="hidden" name="if_version" value="{memo.version}">' in form
    sample.project.memos.edit(memo.id, body="Someone else's words.")
    answer = client.post(
        _url(sample, f"/{memo.id}/edit"),
        data={
            "title": "Trust first",
            "kind": "analytic",
            "link": f"code:{sample.trust_code_id}",
            "body": "My words.",
            "if_version": str(memo.version),
        },
    )
    assert answer.status_code == 409
    assert "was changed by someone else since you read it" in answer.text
    assert "My words." in answer.text
    assert sample.project.memos.get(memo.id).body == "Someone else's words."


def test_a_delete_confirmed_from_a_stale_page_is_refused(
    client: TestClient, sample: SampleStudy
) -> None:
    memo = sample.project.memos.list()[0]
    page = client.get(_url(sample, f"/{memo.id}/delete")).text
    assert f'name="if_version" value="{memo.version}"' in page
    sample.project.memos.edit(memo.id, title="Renamed meanwhile")
    answer = client.post(_url(sample, f"/{memo.id}/delete"), data={"if_version": memo.version})
    assert answer.status_code == 409
    assert "was changed by someone else" in answer.text
    assert _titles(sample) == ["Renamed meanwhile"]
