"""Editing a memo or a code that someone else saved meanwhile, in a real browser:
the form comes back with what was typed and the stored value in its message;
saving again keeps the user's edit."""

from __future__ import annotations

import re
from typing import Any

import pytest

from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_a_memo_saved_meanwhile_is_shown_and_saving_again_keeps_mine(
    page: Any, sample: SampleStudy
) -> None:
    memo = sample.project.memos.list()[0]
    page.goto(f"/projects/{sample.project_id}/memos/{memo.id}/edit")
    sample.project.memos.edit(memo.id, body="Someone else's words.")
    page.get_by_label("Text").fill("My words.")
    page.get_by_role("button", name="Save the memo").click()
    error = page.get_by_test_id("page-error")
    expect(error).to_contain_text("Stored now: the text is “Someone else's words.”.")
    expect(error).to_contain_text(re.compile("press “Save the memo” to save yours in its place"))
    expect(page.get_by_label("Text")).to_have_value("My words.")
    assert_accessible(page, "the memo form with a conflict")
    page.get_by_role("button", name="Save the memo").click()
    expect(page.get_by_text("Saved the memo")).to_be_visible()
    assert sample.project.memos.get(memo.id).body == "My words."


def test_a_code_saved_meanwhile_is_shown_and_saving_again_keeps_mine(
    page: Any, sample: SampleStudy
) -> None:
    page.goto(f"/projects/{sample.project_id}/codebook/{sample.hope_code_id}/edit")
    sample.project.codebook.edit(sample.hope_code_id, definition="Someone else's edit.")
    page.get_by_label("Definition").fill("My edit.")
    page.get_by_role("button", name="Save changes").click()
    error = page.get_by_test_id("page-error")
    expect(error).to_contain_text("Stored now: definition is “Someone else's edit.”.")
    expect(page.get_by_label("Definition")).to_have_value("My edit.")
    assert_accessible(page, "the code form with a conflict")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved the code")).to_be_visible()
    assert sample.project.codebook.get(sample.hope_code_id).definition == "My edit."
