"""A memo or code edit refused because someone else saved it since the form was
read: the form comes back with what the user typed, the message names the record
and each field that differs with its stored value, and the form now carries the
stored version, so saving again keeps the user's edit (and leaving keeps theirs)."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from web.sample_study import SampleStudy


def test_a_stale_memo_edit_shows_the_stored_text_and_saving_again_keeps_mine(
    client: TestClient, sample: SampleStudy
) -> None:
    memo = sample.project.memos.list()[0]
    theirs = sample.project.memos.edit(memo.id, body="Someone else's words.")
    typed = {
        "title": memo.title,
        "kind": memo.kind.value,
        "link": f"{memo.target_type.value}:{memo.target_id}" if memo.target_id else "project",
        "body": "My words.",
    }
    path = f"/projects/{sample.project_id}/memos/{memo.id}/edit"
    answer = client.post(path, data={**typed, "if_version": str(memo.version)})
    assert answer.status_code == 409
    text = html.unescape(answer.text)
    assert f"The memo {memo.title!r} was changed by someone else since you read it" in text
    assert "Stored now: the text is “Someone else's words.”." in text
    assert "the title is" not in text  # the title is the same on both sides
    assert "press “Save the memo” to save yours in its place, or Cancel to keep theirs" in text
    assert "My words." in text
    assert f'name="if_version" value="{theirs.version}"' in answer.text
    assert sample.project.memos.get(memo.id).body == "Someone else's words."
    kept = client.post(path, data={**typed, "if_version": str(theirs.version)})
    assert kept.status_code == 200  # the redirect to the saved record, followed
    assert sample.project.memos.get(memo.id).body == "My words."


def test_a_stale_code_edit_shows_the_stored_fields_and_saving_again_keeps_mine(
    client: TestClient, sample: SampleStudy
) -> None:
    code_id = sample.hope_code_id
    sample.project.codebook.edit(code_id, definition="Someone else's edit.")
    typed = {"name": "Hope", "definition": "My edit.", "colour": "#009E73"}
    path = f"/projects/{sample.project_id}/codebook/{code_id}/edit"
    answer = client.post(path, data={**typed, "if_version": "1"})
    assert answer.status_code == 422
    text = html.unescape(answer.text)
    assert "The code 'Hope' was changed by someone else since you read it" in text
    assert "Stored now: definition is “Someone else's edit.”." in text
    assert "press “Save changes” to save yours in its place" in text
    assert '<input type="hidden" name="if_version" value="2">' in answer.text
    assert sample.project.codebook.get(code_id).definition == "Someone else's edit."
    kept = client.post(path, data={**typed, "if_version": "2"})
    assert kept.status_code == 200  # the redirect to the saved record, followed
    assert sample.project.codebook.get(code_id).definition == "My edit."
