"""The codebook editor's pages, in-process: the tree, a code's detail, the
forms changing codes, merge and delete confirmations, files and history."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from web.sample_study import SampleStudy


def _url(sample: SampleStudy, path: str = "") -> str:
    return f"/projects/{sample.project_id}/codebook{path}"


def _paths(sample: SampleStudy) -> list[str]:
    return [code.path_text for code in sample.project.codebook.tree()]


def _shown_names(html: str) -> list[str]:
    """Names of the tree's codes not hidden by the filter, in order."""
    names = []
    for match in re.finditer(r'<li class="tree-node[^"]*" data-code-id="\d+"( hidden)?>', html):
        if match.group(1):
            continue
        chip = re.search(r'aria-hidden="true"></span>([^<]+)</span>', html[match.end() :])
        assert chip is not None
        names.append(chip.group(1))
    return names


# ---------------------------------------------------------------- the tree and the detail


def test_the_tree_shows_each_code_with_its_colour_origin_counts_and_definition(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(_url(sample))
    assert page.status_code == 200
    html = page.text
    nav = f'<a href="/projects/{sample.project_id}/codebook" aria-current="page">Codebook</a>'
    assert nav in html
    assert _shown_names(html) == ["Trust", "Shared experience", "Hope", "Boundaries"]
    assert "0 codings, 1 with sub-codes" in html
    assert '<span class="tag tag--inductive">inductive</span>' in html
    assert "Trust between peer workers and service users." in html
    assert f'aria-controls="sub-{sample.trust_code_id}"' in html
    assert "4 codes in 3 top-level themes" in html


def test_choosing_a_code_shows_its_record_memos_and_changes(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.codebook.edit(
        sample.trust_code_id,
        inclusion="Talk about trusting staff.",
        exclusion="Trust in services (use Hope).",
        example="I could tell her anything.",
    )
    html = client.get(_url(sample), params={"code_id": sample.trust_code_id}).text
    detail = html[html.index('id="code-detail"') :]
    for text in (
        "Trust between peer workers and service users.",
        "Talk about trusting staff.",
        "Trust in services (use Hope).",
        "I could tell her anything.",
        "Deductive: part of the framework set up before coding.",
        "orange (#E69F00)",
        "0 codings; 1 coding with its 1 sub-code.",
        "Trust first",
        "Changed example, exclusion, inclusion of code &#39;Trust&#39;",
    ):
        assert text in detail, text
    write = f'href="/projects/{sample.project_id}/memos/new?link=code:{sample.trust_code_id}"'
    assert write in detail
    assert "All 2 changes to this code" in detail


def test_the_move_and_merge_choices_leave_out_the_code_and_its_sub_codes(
    client: TestClient, sample: SampleStudy
) -> None:
    html = client.get(_url(sample), params={"code_id": sample.trust_code_id}).text
    merge = html[html.index('id="merge-target"') :]
    merge = merge[: merge.index("</select>")]
    assert re.findall(r'<option value="(\d+)"', merge) == [
        str(sample.hope_code_id),
        str(sample.boundaries_code_id),
    ]


def test_a_sub_code_of_a_retired_theme_keeps_its_parent_chosen_in_the_move_form(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.codebook.retire("Trust")
    html = client.get(_url(sample), params={"code_id": sample.shared_code_id}).text
    move = html[html.index('id="move-parent"') :]
    move = move[: move.index("</select>")]
    assert f'<option value="{sample.trust_code_id}" selected>Trust (retired)</option>' in move


def test_the_filter_keeps_matching_codes_and_their_parents(
    client: TestClient, sample: SampleStudy
) -> None:
    html = client.get(_url(sample), params={"q": "EXPERIENCE"}).text
    assert _shown_names(html) == ["Trust", "Shared experience"]
    assert "1 code of 4 match “EXPERIENCE”." in html
    assert 'class="tree-node tree-node--context"' in html  # Trust is shown for context
    by_definition = client.get(_url(sample), params={"q": "recovery"}).text
    assert _shown_names(by_definition) == ["Hope"]


def test_retired_codes_are_marked_and_can_be_hidden(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.codebook.retire("Hope")
    html = client.get(_url(sample)).text
    assert '<span class="tag tag--retired">retired</span>' in html
    hidden = client.get(_url(sample), params={"retired": "hide"}).text
    assert _shown_names(hidden) == ["Trust", "Shared experience", "Boundaries"]


def test_an_unknown_code_is_explained_beside_the_tree(
    client: TestClient, sample: SampleStudy
) -> None:
    html = client.get(_url(sample), params={"code_id": 999}).text
    assert "There is no code with id 999 in this project" in html


def test_an_empty_codebook_invites_a_first_code_or_a_file(client: TestClient) -> None:
    project = client.post("/api/projects", json={"name": "Empty"}).json()
    html = client.get(f"/projects/{project['id']}/codebook").text
    assert "The codebook is empty" in html
    assert "Add the first code" in html and "Import a codebook file" in html


# ---------------------------------------------------------------- creating and editing


def test_a_code_is_created_under_a_parent_with_a_palette_colour(
    client: TestClient, sample: SampleStudy
) -> None:
    form = client.get(_url(sample, "/new"), params={"parent": sample.trust_code_id}).text
    assert f'<option value="{sample.trust_code_id}" selected>Trust</option>' in form
    assert 'type="color"' in form and "sky blue" in form
    answer = client.post(
        _url(sample),
        data={
            "name": "Being believed",
            "parent_id": str(sample.trust_code_id),
            "definition": "Feeling that one's account is taken seriously.",
            "origin": "inductive",
            "colour": "#0072B2",
        },
    )
    assert answer.status_code == 200
    assert "Created the code &#39;Trust &gt; Being believed&#39;." in answer.text
    code = sample.project.codebook.get("Trust > Being believed")
    assert (code.origin.value, code.colour) == ("inductive", "#0072B2")
    assert str(answer.url).endswith(
        f"?code_id={code.id}#code-detail"
    ) or f"code_id={code.id}" in str(answer.url)


def test_a_custom_colour_or_the_automatic_one_can_be_chosen(
    client: TestClient, sample: SampleStudy
) -> None:
    client.post(
        _url(sample), data={"name": "Custom", "colour": "custom", "custom_colour": "#123abc"}
    )
    assert sample.project.codebook.get("Custom").colour == "#123ABC"
    client.post(_url(sample), data={"name": "Automatic", "colour": ""})
    assert sample.project.codebook.get("Automatic").colour is not None


def test_a_refused_new_code_shows_the_form_again_as_typed(
    client: TestClient, sample: SampleStudy
) -> None:
    before = _paths(sample)
    answer = client.post(
        _url(sample),
        data={"name": "hope", "definition": "My careful definition.", "origin": "inductive"},
    )
    assert answer.status_code == 422
    assert "Nothing was changed." in answer.text
    assert "There is already a code called &#39;Hope&#39; at the top level" in answer.text
    assert "My careful definition." in answer.text
    assert 'id="origin-inductive" name="origin" value="inductive" checked' in answer.text
    assert _paths(sample) == before


def test_editing_renames_and_changes_fields_in_one_step(
    client: TestClient, sample: SampleStudy
) -> None:
    form = client.get(_url(sample, f"/{sample.hope_code_id}/edit")).text
    assert 'value="Hope"' in form and "Hope for recovery." in form
    assert 'value="#009E73" checked' in form
    answer = client.post(
        _url(sample, f"/{sample.hope_code_id}/edit"),
        data={
            "name": "Hope for the future",
            "definition": "Hope for recovery.",
            "example": "It gave me hope.",
            "origin": "inductive",
            "colour": "#009E73",
        },
    )
    assert "Saved the code &#39;Hope for the future&#39;." in answer.text
    code = sample.project.codebook.get(sample.hope_code_id)
    assert (code.name, code.example) == ("Hope for the future", "It gave me hope.")


def test_a_bad_edit_shows_the_message_and_changes_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    before = sample.project.codebook.get(sample.hope_code_id)
    answer = client.post(
        _url(sample, f"/{sample.hope_code_id}/edit"),
        data={
            "name": "New name",
            "definition": "Changed",
            "colour": "custom",
            "custom_colour": "teal",
        },
    )
    assert answer.status_code == 422
    assert "&#39;teal&#39; is not a colour" in answer.text
    assert 'value="New name"' in answer.text
    assert sample.project.codebook.get(sample.hope_code_id) == before


# ---------------------------------------------------------------- moving, retiring


def test_a_code_moves_under_another_at_a_place(client: TestClient, sample: SampleStudy) -> None:
    answer = client.post(
        _url(sample, f"/{sample.hope_code_id}/move"),
        data={"parent_id": str(sample.trust_code_id), "position": "1"},
    )
    assert "Moved &#39;Hope&#39; to &#39;Trust&#39;, place 1." in answer.text
    assert _paths(sample)[:3] == ["Trust", "Trust > Hope", "Trust > Shared experience"]
    back = client.post(_url(sample, f"/{sample.hope_code_id}/move"), data={"parent_id": ""})
    assert "to &#39;the top level&#39;" in back.text
    assert _paths(sample)[-1] == "Hope"


def test_moving_under_its_own_sub_code_is_refused_with_the_services_message(
    client: TestClient, sample: SampleStudy
) -> None:
    before = _paths(sample)
    answer = client.post(
        _url(sample, f"/{sample.trust_code_id}/move"),
        data={"parent_id": str(sample.shared_code_id)},
    )
    assert "Nothing was changed." in answer.text
    assert (
        "Cannot move &#39;Trust&#39; under its own descendant "
        "&#39;Trust &gt; Shared experience&#39;." in answer.text
    )
    assert _paths(sample) == before
    zero = client.post(_url(sample, f"/{sample.hope_code_id}/move"), data={"position": "0"})
    assert "A position counts from 1" in zero.text
    assert _paths(sample) == before


def test_codes_move_up_and_down_among_their_siblings(
    client: TestClient, sample: SampleStudy
) -> None:
    down = client.post(_url(sample, f"/{sample.trust_code_id}/shift"), data={"direction": "down"})
    assert "Moved &#39;Trust&#39; down." in down.text
    assert [p for p in _paths(sample) if " > " not in p] == ["Hope", "Trust", "Boundaries"]
    client.post(_url(sample, f"/{sample.trust_code_id}/shift"), data={"direction": "up"})
    refused = client.post(_url(sample, f"/{sample.trust_code_id}/shift"), data={"direction": "up"})
    assert "&#39;Trust&#39; is already the first of its siblings." in refused.text
    assert [p for p in _paths(sample) if " > " not in p] == ["Trust", "Hope", "Boundaries"]
    odd = client.post(
        _url(sample, f"/{sample.trust_code_id}/shift"), data={"direction": "sideways"}
    )
    assert "Move a code up or down." in odd.text


def test_retiring_and_restoring_a_theme_with_its_sub_codes(
    client: TestClient, sample: SampleStudy
) -> None:
    retired = client.post(_url(sample, f"/{sample.trust_code_id}/retire"))
    assert "Retired &#39;Trust&#39; and 1 sub-code: their codings are kept" in retired.text
    assert "Not offered for coding; its codings are kept." in retired.text
    assert sample.project.codebook.get(sample.shared_code_id).retired
    again = client.post(_url(sample, f"/{sample.trust_code_id}/retire"))
    assert "The code was already retired." in again.text
    restored = client.post(
        _url(sample, f"/{sample.trust_code_id}/restore"), data={"recursive": "1"}
    )
    assert "Restored &#39;Trust&#39;, &#39;Trust &gt; Shared experience&#39;" in restored.text
    assert not sample.project.codebook.get(sample.shared_code_id).retired
    not_retired = client.post(_url(sample, f"/{sample.trust_code_id}/restore"))
    assert "The code was not retired." in not_retired.text


# ---------------------------------------------------------------- merging, deleting


def test_a_merge_is_previewed_then_confirmed(client: TestClient, sample: SampleStudy) -> None:
    choose = client.get(_url(sample, f"/{sample.hope_code_id}/merge"))
    assert choose.status_code == 200 and "Review the merge" in choose.text
    preview = client.get(
        _url(sample, f"/{sample.hope_code_id}/merge"),
        params={"target_id": sample.boundaries_code_id},
    )
    text = preview.text
    assert "<strong>1 coding</strong>" in text
    assert "<strong>0 sub-codes</strong>" in text
    assert "<strong>0 framework-matrix cells</strong>" in text
    assert "Hope" in _paths(sample)  # the preview changed nothing
    done = client.post(
        _url(sample, f"/{sample.hope_code_id}/merge"),
        data={"target_id": str(sample.boundaries_code_id)},
    )
    assert "Merged &#39;Hope&#39; into &#39;Boundaries&#39;: 1 coding." in done.text
    assert "Hope" not in _paths(sample)
    assert sample.project.codebook.get("Boundaries").coding_count == 1


def test_a_merge_into_a_sub_code_is_refused_on_the_preview(
    client: TestClient, sample: SampleStudy
) -> None:
    before = _paths(sample)
    preview = client.get(
        _url(sample, f"/{sample.trust_code_id}/merge"), params={"target_id": sample.shared_code_id}
    )
    assert preview.status_code == 422
    assert "Cannot merge &#39;Trust&#39; into its own descendant" in preview.text
    posted = client.post(
        _url(sample, f"/{sample.trust_code_id}/merge"),
        data={"target_id": str(sample.shared_code_id)},
    )
    assert "Cannot merge &#39;Trust&#39; into its own descendant" in posted.text
    assert _paths(sample) == before


def test_deleting_a_used_code_lists_what_goes_before_confirming(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(_url(sample, f"/{sample.trust_code_id}/delete")).text
    assert "1 sub-code: Trust &gt; Shared experience" in page
    assert "1 coding (the coded passages stay in the documents)" in page
    assert "1 memo on them will be kept, on the project." in page
    assert 'name="force" value="1"' in page
    assert "Trust" in _paths(sample)
    refused = client.post(_url(sample, f"/{sample.trust_code_id}/delete"))
    assert "has 1 coding (with its sub-codes)" in refused.text
    assert "Trust" in _paths(sample)
    done = client.post(_url(sample, f"/{sample.trust_code_id}/delete"), data={"force": "1"})
    assert (
        "Deleted &#39;Trust&#39; with 1 sub-code and 1 coding. "
        "1 memo on it kept, now on the project." in done.text
    )
    assert _paths(sample) == ["Hope", "Boundaries"]


def test_an_unused_code_is_deleted_after_a_simple_confirmation(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(_url(sample, f"/{sample.boundaries_code_id}/delete")).text
    assert "The code has no codings and no sub-codes." in page
    assert 'name="force"' not in page
    done = client.post(_url(sample, f"/{sample.boundaries_code_id}/delete"))
    assert "Deleted &#39;Boundaries&#39;." in done.text
    assert "Boundaries" not in _paths(sample)


# ---------------------------------------------------------------- history


def test_the_history_lists_every_change_newest_first_in_words(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.codebook.edit("Hope", name="Hopefulness", definition="Hope for the future.")
    html = client.get(_url(sample, "/history")).text
    assert "History of the framework" in html
    rows = re.findall(r"<td>(Created|Renamed|Edited)</td>", html)
    assert rows == ["Edited", "Renamed", "Created", "Created", "Created", "Created"]
    assert '<span class="history-field">definition</span>: &#39;Hope for recovery.&#39; ' in html
    assert (
        f'href="/projects/{sample.project_id}/codebook?code_id={sample.hope_code_id}#code-detail"'
        in html
    )


def test_the_history_is_filtered_by_code_kind_and_person(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.codebook.rename("Hope", "Hopefulness")
    own = client.get(_url(sample, "/history"), params={"code_id": sample.hope_code_id}).text
    assert "History of" in own and "2 changes." in own
    renamed = client.get(_url(sample, "/history"), params={"action": "code.rename"}).text
    assert "1 of 5 changes." in renamed
    nobody = client.get(_url(sample, "/history"), params={"who": "nobody"}).text
    assert "Nothing matches these filters." in nobody
    text = client.get(_url(sample, "/history"), params={"q": "boundaries"}).text
    assert "1 of 5 changes." in text


def test_a_long_history_is_split_into_pages(client: TestClient, sample: SampleStudy) -> None:
    for number in range(105):
        sample.project.codebook.edit("Boundaries", example=f"Example {number}")
    first = client.get(_url(sample, "/history")).text
    assert "Page 1 of 2" in first and "Older changes" in first
    second = client.get(_url(sample, "/history"), params={"page": 2}).text
    assert "Page 2 of 2" in second and "Newer changes" in second


# ---------------------------------------------------------------- codebook files

CSV = b"code,definition\nTrust,Confidence in others.\nTrust > Safety,Feeling safe.\n"


def test_an_import_is_previewed_then_confirmed(client: TestClient, sample: SampleStudy) -> None:
    form = client.get(_url(sample, "/import")).text
    assert 'type="file"' in form and "The file's layout" in form
    preview = client.post(_url(sample, "/import"), files={"file": ("frame.csv", CSV, "text/csv")})
    assert preview.status_code == 200
    assert "1 code created, 1 updated, 0 unchanged. Nothing has been imported yet." in preview.text
    assert "<li>Trust &gt; Safety</li>" in preview.text
    assert "Confidence in others." in preview.text
    assert "Trust > Safety" not in _paths(sample)
    token = re.search(r'name="token" value="([0-9a-f]{32})"', preview.text)
    assert token is not None
    done = client.post(_url(sample, "/import/confirm"), data={"token": token.group(1)})
    assert "Imported frame.csv: 1 code created, 1 updated." in done.text
    assert "Trust > Safety" in _paths(sample)
    assert sample.project.codebook.get("Trust").definition == "Confidence in others."
    gone = client.post(_url(sample, "/import/confirm"), data={"token": token.group(1)})
    assert "That upload has expired" in gone.text


def test_a_previewed_import_can_be_cancelled(client: TestClient, sample: SampleStudy) -> None:
    preview = client.post(_url(sample, "/import"), files={"file": ("frame.csv", CSV, "text/csv")})
    token = re.search(r'name="token" value="([0-9a-f]{32})"', preview.text)
    assert token is not None
    cancelled = client.post(_url(sample, "/import/cancel"), data={"token": token.group(1)})
    assert "Nothing was imported." in cancelled.text
    assert "Trust > Safety" not in _paths(sample)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("codes.csv", b"code,origin\nNew,emergent\n", "codes.csv, line 2: "),
        ("codes.pdf", b"%PDF-1.4", "codes.pdf: a codebook must be one of"),
        ("empty.csv", b"", "empty.csv: the file is empty"),
    ],
)
def test_a_bad_codebook_file_is_named_with_its_problem_and_nothing_is_imported(
    client: TestClient, sample: SampleStudy, name: str, data: bytes, message: str
) -> None:
    before = _paths(sample)
    answer = client.post(_url(sample, "/import"), files={"file": (name, data, "text/csv")})
    assert answer.status_code == 422
    assert "Nothing was changed." in answer.text
    assert message in answer.text
    assert _paths(sample) == before


def test_importing_without_a_file_asks_for_one(client: TestClient, sample: SampleStudy) -> None:
    answer = client.post(_url(sample, "/import"), data={"replace": "1"})
    assert answer.status_code == 422
    assert "Choose a codebook file (CSV, Excel or YAML) to import." in answer.text


def test_a_file_that_changes_nothing_says_so(client: TestClient, sample: SampleStudy) -> None:
    same = b"code\nTrust\nHope\n"
    answer = client.post(_url(sample, "/import"), files={"file": ("same.csv", same, "text/csv")})
    assert "Nothing: every code in same.csv is already in the codebook" in answer.text
    assert 'name="token"' not in answer.text


# ---------------------------------------------------------------- versions


def test_the_edit_form_carries_the_version_and_a_stale_one_shows_the_conflict(
    client: TestClient, sample: SampleStudy
) -> None:
    form = client.get(_url(sample, f"/{sample.hope_code_id}/edit")).text
    assert '<input type="hidden" name="if_version" value="1">' in form
    sample.project.codebook.edit(sample.hope_code_id, definition="Someone else's edit.")
    answer = client.post(
        _url(sample, f"/{sample.hope_code_id}/edit"),
        data={"name": "Hope", "definition": "My edit.", "colour": "#009E73", "if_version": "1"},
    )
    assert answer.status_code == 422
    assert "was changed by someone else since you read it" in answer.text
    assert "My edit." in answer.text  # what the user typed is shown again
    assert sample.project.codebook.get(sample.hope_code_id).definition == "Someone else's edit."


def test_the_detail_forms_carry_the_version_and_a_stale_one_changes_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(_url(sample), params={"code_id": sample.hope_code_id}).text
    detail = page[page.index('id="code-detail"') :]
    assert detail.count('name="if_version" value="1"') == 4  # up, down, move, retire
    sample.project.codebook.edit(sample.hope_code_id, definition="Changed elsewhere.")
    for action, data in (
        ("retire", {}),
        ("shift", {"direction": "down"}),
        ("move", {"parent_id": str(sample.trust_code_id)}),
    ):
        answer = client.post(
            _url(sample, f"/{sample.hope_code_id}/{action}"), data={**data, "if_version": "1"}
        )
        assert "was changed by someone else since you read it" in answer.text, action
    hope = sample.project.codebook.get(sample.hope_code_id)
    assert (hope.retired, hope.parent_id, hope.version) == (False, None, 2)


def test_the_merge_and_delete_confirmations_say_what_points_at_the_code(
    client: TestClient, sample: SampleStudy
) -> None:
    preview = client.get(
        _url(sample, f"/{sample.hope_code_id}/merge"),
        params={"target_id": sample.boundaries_code_id},
    ).text
    assert "Merging &#39;Hope&#39; into &#39;Boundaries&#39; moves 1 coding." in preview
    assert '<input type="hidden" name="if_version" value="1">' in preview
    sample.project.codebook.edit(sample.boundaries_code_id, definition="Changed elsewhere.")
    stale = client.post(
        _url(sample, f"/{sample.hope_code_id}/merge"),
        data={"target_id": str(sample.boundaries_code_id), "if_version": "1"},
    )
    assert "was changed by someone else since you read it" in stale.text
    assert "Hope" in _paths(sample)
    delete = client.get(_url(sample, f"/{sample.trust_code_id}/delete")).text
    assert (
        "Deleting &#39;Trust&#39; and its 1 sub-code removes 1 coding and 1 memo link; "
        "the memos stay (without those links)." in delete
    )
    assert '<input type="hidden" name="if_version" value="1">' in delete


def test_the_delete_page_of_a_charted_code_says_why_it_cannot_go(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.matrix.write_summary("P01", "Hope", "Hopeful.")
    page = client.get(_url(sample, f"/{sample.hope_code_id}/delete"))
    assert page.status_code == 409
    assert "would delete 1 charted matrix cell (P01 × Hope)" in page.text
    assert 'class="button--danger">Delete the code' not in page.text
