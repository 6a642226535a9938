"""Coding in the document view in a real browser: the keyboard palette,
highlights, number keys, the coding panel, filters, accessibility."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from web.browser.conftest import assert_accessible
from web.browser.document_helpers import caret_before, click_on, highlighted, open_document
from web.sample_study import FOCUS_GROUP, INTERVIEW, SampleStudy

pytestmark = pytest.mark.browser


# Kept for the flows that import them from here (coding undo, palette paths,
# sentences); new tests import from web.browser.document_helpers.
_open, _caret_before, _highlighted = open_document, caret_before, highlighted


def test_a_selection_is_coded_with_the_keyboard_palette_and_highlighted(
    page: Any, sample: SampleStudy
) -> None:
    open_document(page, sample, sample.interview_id)
    caret_before(page, "and I knew")  # after the emoji: UTF-16 and code points differ
    for _ in range(len("and I knew")):
        page.keyboard.press("Shift+ArrowRight")
    page.locator("#selection-status", has_text="Selected 10 characters: “and I knew”").wait_for()
    page.keyboard.press("c")
    palette = page.get_by_role("dialog", name="Apply a code")
    assert palette.is_visible()
    assert_accessible(page, "the code palette")
    page.keyboard.type("hop")
    assert page.get_by_role("option", name="Hope").get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    page.locator("#coding-message", has_text="Coded “and I knew” with Hope.").wait_for()
    assert not palette.is_visible()
    assert page.evaluate("document.activeElement.id") == "transcript"
    assert highlighted(page, sample.hope_code_id) == ["and I knew"]
    assert page.locator(".bar", has_text="Ho").count() == 1
    assert page.locator("#codings-list li", has_text="and I knew").is_visible()
    coded = sample.project.coding.codings(code="Hope", document=sample.interview_id)
    start = INTERVIEW.index("and I knew")
    assert (int(coded["start"][0]), int(coded["end"][0])) == (start, start + 10)
    assert coded["text"][0] == "and I knew"


def test_a_recent_code_is_applied_by_its_number_to_a_selected_sentence(
    page: Any, sample: SampleStudy
) -> None:
    open_document(page, sample, sample.focus_group_id)
    caret_before(page, "group helped")  # after "Ñ̈": a letter and a combining mark
    page.keyboard.press("s")
    sentence = "Ali: Zoë and the Ñ̈ group helped me trust the service again."
    page.locator("#selection-status", has_text=sentence[:30]).wait_for()
    page.keyboard.press("2")  # recent codes: 1 Hope, 2 Shared experience
    page.locator("#coding-message", has_text="with Trust > Shared experience").wait_for()
    coded = sample.project.coding.codings(code=sample.shared_code_id, document="Focus group.txt")
    start = FOCUS_GROUP.index(sentence)
    assert (int(coded["start"][0]), int(coded["end"][0])) == (start, start + len(sentence))
    assert highlighted(page, sample.shared_code_id) == [sentence]


def test_the_transcript_cannot_be_edited(page: Any, sample: SampleStudy) -> None:
    open_document(page, sample, sample.interview_id)
    caret_before(page, "How did you")
    before = page.inner_text("#transcript")
    for key in ("x", "Backspace", "Delete", "Enter", "Control+v", "Control+x", "Control+b"):
        page.keyboard.press(key)
    page.keyboard.insert_text("typed")
    assert page.inner_text("#transcript") == before
    assert page.get_by_role("textbox", name="Transcript of P01 interview.txt").is_visible()


def test_clicking_a_highlight_shows_the_coding_which_is_removed_and_put_back(
    page: Any, sample: SampleStudy
) -> None:
    open_document(page, sample, sample.interview_id)
    click_on(page, "shared experience")
    details = page.locator("#coding-details")
    details.get_by_text("Trust > Shared experience").wait_for()
    assert details.get_by_test_id("coding-coder").inner_text() == "tester"
    assert_accessible(page, "the coding details")
    details.get_by_role("button", name="Remove this coding").click()
    details.get_by_role("heading", name="Coding removed").wait_for()
    assert sample.project.coding.codings(code=sample.shared_code_id).empty
    assert highlighted(page, sample.shared_code_id) == []
    details.get_by_role("button", name="Undo").click()
    details.get_by_role("heading", name="Coding details").wait_for()
    restored = sample.project.coding.codings(code=sample.shared_code_id)
    assert list(restored["text"]) == ["That shared experience"]
    assert highlighted(page, sample.shared_code_id) == ["That shared experience"]


def test_removing_a_coding_with_a_memo_asks_first_and_says_the_memo_is_kept(
    page: Any, sample: SampleStudy
) -> None:
    memo = sample.project.memos.add("Why", kind="analytic", coding=sample.coding_id)
    open_document(page, sample, sample.interview_id, f"?coding={sample.coding_id}")
    details = page.locator("#coding-details")
    details.get_by_role("button", name="Remove this coding").click()
    question = details.locator("#confirm-remove-text")
    question.wait_for()
    assert question.inner_text() == (
        "1 memo on this coding will be kept, without its link to it. Remove it?"
    )
    details.get_by_role("button", name="Remove the coding").click()
    details.get_by_role("heading", name="Coding removed").wait_for()
    assert details.get_by_text(
        "1 memo on this coding is kept, without its link to it."
    ).is_visible()
    assert sample.project.memos.get(memo.id).target_label == "project"


def test_a_coding_is_extended_and_gets_a_memo_in_the_panel(page: Any, sample: SampleStudy) -> None:
    open_document(page, sample, sample.interview_id, f"?coding={sample.coding_id}")
    details = page.locator("#coding-details")
    details.get_by_role("button", name="sentences").click()
    details.get_by_text("That shared experience is where trust starts.").wait_for()
    assert highlighted(page, sample.shared_code_id) == [
        "That shared experience is where trust starts."
    ]
    details.get_by_label("Memo title").fill("Where trust starts")
    details.get_by_label("Memo", exact=True).fill("Shared *experience* first.")
    details.get_by_role("button", name="Add memo").click()
    details.get_by_role("heading", name="Where trust starts").wait_for()
    assert details.locator(".markdown em").inner_text() == "experience"
    assert [m.title for m in sample.project.memos.list(coding=sample.coding_id)] == [
        "Where trust starts"
    ]


def test_filters_hide_other_codes_and_coders_at_once(page: Any, sample: SampleStudy) -> None:
    start = INTERVIEW.index("Some situations")
    sample.project.coding.apply(sample.interview_id, sample.hope_code_id, start, start + 15)
    open_document(page, sample, sample.interview_id)
    assert page.inner_text("#codings-count") == "Showing all 2 codings."
    page.get_by_text("Filter by code or coder").click()
    page.get_by_label("Hope (1)").uncheck()
    assert page.inner_text("#codings-count") == "Showing 1 of 2 codings."
    assert highlighted(page, sample.hope_code_id) == []
    assert not page.locator("#codings-list li", has_text="Some situations").is_visible()
    assert f"code_id={sample.shared_code_id}" in page.url
    page.get_by_label("Coder").select_option("tester")
    assert "coder=tester" in page.url
    assert_accessible(page, "the document view with filters")


def test_the_keyboard_help_is_on_the_page_and_the_page_is_accessible(
    page: Any, sample: SampleStudy
) -> None:
    open_document(page, sample, sample.focus_group_id)
    assert_accessible(page, "the document view")
    caret_before(page, "What difference")
    page.keyboard.press("?")
    help_box = page.locator("#keyboard-help")
    assert help_box.get_attribute("open") is not None
    assert help_box.get_by_text("select the sentence / paragraph / speaker turn").is_visible()
    assert_accessible(page, "the keyboard help")


def test_the_next_coding_key_selects_a_coding_and_enter_shows_it(
    page: Any, sample: SampleStudy
) -> None:
    open_document(page, sample, sample.interview_id)
    caret_before(page, "How did you")
    page.keyboard.press("]")
    page.locator("#selection-status", has_text="“That shared experience”").wait_for()
    page.locator("#coding-details").get_by_text("Trust > Shared experience").wait_for()
    assert page.evaluate("document.activeElement.id") == "transcript"
    page.keyboard.press("Escape")
    page.locator("#selection-status", has_text="Nothing selected.").wait_for()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    page.locator("#coding-details-title:focus").wait_for()


def _creates_codes(app: FastAPI) -> bool:
    """Whether the codebook's API can create codes (another part of the application)."""
    paths = app.openapi()["paths"]
    return "post" in paths.get("/api/projects/{project_id}/codes", {})


