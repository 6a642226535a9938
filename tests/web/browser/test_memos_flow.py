"""Memos in a real browser: writing in Markdown with a live preview, reading,
filtering, editing and deleting."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import qualframe
from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def test_a_researcher_writes_a_memo_with_a_live_preview(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/codebook?code_id={sample.hope_code_id}")
    page.locator("#code-detail").get_by_role("link", name="Write a memo about Hope").click()
    expect(page.get_by_role("heading", name="New memo")).to_be_visible()
    assert page.get_by_label("About").locator("option:checked").inner_text() == "Hope"
    assert_accessible(page, "the memo form")
    page.get_by_label("Title (required)").fill("Hope follows trust")
    page.get_by_label("Reflexive: your own position").check()
    page.get_by_label("Text").fill("# Pattern\n\nHope comes **after** trust.")
    preview = page.get_by_test_id("memo-preview")
    preview.locator("strong", has_text="after").wait_for()
    expect(preview.get_by_role("heading", name="Pattern")).to_be_visible()
    page.get_by_label("Text").press("End")
    page.get_by_label("Text").type(" <i>Really</i>")
    preview.get_by_text("<i>Really</i>").wait_for()  # raw HTML is shown as text
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#memo-preview-region")).to_be_focused()
    page.get_by_role("button", name="Save the memo").click()
    expect(page.get_by_text("Saved the memo 'Hope follows trust'.")).to_be_visible()
    body = page.get_by_test_id("memo-body")
    expect(body.locator("strong", has_text="after")).to_be_visible()
    expect(page.get_by_role("link", name="Hope").first).to_be_visible()
    assert_accessible(page, "a memo")


def test_memos_are_filtered_edited_and_deleted(page, sample: SampleStudy) -> None:
    sample.project.memos.add("Recruitment", kind="methodological", case="Trust A")
    sample.project.memos.add("Hope in groups", kind="analytic", document=sample.focus_group_id)
    page.goto(f"/projects/{sample.project_id}/memos")
    assert_accessible(page, "the memo list")
    page.get_by_label("Kind").select_option("analytic")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("memo-count")).to_have_text("2 of 3 memos match.")
    table = page.get_by_test_id("memos")
    expect(table.get_by_role("link", name="Hope in groups")).to_be_visible()
    expect(table.get_by_role("link", name="Recruitment")).to_have_count(0)
    table.get_by_role("link", name="Trust first").click()
    page.get_by_role("link", name="Edit the memo").click()
    page.get_by_label("Title (required)").fill("")
    page.get_by_role("button", name="Save the memo").click()
    expect(page.get_by_role("alert").get_by_text("A memo needs a title.")).to_be_visible()
    page.get_by_label("Title (required)").fill("Trust comes first")
    page.get_by_role("button", name="Save the memo").click()
    expect(page.get_by_text("Saved the memo 'Trust comes first'.")).to_be_visible()
    page.get_by_role("link", name="Delete… the memo").click()
    assert_accessible(page, "the delete confirmation")
    page.get_by_role("button", name="Delete the memo").click()
    expect(page.get_by_text("Deleted the memo 'Trust comes first'.")).to_be_visible()
    expect(page.get_by_test_id("memo-count")).to_have_text("2 memos.")


def test_the_other_memo_pages_pass_the_accessibility_checks(page, sample: SampleStudy) -> None:
    memo = sample.project.memos.list()[0]
    page.goto(f"/projects/{sample.project_id}/memos/{memo.id}/edit")
    assert_accessible(page, "the memo edit form")
    page.goto(f"/projects/{sample.project_id}/memos/new?link=coding:{sample.coding_id}")
    expect(page.get_by_label("About", exact=True)).to_contain_text("Trust > Shared experience")
    assert_accessible(page, "a new memo about a coded passage")
    other = qualframe.create_project("Empty", database=sample.project.database)
    page.goto(f"/projects/{other.info.id}/memos")
    expect(page.get_by_text("No memos yet")).to_be_visible()
    assert_accessible(page, "an empty memo list")
