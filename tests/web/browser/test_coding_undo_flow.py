"""Undoing a change of a coding's code or span in a real browser: the Undo
button the change leaves puts the coding back as it was; a coding changed
meanwhile by someone else is reported, not overwritten."""

from __future__ import annotations

from typing import Any

import pytest

from web.browser.conftest import assert_accessible
from web.browser.test_coding_flow import _highlighted, _open
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def test_a_changed_code_is_put_back_by_undo(page: Any, sample: SampleStudy) -> None:
    before = sample.project.coding.get(sample.coding_id)
    _open(page, sample, sample.interview_id, f"?coding={sample.coding_id}")
    page.get_by_role("button", name="Find another code in the palette…").click()
    page.keyboard.type("bound")
    page.keyboard.press("Enter")
    details = page.locator("#coding-details")
    undo = details.get_by_role("button", name="Undo")
    undo.wait_for()
    assert sample.project.coding.get(sample.coding_id).code == "Boundaries"
    assert page.evaluate("document.activeElement.textContent") == "Undo"
    assert_accessible(page, "the coding details after changing its code")
    page.keyboard.press("Enter")  # focus is on Undo, as after a removal
    page.locator("#coding-message", has_text="Undid the change").wait_for()
    after = sample.project.coding.get(sample.coding_id)
    assert (after.code_id, after.start, after.end) == (before.code_id, before.start, before.end)
    assert _highlighted(page, sample.shared_code_id) == ["That shared experience"]
    assert _highlighted(page, sample.boundaries_code_id) == []


def test_extending_to_the_sentence_is_undone(page: Any, sample: SampleStudy) -> None:
    before = sample.project.coding.get(sample.coding_id)
    _open(page, sample, sample.interview_id, f"?coding={sample.coding_id}")
    details = page.locator("#coding-details")
    details.get_by_role("button", name="sentences").click()
    details.get_by_text("That shared experience is where trust starts.").wait_for()
    details.get_by_role("button", name="Undo").click()
    page.locator("#coding-message", has_text="Undid the change").wait_for()
    after = sample.project.coding.get(sample.coding_id)
    assert (after.start, after.end) == (before.start, before.end)
    assert _highlighted(page, sample.shared_code_id) == ["That shared experience"]
    assert_accessible(page, "the coding details after undoing an extension")


def test_undo_after_someone_else_changed_the_coding_is_refused(
    page: Any, sample: SampleStudy
) -> None:
    _open(page, sample, sample.interview_id, f"?coding={sample.coding_id}")
    details = page.locator("#coding-details")
    details.get_by_role("button", name="sentences").click()
    undo = details.get_by_role("button", name="Undo")
    undo.wait_for()
    sample.project.coding.change(sample.coding_id, extend="paragraph")  # someone else
    meanwhile = sample.project.coding.get(sample.coding_id)
    undo.click()
    page.locator("#coding-message", has_text="changed by someone else").wait_for()
    now = sample.project.coding.get(sample.coding_id)
    assert (now.start, now.end) == (meanwhile.start, meanwhile.end)