def test_a_new_code_is_created_from_the_palette_and_applied(
    page: Any, sample: SampleStudy, app: FastAPI
) -> None:
    if not _creates_codes(app):
        pytest.skip("the codebook API cannot create codes yet")
    open_document(page, sample, sample.interview_id)
    caret_before(page, "resilience on hard days")
    for _ in range(len("resilience")):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("c")
    page.keyboard.type("Trust > Resilience")
    create = page.get_by_role("option", name="Create code “Resilience” in Trust")
    assert create.get_attribute("aria-selected") == "true"
    page.keyboard.press("Enter")
    page.locator("#coding-message", has_text="with Trust > Resilience.").wait_for()
    created = sample.project.codebook.get("Trust > Resilience")
    assert highlighted(page, created.id) == ["resilience"]
    assert page.get_by_label("Trust > Resilience (1)").is_checked()


def test_a_deep_linked_passage_is_selected_and_coded_with_a_number_key(
    page: Any, sample: SampleStudy
) -> None:
    # From "P01: I" to "I knew": across the speaker label and the emoji.
    start = INTERVIEW.index("P01: I had")
    end = INTERVIEW.index(" what it was like")
    open_document(page, sample, sample.interview_id, f"?start={start}&end={end}")
    assert page.locator("mark#passage").is_visible()
    page.locator("#selection-status", has_text="“P01: I had been on the ward").wait_for()
    page.locator("#transcript").focus()
    page.keyboard.press("1")  # the most recent code: Hope
    page.locator("#coding-message", has_text="with Hope.").wait_for()
    coded = sample.project.coding.codings(code="Hope", document=sample.interview_id)
    assert (int(coded["start"][0]), int(coded["end"][0])) == (start, end)
    assert highlighted(page, sample.hope_code_id) == [INTERVIEW[start:end]]


def test_a_codings_code_is_changed_with_the_palette(page: Any, sample: SampleStudy) -> None:
    open_document(page, sample, sample.interview_id, f"?coding={sample.coding_id}")
    page.get_by_role("button", name="Find another code in the palette…").click()
    assert page.get_by_role("dialog", name="Change the code").is_visible()
    page.keyboard.type("bound")
    page.keyboard.press("Enter")
    page.locator("#coding-message", has_text="now has the code Boundaries").wait_for()
    assert sample.project.coding.get(sample.coding_id).code == "Boundaries"
    assert highlighted(page, sample.boundaries_code_id) == ["That shared experience"]
    assert highlighted(page, sample.shared_code_id) == []
