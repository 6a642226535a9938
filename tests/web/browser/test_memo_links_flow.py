"""A memo with several links in a real browser: the form's links are added
(type, then object), removed and saved; the memo page lists them, each
leading to where it is seen, and the document view shows the memo."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def _choose(page: Any, number: int, kind: str, name: str) -> None:
    """Choose the type ``kind`` and the object ``name`` in link row ``number``."""
    page.get_by_label(f"Type of link {number}", exact=True).select_option(label=kind)
    label = "About" if number == 1 else f"Also about (link {number})"
    page.get_by_label(label, exact=True).select_option(label=name)


def test_a_memo_gets_three_links_and_shows_in_the_document_view(
    page: Any, sample: SampleStudy
) -> None:
    page.goto(f"/projects/{sample.project_id}/memos/new")
    rows = page.locator("[data-link-row]")
    expect(rows).to_have_count(1)
    page.get_by_label("Title (required)").fill("Hope and peer work")
    _choose(page, 1, "Codes", "Hope")
    # The type narrows the list to that kind of object.
    options = page.get_by_label("About", exact=True).locator("option")
    assert "Focus group.txt" not in options.all_inner_texts()
    page.get_by_role("button", name="Add another link").click()
    expect(rows).to_have_count(2)
    expect(page.get_by_label("Type of link 2", exact=True)).to_be_focused()
    _choose(page, 2, "Documents", "P01 interview.txt")
    page.get_by_role("button", name="Add another link").click()
    _choose(page, 3, "Cases", "Charity B")
    page.get_by_role("button", name="Add another link").click()
    _choose(page, 4, "Participants", "P01 (Trust A)")
    assert_accessible(page, "the memo form with four links")
    page.get_by_role("button", name="Remove link 3").click()
    expect(rows).to_have_count(3)
    expect(
        page.get_by_label("Also about (link 3)", exact=True).locator("option:checked")
    ).to_have_text("P01 (Trust A)")
    page.get_by_label("Text").fill("Hope grows *with* trust.")
    page.get_by_role("button", name="Save the memo").click()
    expect(page.get_by_text("Saved the memo 'Hope and peer work'.")).to_be_visible()
    links = page.get_by_test_id("memo-links")
    expect(links.locator("li")).to_have_text(
        ["code: Hope", "document: P01 interview.txt", "participant: P01"]
    )
    assert_accessible(page, "a memo with three links")

    links.get_by_role("link", name="P01 interview.txt").click()
    page.locator("body.document-view--ready").wait_for(state="attached")
    memos = page.locator("#document-memos")
    item = memos.locator(".doc-memo", has_text="Hope and peer work")
    expect(item).to_contain_text("Analytic · tester")
    expect(item).to_contain_text("On the whole document")
    expect(item.get_by_role("link", name="Hope", exact=True)).to_have_attribute(
        "href", f"/projects/{sample.project_id}/codebook?code_id={sample.hope_code_id}#code-detail"
    )
    expect(item.get_by_role("link", name="P01", exact=True)).to_be_visible()
    assert_accessible(page, "the document view with memos")
    memos.get_by_role("link", name="Write a memo on this document").click()
    expect(page.get_by_label("About", exact=True).locator("option:checked")).to_have_text(
        "P01 interview.txt"
    )


def test_an_edit_removes_a_link_and_a_passage_link_opens_the_document_there(
    page: Any, sample: SampleStudy
) -> None:
    start = sample.project.coding.get(sample.coding_id).start
    memo = sample.project.memos.add(
        "Passage and code",
        kind="analytic",
        links=[
            ("document", sample.interview_id, (start, start + 14)),
            ("code", sample.trust_code_id),
        ],
    )
    page.goto(f"/projects/{sample.project_id}/memos/{memo.id}/edit")
    expect(page.get_by_label("About", exact=True).locator("option:checked")).to_contain_text(
        f"P01 interview.txt [{start}:{start + 14}]"
    )
    assert_accessible(page, "the edit form with a passage link")
    page.get_by_role("button", name="Remove link 2").click()
    page.get_by_role("button", name="Save the memo").click()
    expect(page.get_by_text("Saved the memo 'Passage and code'.")).to_be_visible()
    links = page.get_by_test_id("memo-links")
    expect(links.locator("li")).to_have_count(1)
    links.get_by_role("link").click()
    page.locator("body.document-view--ready").wait_for(state="attached")
    assert page.evaluate("window.getSelection().toString()") == "That shared ex"
    expect(page.locator("#document-memos .annotation-marker, .annotation-marker")).to_have_count(1)
