"""The document view page: the transcript exactly as stored, speakers, codings,
deep links to passages and codings, filters, and the forms that work without
scripts."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

import qualframe
from web.sample_study import FOCUS_GROUP, INTERVIEW, SampleStudy


class _Blocks(HTMLParser):
    """The text of every ``.block__text`` with its block's data-start/data-end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, int, str]] = []
        self._span: tuple[int, int] | None = None
        self._depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("class") == "block":
            self._span = (int(values["data-start"] or 0), int(values["data-end"] or 0))
        if self._depth:
            self._depth += 1
        elif values.get("class") == "block__text":
            self._depth, self._text = 1, []

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
            if not self._depth and self._span is not None:
                self.blocks.append((*self._span, "".join(self._text)))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._text.append(data)


def _page(client: TestClient, sample: SampleStudy, document_id: int, **query: object) -> str:
    answer = client.get(
        f"/projects/{sample.project_id}/documents/{document_id}", params=query or None
    )
    assert answer.status_code == 200, answer.text
    return answer.text


def _blocks(html: str) -> list[tuple[int, int, str]]:
    parser = _Blocks()
    parser.feed(html)
    return parser.blocks


def _data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="document-data">(.*?)</script>', html)
    assert found is not None
    return json.loads(found.group(1))


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


# ---------------------------------------------------------------- the transcript


@pytest.mark.parametrize("which", ["interview", "focus group"])
def test_every_block_holds_exactly_the_stored_text_at_its_offsets(
    client: TestClient, sample: SampleStudy, which: str
) -> None:
    document, text = (
        (sample.interview_id, INTERVIEW)
        if which == "interview"
        else (sample.focus_group_id, FOCUS_GROUP)
    )
    blocks = _blocks(_page(client, sample, document))
    assert blocks
    for start, end, shown in blocks:
        assert shown == text[start:end]
    covered = "".join(text[start:end] for start, end, _ in blocks)
    assert covered == "".join(text.split("\n\n")).replace("\n", "")


def test_turns_show_the_speaker_and_what_the_label_maps_to(
    client: TestClient, sample: SampleStudy
) -> None:
    html = _page(client, sample, sample.focus_group_id)
    assert (
        '<span class="turn__label">Sam</span><span class="turn__maps">P02 · Trust A</span>' in html
    )
    assert (
        '<span class="turn__label">Facilitator</span><span class="turn__maps">interviewer' in html
    )
    assert '<span class="turn-label">Ali: </span>Zoë and the Ñ̈ group' in html
    assert "<h1>Focus group</h1>" in html
    assert 'P02 <span class="muted">(Trust A)</span>' in html
    assert 'aria-current="page">Documents</a>' in html


