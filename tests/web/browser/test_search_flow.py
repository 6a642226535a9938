"""Searching and coding all hits in a real browser, with and without JavaScript."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def _hope_codings(sample: SampleStudy) -> int:
    return len(sample.project.coding.codings(code=sample.hope_code_id))


def _search(page: Any, sample: SampleStudy, words: str) -> None:
    page.goto(f"/projects/{sample.project_id}/search")
    page.get_by_label("Words or phrases").fill(words)
    page.get_by_label("Words or phrases").press("Enter")
    page.wait_for_url(f"**/search?q={words}*")


def test_a_researcher_searches_and_codes_all_hits(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/search")
    assert_accessible(page, "the search page")
    _search(page, sample, "trust")
    expect(page.get_by_test_id("search-summary")).to_contain_text("2 matching passages")
    rows = page.get_by_test_id("kwic").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator("mark")).to_have_text("trust")
    assert_accessible(page, "search results")

    page.get_by_label("Code to apply").select_option(label="Hope")
    page.get_by_label("The sentence of each hit").check()
    page.get_by_role("button", name="Preview").click()
    dialog = page.get_by_role("dialog", name="Code all hits?")
    expect(dialog).to_contain_text("would code 2 passages in 2 documents")
    confirm = dialog.get_by_role("button", name="Code 2 passages with Hope")
    expect(confirm).to_be_focused()
    assert_accessible(page, "the confirmation dialog")
    confirm.click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("code-hits-status")).to_contain_text(
        "Coded 2 passages with 'Hope' (the sentence of each hit)."
    )
    expect(page.get_by_role("button", name="Preview")).to_be_focused()
    assert _hope_codings(sample) == 3  # the sample's own coding and the two hits


def test_escape_closes_the_confirmation_and_nothing_is_coded(page, sample: SampleStudy) -> None:
    _search(page, sample, "trust")
    page.get_by_label("Code to apply").select_option(label="Hope")
    page.get_by_role("button", name="Preview").click()
    dialog = page.get_by_role("dialog", name="Code all hits?")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Preview")).to_be_focused()
    assert _hope_codings(sample) == 1


def test_previewing_without_a_code_asks_for_one(page, sample: SampleStudy) -> None:
    _search(page, sample, "trust")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_test_id("code-hits-status")).to_contain_text("Choose the code to apply")
    expect(page.get_by_label("Code to apply")).to_be_focused()


def test_without_javascript_the_preview_and_the_confirmation_still_work(
    browser, live_server: str, sample: SampleStudy
) -> None:
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        _search(page, sample, "trust")
        page.get_by_label("Code to apply").select_option(label="Hope")
        page.get_by_label("Just the words found").check()
        page.get_by_role("button", name="Preview").click()
        page.wait_for_url("**preview=1*")
        expect(page.get_by_test_id("plan")).to_contain_text("would code 2 passages")
        assert _hope_codings(sample) == 1
        page.get_by_role("button", name="Code 2 passages with Hope").click()
        page.wait_for_url("**/search?q=trust*")
        expect(page.get_by_test_id("flash")).to_contain_text("Coded 2 passages with 'Hope'")
        assert _hope_codings(sample) == 3
    finally:
        context.close()


def test_a_hit_unticked_in_the_list_is_left_out_of_the_coding(page, sample: SampleStudy) -> None:
    _search(page, sample, "trust")
    page.get_by_label("Code to apply").select_option(label="Hope")
    page.get_by_label("The words found").check()
    page.get_by_role("button", name="Preview").click()
    dialog = page.get_by_role("dialog", name="Code all hits?")
    boxes = dialog.get_by_role("checkbox")
    expect(boxes).to_have_count(2)
    expect(dialog.locator("mark")).to_have_text(["trust", "trust"])
    assert_accessible(page, "the confirmation dialog with its list of passages")
    boxes.first.uncheck()
    confirm = dialog.get_by_role("button", name="Code 1 passage with Hope")
    confirm.click()
    expect(page.get_by_test_id("code-hits-status")).to_contain_text(
        "1 passage you unticked was left out."
    )
    assert _hope_codings(sample) == 2  # the sample's own coding and the one ticked hit
