"""Coding progress in a real browser: the saturation page leaves out a document
nobody has coded, flags one not marked done, and a coder marks it done from
the documents list; each page checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser

UNCODED = "Interviewer: Anything else?\n\nP03: Not today, thank you.\n"


def test_an_uncoded_document_is_left_out_until_coded_and_marked_done(
    page, sample: SampleStudy
) -> None:
    project, pid = sample.project, sample.project_id
    project.documents.import_bytes("P03 interview.txt", UNCODED.encode(), participants=["P03"])
    project.documents.mark_coding_done(sample.focus_group_id)

    page.goto(f"/projects/{pid}/compare/saturation")
    left_out = page.get_by_test_id("saturation-not-coded")
    expect(left_out).to_contain_text("Not yet coded, left out of the curve: P03 interview.txt.")
    table = page.get_by_test_id("steps-table")
    expect(table).not_to_contain_text("P03 interview.txt")
    expect(table.get_by_role("row", name="P01 interview.txt")).to_contain_text("not marked done")
    expect(table.get_by_role("row", name="Focus group.txt")).to_contain_text("done")
    expect(page.get_by_test_id("saturation-in-progress")).to_contain_text("P01 interview.txt")
    assert_accessible(page, "saturation with a document not coded yet")

    # The notice leads to the documents list, where the interview is marked done.
    page.get_by_test_id("saturation-in-progress").get_by_role(
        "link", name="the documents list"
    ).click()
    # Typed only once the page has loaded: a change before its module runs is a
    # plain form's change (nothing listens yet), as for a person typing at once.
    page.wait_for_url(f"**/projects/{pid}/documents*", wait_until="load")
    # A position saved in place counts a version: the row's other form follows it.
    position = page.get_by_label("Position of P01 interview.txt in interview order")
    position.fill("2")
    position.press("Tab")
    expect(page.locator("#announcer")).to_have_text("P01 interview.txt now has position 2.")
    page.get_by_role("button", name="Mark the coding of P01 interview.txt done").click()
    expect(page.get_by_text("The coding of 'P01 interview.txt' is marked done.")).to_be_visible()
    row = page.locator(f"#document-row-{sample.interview_id}")
    expect(row).to_contain_text(re.compile(r"Done\s+tester"))
    assert_accessible(page, "the documents list with a document marked done")

    page.goto(f"/projects/{pid}/compare/saturation")
    expect(page.get_by_test_id("saturation-in-progress")).to_have_count(0)
    expect(page.get_by_test_id("steps-table").get_by_test_id("not-done")).to_have_count(0)
    expect(page.get_by_test_id("saturation-not-coded")).to_contain_text("P03 interview.txt")


def test_the_document_view_marks_its_coding_done(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/documents/{sample.interview_id}")
    fact = page.get_by_test_id("coding-done-fact")
    expect(fact).to_contain_text("not marked done")

    fact.get_by_role("button", name="Mark coding done").click()

    expect(page.get_by_text("The coding of 'P01 interview.txt' is marked done.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/documents/{sample.interview_id}$"))
    expect(page.get_by_test_id("coding-done-fact")).to_contain_text(re.compile(r"done\s+\(tester,"))
    assert_accessible(page, "the document view with its coding marked done")
    page.get_by_role("button", name="Undo the mark “coding done”").click()
    expect(page.get_by_test_id("coding-done-fact")).to_contain_text("not marked done")