def test_unmapped_speaker_labels_are_flagged_with_a_link_to_the_speakers_page(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.documents.unmap_speaker("Ali")
    html = _page(client, sample, sample.focus_group_id)
    assert "1 speaker label not mapped</strong> in this document:\n  Ali." in html
    assert f'href="/projects/{sample.project_id}/speakers"' in html
    assert "turn__maps--unmapped" in html
    assert "speaker label not mapped" not in _page(client, sample, sample.interview_id)


def test_the_scripts_get_the_codings_codes_and_recent_codes(
    client: TestClient, sample: SampleStudy
) -> None:
    data = _data(_page(client, sample, sample.interview_id))
    coding = sample.project.coding.get(sample.coding_id)
    assert data["document"] == sample.interview_id
    assert data["length"] == len(INTERVIEW)
    assert data["codings"] == [
        [coding.id, coding.code_id, coding.start, coding.end, data["coders"].index("tester"), 0]
    ]
    assert [code["path"] for code in data["codes"]] == [
        "Trust", "Trust > Shared experience", "Hope", "Boundaries",
    ]  # fmt: skip
    assert data["recent"] == [sample.hope_code_id, sample.shared_code_id]
    assert data["user"] == "tester"


def test_an_unknown_document_is_a_404_page(client: TestClient, sample: SampleStudy) -> None:
    answer = client.get(f"/projects/{sample.project_id}/documents/99")
    assert answer.status_code == 404
    assert "There is no document with id 99 in this project." in answer.text


# ---------------------------------------------------------------- deep links


def test_a_passage_is_marked_scrolled_to_and_offered_for_coding(
    client: TestClient, sample: SampleStudy
) -> None:
    start, end = _span(INTERVIEW, "and I knew what it was like")
    html = _page(client, sample, sample.interview_id, start=start, end=end)
    assert '<mark class="passage" id="passage">and I knew what it was like</mark>' in html
    assert "The marked passage is" in html
    assert _data(html)["passage"] == [start, end]
    for block_start, block_end, shown in _blocks(html):
        assert shown == INTERVIEW[block_start:block_end]


def test_a_passage_over_a_label_and_two_turns_keeps_the_text_exact(
    client: TestClient, sample: SampleStudy
) -> None:
    start, end = _span(INTERVIEW, "like. That shared experience is where trust starts.\n\nInter")
    html = _page(client, sample, sample.interview_id, start=start, end=end)
    assert html.count('id="passage"') == 1
    assert html.count('<mark class="passage"') == 2
    assert '<mark class="passage"><span class="turn-label">Inter</span></mark>' in html
    for block_start, block_end, shown in _blocks(html):
        assert shown == INTERVIEW[block_start:block_end]


def test_a_passage_outside_the_document_is_explained_not_marked(
    client: TestClient, sample: SampleStudy
) -> None:
    html = _page(client, sample, sample.interview_id, start=300, end=900)
    assert "The passage [300, 900) cannot be shown: it ends at 900 but the document has" in html
    assert "<mark" not in html
    assert _data(html)["passage"] is None


def test_the_marked_passage_is_coded_with_the_form(client: TestClient, sample: SampleStudy) -> None:
    start, end = _span(FOCUS_GROUP, "She had been through it too")
    answer = client.post(
        f"/projects/{sample.project_id}/documents/{sample.focus_group_id}/codings",
        data={"code_id": sample.trust_code_id, "start": start, "end": end},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    coded = sample.project.coding.codings(code="Trust")
    assert list(coded["text"]) == ["She had been through it too"]
    assert answer.headers["location"].endswith(f"?coding={coded['coding_id'][0]}#coding-details")
    page = client.get(answer.headers["location"])
    assert "Coded the passage with &#39;Trust&#39;." in page.text


def test_coding_a_passage_badly_says_why_and_codes_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    page = f"/projects/{sample.project_id}/documents/{sample.interview_id}?start=0&end=5"
    answer = client.post(
        f"/projects/{sample.project_id}/documents/{sample.interview_id}/codings",
        data={"code_id": sample.hope_code_id, "start": 5, "end": 0},
        headers={"referer": f"http://localhost{page}"},
    )
    assert "Span [5, 0) is not valid in P01 interview.txt: start must be before end." in (
        answer.text
    )
    assert len(sample.project.coding.codings()) == 2


def test_a_coding_opens_with_its_details_and_memos(client: TestClient, sample: SampleStudy) -> None:
    sample.project.memos.add("Trust first", kind="reflexive", body="**Bold** idea",
                             coding=sample.coding_id)  # fmt: skip
    html = _page(client, sample, sample.interview_id, coding=sample.coding_id)
    details = html[html.index('id="coding-details"') : html.index('id="codings-title"')]
    assert "Trust &gt; Shared experience" in details
    assert '<blockquote class="coding-quote"' in details
    assert ">That shared experience</blockquote>" in details
    assert "Memos on this coding (1)" in details
    assert "<strong>Bold</strong> idea" in details
    assert "Reflexive memo by tester" in details
    assert 'aria-current="true"' in html
    assert _data(html)["selected"] == sample.coding_id


def test_a_coding_of_another_document_redirects_to_its_document(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.get(
        f"/projects/{sample.project_id}/documents/{sample.focus_group_id}",
        params={"coding": sample.coding_id},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == (
        f"/projects/{sample.project_id}/documents/{sample.interview_id}"
        f"?coding={sample.coding_id}#coding-details"
    )


def test_a_removed_coding_is_explained_on_the_page(client: TestClient, sample: SampleStudy) -> None:
    html = _page(client, sample, sample.interview_id, coding=999)
    assert "There is no coding with id 999 in this project. It may have been removed." in html


def test_the_panel_fragment_shows_one_codings_details(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.get(f"/projects/{sample.project_id}/codings/{sample.coding_id}/panel")
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<section id="coding-details"')
    assert "<html" not in answer.text
    assert 'data-coder="tester"' in answer.text
    assert client.get(f"/projects/{sample.project_id}/codings/999/panel").status_code == 404


# ---------------------------------------------------------------- filters


def test_filters_by_code_and_coder_hide_codings_in_the_list(
    client: TestClient, sample: SampleStudy
) -> None:
    ann = qualframe.open_project(
        database=sample.project.database, user="ann", project_id=sample.project_id
    )
    start, end = _span(INTERVIEW, "Some situations are harrowing.")
    ann.coding.apply(sample.interview_id, sample.hope_code_id, start, end)
    html = _page(client, sample, sample.interview_id)
    assert "Showing all 2 codings." in html
    assert '<option value="ann">ann (1)</option>' in html
    filtered = _page(client, sample, sample.interview_id, coder="ann")
    assert "Showing 1 of 2 codings." in filtered
    assert filtered.count("<li data-coding=") == 2, "hidden codings stay for the scripts"
    assert re.search(rf'<li data-coding="{sample.coding_id}" hidden>', filtered)
    by_code = _page(client, sample, sample.interview_id, code_id=sample.shared_code_id)
    assert "Showing 1 of 2 codings." in by_code
    assert f'value="{sample.hope_code_id}" id="filter-code-{sample.hope_code_id}">' in by_code
    assert _data(by_code)["filters"] == {"codes": [sample.shared_code_id], "coder": None}
    assert f'href="?code_id={sample.shared_code_id}&amp;coding=' in by_code


# ---------------------------------------------------------------- forms without scripts


def _post(client: TestClient, sample: SampleStudy, action: str, **form: object):
    page = f"/projects/{sample.project_id}/documents/{sample.interview_id}"
    return client.post(
        f"/projects/{sample.project_id}/codings/{sample.coding_id}/{action}",
        data=form,
        headers={"referer": f"http://localhost{page}?coding={sample.coding_id}"},
        follow_redirects=False,
    )


def test_a_coding_is_given_another_code_with_the_form(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = _post(client, sample, "code", code_id=sample.hope_code_id)
    assert answer.status_code == 303
    assert answer.headers["location"].endswith(f"?coding={sample.coding_id}#coding-details")
    assert sample.project.coding.get(sample.coding_id).code == "Hope"
    assert (
        "The coding now has the code &#39;Hope&#39;." in client.get(answer.headers["location"]).text
    )


def test_a_coding_is_extended_or_moved_with_the_form(
    client: TestClient, sample: SampleStudy
) -> None:
    assert _post(client, sample, "span", extend="turn").status_code == 303
    assert sample.project.coding.get(sample.coding_id).text.startswith("P01: I had been")
    start, end = _span(INTERVIEW, "trust starts")
    _post(client, sample, "span", start=start, end=end, next="/elsewhere?x=1")
    assert sample.project.coding.get(sample.coding_id).text == "trust starts"


def test_a_bad_span_in_the_form_says_why_and_changes_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    for form, message in [
        ({"start": 100, "end": 5000}, "it ends at 5000 but the document has 318 characters"),
        ({}, "Choose what to extend the coding to, or give its new start and end."),
        ({"extend": "chapter"}, "A coding can be extended to one of: sentence, paragraph, turn"),
    ]:
        answer = _post(client, sample, "span", **form)
        page = client.get(answer.headers["location"])
        assert "Nothing was changed." in page.text, form
        assert message in page.text, form
    assert sample.project.coding.get(sample.coding_id).text == "That shared experience"


def test_a_coding_is_removed_with_the_form(client: TestClient, sample: SampleStudy) -> None:
    back = f"/projects/{sample.project_id}/documents/{sample.interview_id}"
    answer = _post(client, sample, "remove", next=back)
    assert answer.headers["location"] == back
    assert "Removed &#39;Trust &gt; Shared experience&#39; from “That shared experience”." in (
        client.get(back).text
    )
    assert len(sample.project.coding.codings()) == 1


def test_removing_a_coding_with_a_memo_says_the_memo_is_kept_as_a_project_memo(
    client: TestClient, sample: SampleStudy
) -> None:
    memo = sample.project.memos.add("Why", kind="analytic", coding=sample.coding_id)
    panel = client.get(f"/projects/{sample.project_id}/codings/{sample.coding_id}/panel").text
    note = "1 memo on this coding will be kept, without its link to it."
    assert f'data-consequence="{note}"' in panel
    assert f'<p class="hint" id="remove-note" data-testid="removal-note">{note}</p>' in panel
    back = f"/projects/{sample.project_id}/documents/{sample.interview_id}"
    _post(client, sample, "remove", next=back)
    assert "1 memo on this coding is kept, without its link to it." in client.get(back).text
    assert sample.project.memos.get(memo.id).target_label == "project"


def test_a_memo_is_added_with_the_form_and_an_empty_title_is_refused(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = _post(client, sample, "memos", title="Shared", kind="methodological", body="- a")
    assert "Added the memo &#39;Shared&#39;." in client.get(answer.headers["location"]).text
    memos = sample.project.memos.list(coding=sample.coding_id)
    assert [(m.title, m.kind.value) for m in memos] == [("Shared", "methodological")]
    refused = _post(client, sample, "memos", title=" ", kind="analytic")
    assert "A memo needs a title." in client.get(refused.headers["location"]).text
    assert len(sample.project.memos.list(coding=sample.coding_id)) == 1


def test_each_turn_links_to_saying_who_speaks_in_it_and_shows_its_own_mapping(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.documents.map_turn(sample.focus_group_id, 3, "P03")
    html = _page(client, sample, sample.focus_group_id)
    turns = f"/projects/{sample.project_id}/speakers/turns?document_id={sample.focus_group_id}"
    assert f'(<a href="{turns}">who speaks in each</a>)'.replace("&", "&amp;") in html
    change = f'<a class="turn__change" href="{turns}&turn=3#change" tabindex="-1">change'
    assert change.replace("&", "&amp;") in html
    assert (
        '<span class="turn__label">Ali</span><span class="turn__maps">P03 · Charity B · this turn'
        in (html)
    )
    chooser = client.get(f"{turns}&turn=3")
    assert chooser.status_code == 200 and "Turn 3: Ali" in chooser.text
