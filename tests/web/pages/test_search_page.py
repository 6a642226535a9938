"""The search page: keyword in context, filters, paging, and coding all hits."""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote, urlencode

from fastapi.testclient import TestClient

from web.sample_study import FOCUS_GROUP, INTERVIEW, SampleStudy

#: A note with five paragraphs about recovery, for paging.
NOTES = "\n\n".join(f"Paragraph {n}: recovery takes time, step {n}." for n in range(1, 6)) + "\n"


def _search(client: TestClient, sample: SampleStudy, **params: object) -> str:
    answer = client.get(f"/projects/{sample.project_id}/search?{urlencode(params, doseq=True)}")
    assert answer.status_code == 200
    return answer.text


def _text(page: str) -> str:
    """The page's text: inline tags removed, others read as a space, white space collapsed."""
    inline = re.sub(r"</?(?:strong|span|a|mark|em|kbd)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def _codings(sample: SampleStudy, code_id: int) -> list[tuple[int, int, int]]:
    frame = sample.project.coding.codings(code=code_id, include_subcodes=False)
    return sorted(zip(frame["document_id"], frame["start"], frame["end"], strict=True))


def _add_notes(sample: SampleStudy) -> None:
    sample.project.documents.import_bytes("Team notes.txt", NOTES.encode())


def test_the_search_page_offers_the_form_and_how_to_search(
    client: TestClient, sample: SampleStudy
) -> None:
    page = _search(client, sample)
    assert 'role="search"' in page
    assert '<label for="q">Words or phrases</label>' in page
    assert "How to search" in page
    assert 'data-testid="search-results"' not in page
    assert 'aria-current="page">Search</a>' in page


def test_hits_show_the_title_of_a_renamed_document(client: TestClient, sample: SampleStudy) -> None:
    sample.project.documents.rename("P01 interview.txt", "Interview with a peer worker")
    page = _search(client, sample, q="trust")
    assert '<span class="kwic__doc">Interview with a peer worker</span>' in page
    assert "“trust” in Interview with a peer worker</span>" in page
    assert '<span class="kwic__doc">Focus group</span>' in page  # not renamed: its title
    assert "P01 interview" not in _text(page).split("Hits of the search")[-1]


def test_hits_are_shown_in_context_with_a_link_to_their_place(
    client: TestClient, sample: SampleStudy
) -> None:
    page = _search(client, sample, q="trust")
    text = _text(page)
    assert "2 matching passages for trust (2 hits)." in text
    assert page.count("<mark>trust</mark>") == 2
    assert "I knew what it was like. That shared experience is where trust starts." in text
    # Offsets are code points of the stored (NFC) text: the emoji before the
    # interview's hit counts once, the combining mark in the focus group too.
    interview_at = INTERVIEW.index("trust starts")
    focus_at = unicodedata.normalize("NFC", FOCUS_GROUP).index("trust the service")
    pid = sample.project_id
    assert (
        f'href="/projects/{pid}/documents/{sample.interview_id}'
        f'?start={interview_at}&amp;end={interview_at + 5}#passage"' in page
    )
    assert (
        f'href="/projects/{pid}/documents/{sample.focus_group_id}'
        f'?start={focus_at}&amp;end={focus_at + 5}#passage"' in page
    )
    assert "Ali · P03" in text  # the speaker label and who it is


def test_the_speaker_label_is_not_part_of_the_context(
    client: TestClient, sample: SampleStudy
) -> None:
    text = _text(_search(client, sample, q="service"))
    assert "Zoë and the Ñ̈ group helped me trust the service again." in text
    assert "Ali: Zoë" not in text


def test_filters_narrow_the_hits_and_stay_chosen(client: TestClient, sample: SampleStudy) -> None:
    page = _search(client, sample, q="trust", speaker="Ali")
    assert "1 matching passage for trust (1 hit)." in _text(page)
    assert 'value="Ali" id="speaker-1" checked' in page
    assert '<details class="search-filters" open>' in page
    page = _search(client, sample, q="trust", document_id=sample.interview_id)
    assert "1 matching passage" in _text(page)
    assert f'value="{sample.interview_id}" id="doc-{sample.interview_id}" checked' in page
    page = _search(client, sample, q="trust", where="stakeholder group=service user")
    assert "Nothing matches trust with these filters." in _text(page)
    assert '<option value="stakeholder group=service user" selected>' in page


def test_results_come_in_pages_with_links_to_the_next_and_previous(
    client: TestClient, sample: SampleStudy
) -> None:
    _add_notes(sample)
    first = _search(client, sample, q="recovery", limit=2)
    assert "5 matching passages for recovery; passages 1–2 shown (2 hits)." in _text(first)
    second_page = f"/projects/{sample.project_id}/search?q=recovery&amp;limit=2&amp;offset=2"
    assert f'rel="next" href="{second_page}"' in first
    assert 'rel="prev"' not in first
    last = _search(client, sample, q="recovery", limit=2, offset=4)
    assert "Passages 5–5 of 5" in _text(last)
    assert f'rel="prev" href="{second_page}"' in last
    assert 'rel="next"' not in last
    assert '<option value="2" selected>2</option>' in last  # an odd page size stays offered


def test_a_query_that_only_excludes_is_explained_on_the_page(
    client: TestClient, sample: SampleStudy
) -> None:
    page = _search(client, sample, q="-trust")
    assert "The search could not run." in page
    assert "A search needs at least one word to find, not only words to leave out." in page
    assert 'value="-trust"' in page  # the query stays in the form to be corrected
    assert 'data-testid="kwic"' not in page


def test_an_unknown_speaker_label_is_explained_on_the_page(
    client: TestClient, sample: SampleStudy
) -> None:
    page = _search(client, sample, q="trust", speaker="Nobody")
    assert "The search could not run." in page
    assert "Nobody" in _text(page)


def test_the_preview_says_what_coding_all_hits_would_do_and_writes_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    before = _codings(sample, sample.hope_code_id)
    page = _search(
        client, sample, q="trust", code_id=sample.hope_code_id, spread="sentence", preview=1
    )
    text = _text(page)
    assert (
        "Coding the sentence of each hit with 'Hope' would code 2 passages in 2 documents "
        "(2 hits in 2 matching passages of the search)." in text
    )
    assert "Code 2 passages with Hope" in text
    assert f'<input type="hidden" name="code_id" value="{sample.hope_code_id}">' in page
    assert '<input type="hidden" name="spread" value="sentence">' in page
    assert _codings(sample, sample.hope_code_id) == before


def test_a_preview_without_a_code_asks_for_one(client: TestClient, sample: SampleStudy) -> None:
    page = _search(client, sample, q="trust", preview=1)
    assert "Choose the code to apply to the hits." in page
    assert 'data-testid="plan"' not in page


def test_confirming_codes_every_hit_and_returns_to_the_results(
    client: TestClient, sample: SampleStudy
) -> None:
    form = {"q": "trust", "code_id": str(sample.hope_code_id), "spread": "sentence", "limit": "50"}
    answer = client.post(
        f"/projects/{sample.project_id}/search/code-all-hits", data=form, follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == (
        f"/projects/{sample.project_id}/search?q=trust&limit=50&offset=0"
    )
    page = client.get(answer.headers["location"]).text
    assert "Coded 2 passages with 'Hope' (the sentence of each hit)." in _text(page)
    sentence = "That shared experience is where trust starts."
    at = INTERVIEW.index(sentence)
    assert (sample.interview_id, at, at + len(sentence)) in _codings(sample, sample.hope_code_id)
    log = sample.project.audit_log()
    assert "search.code_hits" in set(log["action"])


def test_coding_the_hits_again_adds_nothing_and_says_so(
    client: TestClient, sample: SampleStudy
) -> None:
    form = {"q": "trust", "code_id": str(sample.hope_code_id), "spread": "match"}
    url = f"/projects/{sample.project_id}/search/code-all-hits"
    client.post(url, data=form)
    coded = _codings(sample, sample.hope_code_id)
    page = client.post(url, data=form).text
    assert (
        "Coded 0 passages with 'Hope' (the words found). 2 passages already coded with 'Hope' "
        "by you were left as they are." in _text(page)
    )
    assert _codings(sample, sample.hope_code_id) == coded
    preview = _search(
        client, sample, q="trust", code_id=sample.hope_code_id, spread="match", preview=1
    )
    assert "would be left as they are" in _text(preview)
    assert "Code 0 passages" not in preview  # nothing to confirm


def test_a_retired_code_is_refused_and_nothing_is_coded(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.codebook.retire(sample.boundaries_code_id)
    search = f"http://localhost/projects/{sample.project_id}/search?q=trust"
    form = {"q": "trust", "code_id": str(sample.boundaries_code_id), "spread": "sentence"}
    answer = client.post(
        f"/projects/{sample.project_id}/search/code-all-hits",
        data=form,
        headers={"Referer": search},
    )
    assert "Nothing was changed." in answer.text
    assert "is retired and cannot be applied" in _text(answer.text)
    assert _codings(sample, sample.boundaries_code_id) == []


def test_confirming_without_a_code_is_refused_and_nothing_is_coded(
    client: TestClient, sample: SampleStudy
) -> None:
    before = len(sample.project.coding.codings())
    answer = client.post(
        f"/projects/{sample.project_id}/search/code-all-hits",
        data={"q": "trust", "code_id": ""},
        headers={"Referer": f"http://localhost/projects/{sample.project_id}/search?q=trust"},
    )
    assert "Choose the code to apply to the hits." in answer.text
    assert len(sample.project.coding.codings()) == before


def test_filters_travel_with_the_confirmation(client: TestClient, sample: SampleStudy) -> None:
    where = "stakeholder group=peer worker"
    page = _search(
        client, sample, q="trust", speaker="Ali", where=where,
        code_id=sample.hope_code_id, preview=1,
    )  # fmt: skip
    assert "would code 1 passage in 1 document" in _text(page)
    assert f'<input type="hidden" name="where" value="{where}">' in page
    assert '<input type="hidden" name="speaker" value="Ali">' in page
    answer = client.post(
        f"/projects/{sample.project_id}/search/code-all-hits",
        data={"q": "trust", "speaker": "Ali", "where": where, "code_id": sample.hope_code_id},
        follow_redirects=False,
    )
    assert f"where={quote(where)}".replace("%20", "+") in answer.headers["location"]
    assert [d for d, _, _ in _codings(sample, sample.hope_code_id)].count(
        sample.focus_group_id
    ) == 2
