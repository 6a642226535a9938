"""Importing transcripts, mapping speakers and editing the study design in a real
browser (Debian's Chromium), with an accessibility check of every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


TRANSCRIPT = (
    "Interviewer: What has changed since you met a peer worker?\n\n"
    "Speaker 2: I got my confidence back. I go out now.\n\n"
    "Interviewer: Anything else?\n\n"
    "Speaker 2: I trust the team again.\n"
)


def test_a_researcher_imports_a_transcript_and_maps_its_speaker(
    page, sample: SampleStudy, tmp_path: Path
) -> None:
    pid = sample.project_id
    transcript = tmp_path / "P03 interview.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    page.goto(f"/projects/{pid}/documents")
    assert_accessible(page, "the documents list")
    page.get_by_label("Files", exact=True).set_input_files(str(transcript))
    assert page.get_by_text("P03 interview.txt (").is_visible()  # the chosen files are listed
    page.get_by_label("P03").check()
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url(f"**/projects/{pid}/documents/upload")
    assert page.get_by_text("Imported 1 document. Linked to P03.").is_visible()
    assert page.get_by_text("Next: map the speakers.").is_visible()
    assert_accessible(page, "the import report")

    page.get_by_role("link", name="Map the speakers").click()
    row = page.get_by_role("row", name=re.compile("Speaker 2"))
    assert row.get_by_text("Not mapped in 1 document").is_visible()
    assert_accessible(page, "the speakers page")
    row.get_by_label("Who Speaker 2 stands for").select_option("participant:P03")
    # Saved as soon as it is chosen: announced, and the status changes without a reload.
    expect(page.locator("#announcer")).to_have_text(
        "Mapped Speaker 2 to P03: 0 codings re-attributed in 1 document."
    )
    row.locator("[data-status]").filter(has_text=re.compile("^✓Mapped$")).wait_for()
    mappings = sample.project.documents.speaker_mappings().set_index("label")
    assert mappings.loc["Speaker 2", "participant"] == "P03"
    page.reload()
    assert page.get_by_label("Who Speaker 2 stands for").input_value() == "participant:P03"


def test_a_failed_mapping_is_announced_and_reverted(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/speakers")
    select = page.get_by_label("Who Sam stands for")
    sample.project.documents.unlink_participants("Focus group.txt", "P03")
    sample.project.documents.map_speaker("Ali", role="other")
    sample.project.study.delete_participant("P03")
    page.get_by_label("Who Ali stands for").select_option("interviewer")
    expect(page.locator("#announcer")).to_have_text(re.compile("^Mapped Ali to the interviewer"))
    select.select_option("participant:P03")  # deleted meanwhile
    page.get_by_text(re.compile("Not saved: No participant called 'P03'")).wait_for()
    assert select.input_value() == "participant:P02"


def test_the_study_tables_save_a_row_in_place(page, sample: SampleStudy) -> None:
    pid = sample.project_id
    sample.project.study.define_attribute("age", "participant", "number")
    page.goto(f"/projects/{pid}/study")
    assert_accessible(page, "the study tables")
    page.get_by_label("stakeholder group of participant P02").select_option("peer worker")
    row = page.locator("tr", has=page.get_by_label("stakeholder group of participant P02"))
    row.get_by_text("Saved").wait_for()
    people = {p.identifier: p for p in sample.project.study.participants()}
    assert people["P02"].attributes["stakeholder group"] == "peer worker"

    age = page.get_by_label("age of participant P01")
    age.fill("34")
    age.press("Enter")  # saves the row and moves to the same column of the next row
    expect(page.get_by_label("age of participant P02")).to_be_focused()
    assert sample.project.study.participants()[0].attributes["age"] == "34"

    bad = page.get_by_label("Name of case Charity B")
    bad.fill("Trust A")
    bad.press("Tab")
    page.get_by_text(
        re.compile("Not saved: The project has a case called 'Trust A' already.")
    ).wait_for()
    assert [c.name for c in sample.project.study.cases()] == ["Charity B", "Trust A"]
    bad.fill("Charity C")
    bad.press("Tab")
    # Saved, and the row's controls are now named after the new name.
    expect(page.get_by_label("Name of case Charity C")).to_have_value("Charity C")
    assert [c.name for c in sample.project.study.cases()] == ["Charity C", "Trust A"]

    # Moving a participant shows the new case's inherited values.
    page.get_by_label("Case of participant P02").select_option("Charity C")
    inherited = row.locator("[data-inherited='employer']")
    expect(inherited).to_have_text("voluntary sector")
    # A case's new value shows as inherited by its participants straight away.
    page.get_by_label("employer of case Charity C").select_option("NHS")
    expect(inherited).to_have_text("NHS")
    # Values are shown as stored.
    page.get_by_label("age of participant P02").fill("41.50")
    page.get_by_label("age of participant P02").press("Tab")
    expect(page.get_by_label("age of participant P02")).to_have_value("41.5")


def test_deleting_a_case_asks_in_a_dialog(page, sample: SampleStudy) -> None:
    sample.project.study.add_case("Spare")
    page.goto(f"/projects/{sample.project_id}/study")
    delete = page.get_by_role("button", name="Delete case Spare")
    delete.click()
    dialog = page.get_by_role("dialog", name="Are you sure?")
    assert dialog.get_by_text("Delete the case Spare and its attribute values?").is_visible()
    assert_accessible(page, "the confirmation dialog")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.textContent").startswith("Delete")
    assert "Spare" in [c.name for c in sample.project.study.cases()]
    delete.click()
    dialog.get_by_role("button", name="Yes, delete").click()
    page.get_by_text("Deleted the case 'Spare'.").wait_for()
    assert "Spare" not in [c.name for c in sample.project.study.cases()]


def test_a_participants_spreadsheet_is_previewed_and_imported(
    page, sample: SampleStudy, tmp_path: Path
) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text("participant,case,age\nP04,Trust A,44\nP05,Clinic C,29\n", encoding="utf-8")
    page.goto(f"/projects/{sample.project_id}/study")
    page.get_by_label("Spreadsheet (.csv or .xlsx)").set_input_files(str(sheet))
    page.get_by_label("Add the cases a participants file names that do not exist yet").check()
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("heading", name="Import people.csv: preview").wait_for()
    assert_accessible(page, "the import preview")
    page.get_by_label("Type of age").select_option("text")
    page.get_by_role("button", name="Update the preview").click()
    page.wait_for_url(re.compile(r"type%3Aage=text"))
    page.get_by_role("button", name="Import people.csv").click()
    page.get_by_text(re.compile("Imported 2 cases and 2 participants from people.csv")).wait_for()
    age = next(a for a in sample.project.study.attributes() if a.name == "age")
    assert age.type == "text"


def test_spreadsheet_problems_and_a_schedule_preview_are_accessible(
    page, sample: SampleStudy, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("participant,stakeholder group\nP01,nurse\n", encoding="utf-8")
    page.goto(f"/projects/{sample.project_id}/study")
    page.get_by_label("Spreadsheet (.csv or .xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_text("1 problem in bad.csv: nothing can be imported").wait_for()
    assert page.get_by_role("button", name="Import bad.csv").count() == 0
    assert_accessible(page, "an import preview with problems")

    schedule = tmp_path / "schedule.csv"
    schedule.write_text("identifier,question,levels\nQ2,Did it help?,yes;no\n", encoding="utf-8")
    page.goto(f"/projects/{sample.project_id}/study/schedule")
    page.get_by_label("Spreadsheet (.csv or .xlsx)").first.set_input_files(str(schedule))
    page.get_by_role("button", name="Preview the schedule").click()
    page.get_by_text("New questions: Q2").wait_for()
    assert_accessible(page, "the schedule preview")
    page.get_by_role("button", name="Import schedule.csv").click()
    page.get_by_text(re.compile("Imported 1 question from schedule.csv")).wait_for()
    assert {q.identifier for q in sample.project.study.questions()} == {"Q1", "Q2"}


def test_the_other_pages_are_accessible(page, sample: SampleStudy) -> None:
    pid = sample.project_id
    sample.project.documents.unmap_speaker("Ali")
    sample.project.study.define_attribute("mode", "document", "categorical", ["phone", "video"])
    for path, what in (
        (f"/projects/{pid}", "the overview"),
        (f"/projects/{pid}/activity", "the activity log"),
        (f"/projects/{pid}/activity?actor=nobody", "an empty activity log"),
        (f"/projects/{pid}/study/attributes", "the attributes"),
        (f"/projects/{pid}/study/attributes/1/delete", "the attribute deletion"),
        (f"/projects/{pid}/study/schedule", "the interview schedule"),
        (f"/projects/{pid}/documents/{sample.interview_id}/settings", "the document settings"),
        (f"/projects/{pid}/documents/{sample.interview_id}/delete", "the document deletion"),
    ):
        page.goto(path)
        assert_accessible(page, what)
    page.goto(f"/projects/{pid}/study/attributes")
    page.get_by_text("Edit employer").click()
    assert_accessible(page, "an open attribute editor")


def test_a_document_position_is_saved_on_change(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/documents")
    position = page.get_by_label("Position of Focus group.txt in interview order")
    position.fill("1")
    position.press("Tab")
    expect(page.locator("#announcer")).to_have_text("Focus group.txt now has position 1.")
    assert sample.project.documents.info("Focus group.txt").position == 1
    # The next save states the version the first one answered; a document changed
    # elsewhere meanwhile is refused and the typed position stays.
    position.fill("2")
    position.press("Tab")
    expect(page.locator("#announcer")).to_have_text("Focus group.txt now has position 2.")
    sample.project.documents.set_position("Focus group.txt", 7)
    position.fill("3")
    position.press("Tab")
    expect(page.locator("#announcer")).to_have_text(
        re.compile("^Not saved. The document 'Focus group.txt' was changed by someone else")
    )
    expect(position).to_have_value("3")
    assert sample.project.documents.info("Focus group.txt").position == 7
