"""Familiarisation in a real browser: a researcher marks a document read from
the document view, writes familiarisation notes, sees the team's reading on
the familiarisation page, and moves through a transcript with its outline
(sections and who speaks); each page checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import qualframe
from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser

SECTIONED = (
    "# Role and background\n\n**P01**: I started as a volunteer.\n\n"
    + "".join(f"**Interviewer**: Question {n}?\n\n**P01**: Answer {n}.\n\n" for n in range(30))
    + "# Trust\n\n**Ali**: Why did you trust her?\n\n**P01**: She had been there.\n"
)


def test_a_researcher_marks_a_document_read_and_writes_notes(page, sample: SampleStudy) -> None:
    pid, doc = sample.project_id, sample.interview_id
    page.goto(f"/projects/{pid}/documents/{doc}")
    fact = page.get_by_test_id("reading-fact")
    expect(fact).to_contain_text("not read by you yet")

    fact.get_by_role("button", name="Mark read").click()

    expect(page.get_by_text("You have read 'P01 interview.txt'.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/documents/{doc}$"))
    expect(page.get_by_test_id("reading-fact")).to_contain_text("read by you (")
    assert_accessible(page, "the document view with the document read")

    page.get_by_test_id("reading-fact").get_by_role(
        "button", name="Write familiarisation notes"
    ).click()
    expect(page).to_have_url(re.compile(r"/memos/\d+/edit$"))
    expect(page.get_by_label("Title")).to_have_value("Familiarisation notes: P01 interview.txt")
    page.get_by_label("Text", exact=True).fill("Warm; talks about the ward a lot.")
    page.get_by_role("button", name="Save the memo").click()
    expect(page.get_by_text("Warm; talks about the ward a lot.")).to_be_visible()

    page.goto(f"/projects/{pid}/documents/familiarisation")
    expect(page.get_by_test_id("reading-people")).to_contain_text("1 of 2 documents read, 1 note")
    row = page.locator(f"#reading-{doc}")
    expect(row).to_contain_text("Read")
    expect(row.get_by_role("link", name="notes of tester on P01 interview.txt")).to_be_visible()
    assert_accessible(page, "the familiarisation page")
    page.get_by_role("button", name="Mark read (Focus group.txt)").click()
    expect(page.get_by_test_id("reading-people")).to_contain_text("2 of 2 documents read")
    page.get_by_role("button", name="Undo the mark “read” of P01 interview.txt").click()
    expect(page.get_by_test_id("reading-people")).to_contain_text("1 of 2 documents read")

    page.goto(f"/projects/{pid}")
    reading = page.get_by_test_id("overview-reading")
    expect(reading).to_contain_text("tester (you) has read 1 of 2")
    assert_accessible(page, "the overview with the team's reading")
    reading.get_by_role("link", name="Who has read what").click()
    expect(page.get_by_role("heading", name="Familiarisation")).to_be_visible()


def test_a_new_projects_checklist_leads_to_familiarisation(page, database) -> None:
    project = qualframe.create_project("Fresh", database=database, user="tester")
    project.documents.import_bytes("p01.txt", b"P01: It helped.\n")
    page.goto(f"/projects/{project.info.id}")
    steps = page.get_by_test_id("next-steps")
    expect(steps).to_contain_text("tester (you): 0 of 1 read")
    assert_accessible(page, "the overview with the familiarisation step")

    steps.get_by_role("link", name="Read the transcripts (familiarisation)").click()
    page.get_by_role("button", name="Mark read (p01.txt)").click()
    expect(page.get_by_test_id("reading-people")).to_contain_text("1 of 1 document read")
    page.goto(f"/projects/{project.info.id}")
    expect(page.get_by_test_id("next-steps")).to_contain_text(
        re.compile(r"Read the transcripts \(familiarisation\)\s+Done")
    )


def test_the_outline_moves_to_a_section_and_to_a_speaker(page, sample: SampleStudy) -> None:
    project = sample.project
    project.documents.import_bytes("sections.md", SECTIONED.encode(), participants=["P01"])
    document = project.documents.info("sections.md").id
    page.goto(f"/projects/{sample.project_id}/documents/{document}")
    page.locator("body.document-view--ready").wait_for(state="attached")

    page.get_by_text("Outline: 2 sections, 3 speakers").click()
    outline = page.get_by_role("navigation", name="Outline of the document")
    expect(outline.get_by_test_id("outline-speakers")).to_contain_text("P03 (Charity B, 1 turn)")
    assert_accessible(page, "the document view with its outline open")
    outline.get_by_role("link", name="Trust").click()
    assert page.url.endswith("#section-1")
    expect(page.locator("#section-1")).to_be_in_viewport()

    outline.get_by_role("link", name="Interviewer").click()
    assert re.search(r"#at-\d+$", page.url)
    turn = page.locator("#transcript .turn", has_text="Question 0?")
    expect(turn).to_be_focused()
    expect(turn).to_be_in_viewport()
