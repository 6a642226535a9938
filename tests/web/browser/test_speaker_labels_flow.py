"""Correcting speaker labels in a real browser (Debian's Chromium): "Not a speaker",
mapping every unmapped label, and accepting a section's suggested witness, with
an accessibility check of the speakers page and the sections page."""

from __future__ import annotations

import re

import pytest

import qualframe
from web.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

DAY = (
    "Ms Jane Smith (affirmed)\n------------------------\n\n"
    "**Counsel**: Did you attend the meetings?\n\n"
    "**The Witness**: I attended most of them. We met weekly.\n\n"
    "**You say**: we met weekly, but the minutes say monthly.\n\n"
    "Evidence of Professor Alan Jones\n--------------------------------\n\n"
    "**Counsel**: Professor, what did you advise?\n\n"
    "**The Witness**: I advised caution.\n"
)


@pytest.fixture
def inquiry(database: qualframe.Database) -> qualframe.Project:
    """A hearing day with two witnesses under their headings."""
    project = qualframe.create_project("Inquiry", database=database, user="tester")
    project.study.add_case("Witnesses")
    project.study.add_participant("W01", "Witnesses", description="Jane Smith, chief nurse")
    project.study.add_participant("W02", "Witnesses", description="Alan Jones, epidemiologist")
    project.documents.import_bytes("day4.txt", DAY.encode())
    return project


def test_a_researcher_corrects_labels_and_maps_each_witness(
    page, inquiry: qualframe.Project
) -> None:
    pid = inquiry.info.id
    page.goto(f"/projects/{pid}/speakers")
    assert_accessible(page, "the speakers page with its label actions")
    page.get_by_role("button", name="Not a speaker You say").click()
    expect(page.get_by_text("'You say' is not a speaker: 1 turn merged")).to_be_visible()
    decisions = page.get_by_test_id("decisions")
    expect(decisions.get_by_role("button", name="Undo the decision about You say")).to_be_visible()

    page.get_by_label("Who Counsel stands for").select_option("interviewer")
    expect(page.locator("#announcer")).to_have_text(
        re.compile("^Mapped Counsel to the interviewer")
    )

    page.get_by_label("Document", exact=True).select_option(label="day4.txt")
    page.get_by_role("button", name="Show its sections").click()
    page.wait_for_url(re.compile(r"/speakers/sections\?document_id="))
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions.get_by_text("W01 — Jane Smith, chief nurse")).to_be_visible()
    assert_accessible(page, "the sections page")
    page.get_by_role("button", name="Accept every suggestion").click()
    expect(page.get_by_text("Mapped 2 suggestions")).to_be_visible()
    choice = page.get_by_label("Who The Witness stands for in section 2")
    assert choice.input_value() == "participant:W02"
    turns = inquiry.documents.turn_list("day4.txt")
    assert [t.participant for t in turns if t.label == "The Witness"] == ["W01", "W02"]

    page.goto(f"/projects/{pid}/speakers")
    page.get_by_role("button", name="Map all unmapped to other").click()
    expect(page.get_by_text("No label is unmapped.")).to_be_visible()
