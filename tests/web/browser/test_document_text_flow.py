"""Importing with a preview of the speaker labels, renaming a document, replacing
its text and jumping through its outline, in a real browser (Debian's
Chromium), with an accessibility check of every page (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from web.browser.conftest import assert_accessible
from web.sample_study import INTERVIEW, SampleStudy

pytestmark = pytest.mark.browser

SECTIONED = (
    "# Role and background\n\n**P03**: I started as a volunteer.\n\n"
    "# Trust\n\n**Interviewer**: Why did you trust her?\n\n**P03**: She had been there.\n"
)


def test_a_researcher_previews_an_import_and_reads_the_outline(
    page, sample: SampleStudy, tmp_path: Path
) -> None:
    pid = sample.project_id
    transcript = tmp_path / "P03 sections.md"
    transcript.write_text(SECTIONED, encoding="utf-8")
    page.goto(f"/projects/{pid}/documents")
    page.get_by_label("Files", exact=True).set_input_files(str(transcript))
    page.get_by_role("button", name="Preview, with the speaker labels found").click()
    page.get_by_text("Nothing has been imported yet.").wait_for()
    assert page.get_by_role("cell", name="She had been there.").count() == 0
    assert page.get_by_role("rowheader", name="P03").is_visible()
    assert_accessible(page, "the import preview")
    page.get_by_role("button", name="Import 1 document").click()
    page.get_by_text("Imported 1 document.").wait_for()
    page.get_by_role("link", name="P03 sections.md").click()
    page.get_by_text("Outline: 2 sections").click()
    assert_accessible(page, "the document view with its outline")
    page.get_by_role("link", name="Trust").click()
    assert page.url.endswith("#section-1")
    text = sample.project.documents.document("P03 sections.md").text
    assert "**" not in text and "#" not in text


def test_a_researcher_renames_a_document_and_replaces_its_text(
    page, sample: SampleStudy, tmp_path: Path
) -> None:
    pid, doc = sample.project_id, sample.interview_id
    page.goto(f"/projects/{pid}/documents/{doc}/settings")
    assert_accessible(page, "the document settings")
    page.get_by_role("textbox", name="Title").fill("Interview with P01")
    page.get_by_role("button", name="Rename").click()
    page.get_by_text("now 'Interview with P01'").wait_for()
    page.get_by_role("link", name="Replace the text").click()
    assert_accessible(page, "the replace page")
    corrected = tmp_path / "P01 interview.txt"
    corrected.write_text(INTERVIEW.replace("come to peer work", "start peer work"), "utf-8")
    page.locator("#replace-file").set_input_files(str(corrected))
    page.get_by_role("button", name="Preview the replacement").click()
    page.get_by_text("Nothing has been changed yet.").wait_for()
    assert_accessible(page, "the replacement preview")
    page.get_by_label("Why (kept with the old text)").fill("typo in the question")
    page.get_by_role("button", name="Replace the text").click()
    page.get_by_text("the old text is revision 1").wait_for()
    assert sample.project.documents.revisions(doc)[0].reason == "typo in the question"
