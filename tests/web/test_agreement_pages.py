"""The agreement pages, in-process: the figures named and explained with the
unit in the heading, opening a round from the page's choices, the round's
figures at opening and now, the disagreement queue with each coder's reading,
resolving a disagreement (gone from the queue, listed as resolved), a stale
resolution refused with nothing changed, deleting a round, and bad input."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.services.team.figures import PREFERRED, SCALE, SPAN_FIGURES, UNIT_FIGURES
from qualframe.web.team import pages
from web.agreement_study import ALI_TRUST, SAM_BELIEVED, SAM_HOPE, Coded, double_code, span_of
from web.sample_study import SampleStudy


def _text(answer: object) -> str:
    return html.unescape(getattr(answer, "text"))  # noqa: B009


@pytest.fixture
def coded(sample: SampleStudy) -> Coded:
    return double_code(sample)


def _base(coded: Coded) -> str:
    return f"/projects/{coded.study.project_id}/agreement"


PAIR = [("coder", "Ann"), ("coder", "Ben")]


def _open(client: TestClient, coded: Coded, name: str = "Pilot", unit: str = "turn") -> str:
    """Open a round on Ann and Ben's coding through the form; its page's path."""
    data = {"name": name, "note": "First check", "unit": unit, "coder": ["Ann", "Ben"]}
    answer = client.post(f"{_base(coded)}/rounds", data=data, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def _codings(coded: Coded) -> list[tuple[str, str, int, int]]:
    return sorted((c.coder, c.code, c.start, c.end) for c in coded.project.coding.listing())


# ---------------------------------------------------------------- the agreement page


def test_the_page_states_the_unit_in_its_heading_and_explains_every_figure(
    client: TestClient, coded: Coded
) -> None:
    page = client.get(_base(coded), params=[("unit", "turn"), *PAIR])
    assert page.status_code == 200
    text = _text(page)
    assert 'data-testid="agreement-heading">Agreement between coders on speaker turns<' in text
    pid = coded.study.project_id
    assert f'<a href="/projects/{pid}/agreement" aria-current="page">Agreement</a>' in page.text
    for figure in UNIT_FIGURES:
        assert figure.name in text and figure.meaning in text
    assert SCALE in text and PREFERRED in text
    assert "report this one" in text
    overall = re.search(r'data-testid="overall-figures">(.*?)</ul>', text, re.S)
    assert overall is not None and "Krippendorff's alpha (α)" in overall[1]
    table = re.search(r'data-testid="per-code-figures".*?</table>', text, re.S)
    assert table is not None and ">Hope<" in table[0] and ">Trust<" in table[0]
    assert "Ann: 1; Ben: 0" in table[0]  # Trust, applied to one turn by Ann
    # The choices are ticked as given, and carried by the form opening a round.
    assert re.search(r'name="coder" value="Ann" checked', page.text)
    form = re.search(r'data-testid="open-round-form">(.*?)</form>', page.text, re.S)
    assert form is not None and 'name="coder" value="Ben"' in form[1]


def test_on_spans_the_uncoded_share_stands_beside_the_character_figures(
    client: TestClient, coded: Coded
) -> None:
    page = client.get(_base(coded), params=[("unit", "span"), *PAIR])
    assert page.status_code == 200
    text = _text(page)
    assert "Agreement between coders on the text itself (spans)" in text
    for figure in SPAN_FIGURES:
        assert figure.name in text
    warning = re.search(r'data-testid="uncoded-warning">(.*?)</div>', text, re.S)
    assert warning is not None
    assert re.search(r"\d+% of the text no coder coded", warning[1])
    assert "swamped" in warning[1]


def test_without_choices_the_defaults_are_ticked(client: TestClient, coded: Coded) -> None:
    page = client.get(_base(coded))
    assert page.status_code == 200
    for coder in ("Ann", "Ben", "tester"):
        assert re.search(rf'name="coder" value="{coder}" checked', page.text)
    focus = coded.study.focus_group_id
    interview = coded.study.interview_id
    assert re.search(rf'name="document_id" value="{focus}" checked', page.text)
    assert not re.search(rf'name="document_id" value="{interview}" checked', page.text)


def test_a_project_nobody_double_coded_is_told_why_there_are_no_figures(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(f"/projects/{sample.project_id}/agreement")
    assert page.status_code == 200
    problem = re.search(r'data-testid="agreement-problem"><p>(.*?)</p>', _text(page), re.S)
    assert problem is not None and "at least two coders" in problem[1]
    assert 'data-testid="agreement-figures"' not in page.text
    assert "No round yet." in page.text


def test_an_unknown_coder_is_named_and_nothing_is_measured(
    client: TestClient, coded: Coded
) -> None:
    page = client.get(_base(coded), params=[("coder", "Ann"), ("coder", "Zed")])
    assert page.status_code == 422
    assert "Zed" in _text(page)
    assert 'data-testid="agreement-figures"' not in page.text
    bad_unit = client.get(_base(coded), params={"unit": "word"})
    assert bad_unit.status_code == 422


# ---------------------------------------------------------------- rounds


def test_a_round_is_opened_from_the_page_and_shows_its_figures_and_queue(
    client: TestClient, coded: Coded
) -> None:
    location = _open(client, coded)
    [found] = coded.project.agreement.rounds()
    assert location == f"{_base(coded)}/rounds/{found.id}"
    page = client.get(location)
    assert page.status_code == 200
    text = _text(page)
    assert "Opened the round 'Pilot': 1 disagreement to resolve." in text
    assert 'data-testid="round-heading">Round “Pilot”: agreement on speaker turns<' in text
    before_after = re.search(r'data-testid="before-after">(.*?)</section>', text, re.S)
    assert before_after is not None
    assert "at opening" in before_after[1] and "now" in before_after[1]
    assert "All codes" in before_after[1] and "Krippendorff's alpha (α)" in before_after[1]
    [item] = re.findall(r'<li class="card agr-item".*?</li>', text, re.S)
    assert "Trust" in item and "Focus group.txt" in item
    readings = re.findall(r'data-testid="reading">(.*?)</section>', item, re.S)
    assert len(readings) == 2
    assert "Ann" in readings[0] and f"{ALI_TRUST}" in readings[0] and "<mark>" in readings[0]
    assert "Ben" in readings[1] and "did not apply Trust here" in readings[1]
    assert 'value="keep:Ann"' in item and 'value="keep_both"' in item
    assert 'value="merge"' in item and 'value="recode"' in item
    trust = coded.study.trust_code_id
    token = ":".join(str(n) for n in (coded.ann_trust, trust, *span_of(ALI_TRUST)))
    assert f'name="seen" value="{token}"' in item
    listed = client.get(_base(coded))
    assert f'href="{location}">Pilot</a>' in listed.text


def test_an_empty_or_taken_name_is_refused_with_the_note_kept(
    client: TestClient, coded: Coded
) -> None:
    data = {"name": " ", "note": "Keep this note", "unit": "paragraph", "coder": ["Ann", "Ben"]}
    refused = client.post(f"{_base(coded)}/rounds", data=data)
    assert refused.status_code == 422
    assert "Nothing was changed." in refused.text
    assert "Keep this note" in refused.text
    assert "Agreement between coders on paragraphs" in _text(refused)
    assert coded.project.agreement.rounds() == []
    _open(client, coded)
    again = client.post(f"{_base(coded)}/rounds", data={"name": "Pilot", "coder": ["Ann", "Ben"]})
    assert again.status_code in (409, 422) and "Pilot" in _text(again)
    assert len(coded.project.agreement.rounds()) == 1


def test_resolving_a_disagreement_removes_it_from_the_queue_and_records_who_and_how(
    client: TestClient, coded: Coded
) -> None:
    location = _open(client, coded)
    [item] = coded.project.agreement.disagreements("Pilot")
    data = {
        "key": item.key,
        "seen": list(item.seen),
        "choice": "keep:Ben",
        "note": "Not about trust",
        "back": location,
    }
    answer = client.post(f"{location}/resolve", data=data, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{location}#queue"
    page = client.get(location)
    text = _text(page)
    assert "Resolved the disagreement over Trust in Focus group.txt" in text
    assert "kept Ben's reading" in text
    assert 'data-testid="disagreement"' not in page.text
    assert "No open disagreement." in text
    resolved = re.search(r'data-testid="resolutions".*?</table>', text, re.S)
    assert resolved is not None
    assert "kept Ben's reading" in resolved[0] and "tester" in resolved[0]
    assert "Not about trust" in resolved[0]
    assert ("Ann", "Trust", *span_of(ALI_TRUST)) not in _codings(coded)


def test_a_resolution_on_a_passage_whose_coding_changed_is_refused_and_changes_nothing(
    client: TestClient, coded: Coded
) -> None:
    location = _open(client, coded)
    [item] = coded.project.agreement.disagreements("Pilot")
    # Ann codes more of Ali's turn meanwhile: the passage's coding is not what was read.
    more = span_of("I go every week now.")
    coded.project.acting_as("Ann").coding.apply("Focus group.txt", "Trust", *more)
    before = (_codings(coded), len(coded.project.audit_log()))
    data = {
        "key": item.key,
        "seen": list(item.seen),
        "choice": "merge",
        "note": "My careful note",
        "back": location,
    }
    answer = client.post(f"{location}/resolve", data=data)
    assert answer.status_code == 409
    text = _text(answer)
    assert "Nothing was changed." in text
    assert "changed since you read it" in text
    assert "My careful note" in text
    assert re.search(r'value="merge" checked', answer.text)
    assert (_codings(coded), len(coded.project.audit_log())) == before
    assert coded.project.agreement.resolutions("Pilot") == []


def test_an_incomplete_choice_is_refused_with_what_was_typed(
    client: TestClient, coded: Coded
) -> None:
    location = _open(client, coded)
    [item] = coded.project.agreement.disagreements("Pilot")
    data = {"key": item.key, "seen": list(item.seen), "choice": "recode",
            "note": "Which code?", "back": location}  # fmt: skip
    answer = client.post(f"{location}/resolve", data=data)
    assert answer.status_code == 422
    assert "Choose the code to recode the passage to." in _text(answer)
    assert "Which code?" in answer.text
    assert coded.project.agreement.resolutions("Pilot") == []


def test_the_queue_is_filtered_by_code_and_document(client: TestClient, coded: Coded) -> None:
    location = _open(client, coded)
    hope = coded.study.hope_code_id
    page = client.get(location, params={"code_id": hope})
    assert page.status_code == 200
    assert "No open disagreement here." in _text(page)
    focus = coded.study.focus_group_id
    page = client.get(location, params={"document_id": focus})
    assert page.text.count('data-testid="disagreement"') == 1


def test_a_round_that_does_not_exist_is_not_found(client: TestClient, coded: Coded) -> None:
    assert client.get(f"{_base(coded)}/rounds/999").status_code == 404
    assert client.get(f"{_base(coded)}/rounds/999/delete").status_code == 404


def test_a_round_is_deleted_after_confirming_and_the_codings_stay(
    client: TestClient, coded: Coded
) -> None:
    location = _open(client, coded)
    confirm = client.get(f"{location}/delete")
    assert confirm.status_code == 200
    assert "The codings stay as they are now" in _text(confirm)
    version = re.search(r'name="if_version" value="(\d+)"', confirm.text)
    assert version is not None
    codings = _codings(coded)
    answer = client.post(f"{location}/delete", data={"if_version": version[1]})
    assert answer.status_code == 200
    assert "Deleted the round 'Pilot'." in _text(answer)
    assert coded.project.agreement.rounds() == []
    assert _codings(coded) == codings


def test_forms_from_another_site_are_refused(client: TestClient, coded: Coded) -> None:
    data = {"name": "Pilot", "coder": ["Ann", "Ben"]}
    answer = client.post(
        f"{_base(coded)}/rounds", data=data, headers={"Origin": "http://evil.example"}
    )
    assert answer.status_code == 403
    assert coded.project.agreement.rounds() == []


def test_the_activity_is_attributed(client: TestClient, coded: Coded, database) -> None:
    _open(client, coded)
    log = qualframe.open_project("Peer support", database=database).audit_log()
    assert "agreement_round.open" in set(log["action"])


# ---------------------------------------------------------------- matrix cells


def test_two_analysts_cell_statuses_are_compared_with_the_cells_they_set_differently(
    client: TestClient, coded: Coded
) -> None:
    ann = coded.project.acting_as("Ann").matrix
    ben = coded.project.acting_as("Ben").matrix
    ann.set_status("P01", "Hope", "done")
    ben.set_status("P01", "Hope", "done")
    ann.set_status("P02", "Hope", "draft")
    ben.set_status("P02", "Hope", "done")
    url = f"{_base(coded)}/cells"
    empty = client.get(url)
    assert empty.status_code == 200 and 'data-testid="cell-figures"' not in empty.text
    page = client.get(url, params={"first": "Ann", "second": "Ben"})
    assert page.status_code == 200
    text = _text(page)
    assert "Ann and Ben: 2 cells both set" in text
    assert "Percent agreement" in text and "50%" in text and SCALE in text
    differing = re.search(r'data-testid="cells-differing".*?</table>', text, re.S)
    assert differing is not None and "P02" in differing[0] and "P01" not in differing[0]
    unknown = client.get(url, params={"first": "Ann", "second": "Zed"})
    assert unknown.status_code == 422 and "Zed" in _text(unknown)


def test_a_disagreement_resolved_meanwhile_is_refused_naming_who_with_the_note_kept(
    client: TestClient, coded: Coded
) -> None:
    location = _open(client, coded)
    [item] = coded.project.agreement.disagreements("Pilot")
    coded.project.acting_as("Ben").agreement.resolve(
        "Pilot", item.key, "keep_both", seen=list(item.seen)
    )
    data = {"key": item.key, "seen": list(item.seen), "choice": "keep:Ann",
            "note": "Typed before Ben resolved it", "back": location}  # fmt: skip
    answer = client.post(f"{location}/resolve", data=data)
    assert answer.status_code == 409
    text = _text(answer)
    assert "Nothing was changed." in text and "Ben" in text
    kept = re.search(r'data-testid="typed-kept">(.*?)</div>', text, re.S)
    assert kept is not None and "Typed before Ben resolved it" in kept[1]
    [record] = coded.project.agreement.resolutions("Pilot")
    assert record.resolved_by == "Ben"


def test_on_spans_merging_gives_each_coder_one_coding_over_their_union(
    client: TestClient, coded: Coded
) -> None:
    location = _open(client, coded, unit="span")
    page = client.get(location)
    assert "Round “Pilot”: agreement on the text itself (spans)" in _text(page)
    hope = [d for d in coded.project.agreement.disagreements("Pilot") if d.code == "Hope"]
    [item] = hope
    union = (min(span_of(SAM_HOPE)[0], span_of(SAM_BELIEVED)[0]), span_of(SAM_HOPE)[1])
    assert (item.start, item.end) == union
    article = re.search(rf'data-key="{item.key}".*?</li>', _text(page), re.S)
    assert article is not None
    marks = re.findall(r"<mark><span[^>]*>\[coded: </span>(.*?)<span", article[0])
    assert marks == [SAM_HOPE, SAM_BELIEVED]  # Ann's, then Ben's reading
    data = {"key": item.key, "seen": list(item.seen), "choice": "merge",
            "note": "", "back": location}  # fmt: skip
    assert client.post(f"{location}/resolve", data=data).status_code == 200
    merged = sorted(
        (c.coder, c.start, c.end)
        for c in coded.project.coding.listing("Hope", document="Focus group.txt")
    )
    # Each coder keeps their own coding, widened to the union; tester (not in
    # the round, resolving it) keeps theirs as it was.
    assert merged == [("Ann", *union), ("Ben", *union), ("tester", *span_of(SAM_HOPE))]


# ---------------------------------------------------------------- review fixes


def _items(text: str) -> list[str]:
    return re.findall(r'<li class="card agr-item".*?</li>', text, re.S)


def test_a_coder_who_did_not_apply_the_code_can_have_their_reading_kept(
    client: TestClient, coded: Coded
) -> None:
    location = _open(client, coded)
    [item] = _items(_text(client.get(location)))
    # Ben coded the focus group but not Trust: "Trust does not apply here" is his reading.
    label = re.search(r'value="keep:Ben"[^>]*><label[^>]*>(.*?)</label>', item, re.S)
    assert label is not None
    assert "Keep Ben's reading" in label[1] and "(the code does not apply here" in label[1]
    [found] = coded.project.agreement.disagreements("Pilot")
    data = {"key": found.key, "seen": list(found.seen), "choice": "keep:Ben", "back": location}
    assert client.post(f"{location}/resolve", data=data).status_code == 200
    assert ("Ann", "Trust", *span_of(ALI_TRUST)) not in _codings(coded)


def test_a_coder_who_did_not_code_the_document_is_shown_missing_and_cannot_be_kept(
    client: TestClient, coded: Coded
) -> None:
    # Cara coded only the interview: in the focus group she is missing, not disagreeing.
    coded.project.acting_as("Cara").coding.apply("P01 interview.txt", "Hope", 0, 10)
    opened = coded.project.agreement.open_round(
        "Three", coders=["Ann", "Ben", "Cara"], documents=["Focus group.txt"]
    )
    page = client.get(f"{_base(coded)}/rounds/{opened.id}")
    assert page.status_code == 200
    items = _items(_text(page))
    assert items
    for item in items:
        readings = re.findall(r'data-testid="reading">(.*?)</section>', item, re.S)
        assert "Cara" in readings[2] and "did not code this document" in readings[2]
        assert 'value="keep:Cara"' not in item
        assert 'value="keep:Ann"' in item and 'value="keep:Ben"' in item
        missing = re.search(r'data-testid="missing-coders">(.*?)</p>', item, re.S)
        assert missing is not None and "Cara did not code this document" in missing[1]


def test_the_round_page_lists_one_page_of_disagreements_with_links_keeping_the_filter(
    client: TestClient, coded: Coded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "QUEUE_PAGE", 1)
    location = _open(client, coded, unit="span")  # Hope and Trust: two disagreements
    focus = coded.study.focus_group_id
    first = client.get(location, params={"document_id": focus})
    text = _text(first)
    assert "Disagreements to resolve (2)" in text
    assert len(_items(text)) == 1
    pager = re.search(r'data-testid="queue-pager">(.*?)</nav>', text, re.S)
    assert pager is not None and "Disagreements 1–1 of 2" in pager[1]
    following = re.search(r'<a rel="next" href="([^"]+)">Next 1</a>', pager[1])
    assert following is not None and "Previous" not in pager[1]
    assert f"document_id={focus}" in following[1] and "offset=1" in following[1]
    second = client.get(following[1].replace("&amp;", "&"))
    text = _text(second)
    assert "Disagreements 2–2 of 2" in text and len(_items(text)) == 1
    assert _items(text)[0] != _items(_text(first))[0]
    back = re.search(r'<a rel="prev" href="([^"]+)">Previous 1</a>', text)
    assert back is not None and f"document_id={focus}" in back[1]
    assert 'rel="next"' not in text
    # A page past the end (its last ones resolved meanwhile) is the last page.
    beyond = _text(client.get(location, params={"offset": 7}))
    assert "Disagreements 2–2 of 2" in beyond


def test_resolving_on_a_later_page_goes_back_to_that_page(
    client: TestClient, coded: Coded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "QUEUE_PAGE", 1)
    location = _open(client, coded, unit="span")
    page = _text(client.get(location, params={"offset": 1}))
    back = re.search(r'name="back" value="([^"]+)"', page)
    assert back is not None and back[1].endswith("offset=1")
    second = coded.project.agreement.disagreements("Pilot")[1]
    data = {"key": second.key, "seen": list(second.seen), "choice": "keep_both",
            "back": back[1]}  # fmt: skip
    answer = client.post(f"{location}/resolve", data=data)
    assert answer.status_code == 200
    assert "Disagreements to resolve (1)" in _text(answer)
    assert len(_items(_text(answer))) == 1


def test_a_renamed_code_keeps_its_figures_at_opening_beside_now_under_its_new_path(
    client: TestClient, coded: Coded
) -> None:
    location = _open(client, coded)

    def rows(text: str) -> dict[str, list[str]]:
        table = re.search(r'data-testid="before-after">(.*?)</table>', text, re.S)
        assert table is not None
        found = re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table[1], re.S)
        return {label: re.findall(r'<td class="num[^"]*">(.*?)</td>', cells)
                for label, cells in found}  # fmt: skip

    before = rows(_text(client.get(location)))
    coded.project.codebook.rename("Trust", "Confidence")
    after = rows(_text(client.get(location)))
    assert "Trust" not in after and after["Confidence"] == before["Trust"]
    assert "not defined" not in after["Confidence"][1]  # percent agreement now


def test_on_spans_the_uncoded_text_warning_is_not_repeated_as_a_note(
    client: TestClient, coded: Coded
) -> None:
    report = coded.project.agreement.measure(unit="span", coders=["Ann", "Ben"])
    assert report.character_warning is not None and report.character_warning in report.notes
    text = _text(client.get(_base(coded), params=[("unit", "span"), *PAIR]))
    notes = re.findall(r'data-testid="agreement-note">(.*?)</p>', text, re.S)
    assert report.character_warning not in notes
    assert [note for note in report.notes if note != report.character_warning] == notes
    assert text.count('data-testid="uncoded-warning"') == 1


def test_a_resolution_after_a_coder_resized_their_coding_is_refused_and_changes_nothing(
    client: TestClient, coded: Coded
) -> None:
    location = _open(client, coded)
    [item] = coded.project.agreement.disagreements("Pilot")
    # Ann shortens her coding meanwhile: the same coding (id), another span.
    start, end = span_of(ALI_TRUST)
    coded.project.acting_as("Ann").coding.change(coded.ann_trust, start=start, end=end - 6)
    before = (_codings(coded), len(coded.project.audit_log()))
    data = {"key": item.key, "seen": list(item.seen), "choice": "keep:Ann",
            "note": "Read before the change", "back": location}  # fmt: skip
    answer = client.post(f"{location}/resolve", data=data)
    assert answer.status_code == 409
    assert "changed since you read it" in _text(answer)
    assert (_codings(coded), len(coded.project.audit_log())) == before


def test_a_seen_coding_that_is_not_a_token_is_refused_and_changes_nothing(
    client: TestClient, coded: Coded
) -> None:
    location = _open(client, coded)
    [item] = coded.project.agreement.disagreements("Pilot")
    before = (_codings(coded), len(coded.project.audit_log()))
    data = {"key": item.key, "seen": ["12"], "choice": "keep_both", "back": location}
    answer = client.post(f"{location}/resolve", data=data)
    assert answer.status_code == 422
    assert "id:code:start:end" in _text(answer) and "'12'" in _text(answer)
    assert (_codings(coded), len(coded.project.audit_log())) == before
    assert coded.project.agreement.resolutions("Pilot") == []
