"""Saying who speaks in one turn, in a real browser (Debian's Chromium): from the
speakers page to a document's turns, one turn mapped to the participant who
said it, with an accessibility check of the turns page."""

from __future__ import annotations

import re

import pytest

import qualframe
from web.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

# The typist wrote "Speaker 1" for the third turn, which P02 said.
GROUP = (
    "**Facilitator**: What helped you?\n\n"
    "**Speaker 1**: Talking to someone who had been there.\n\n"
    "**Speaker 1**: Being listened to, every week.\n"
)


@pytest.fixture
def group(database: qualframe.Database) -> qualframe.Project:
    project = qualframe.create_project("Groups", database=database, user="tester")
    project.study.add_case("Site A")
    project.study.add_participant("P01", "Site A", description="Ann, a peer worker")
    project.study.add_participant("P02", "Site A", description="Bo, a carer")
    project.documents.import_bytes("fg.txt", GROUP.encode())
    project.documents.map_speaker("Speaker 1", "P01")
    project.documents.map_speaker("Facilitator", role="interviewer")
    return project


def test_a_researcher_says_who_speaks_in_one_turn(page, group: qualframe.Project) -> None:
    page.goto(f"/projects/{group.info.id}/speakers")
    page.get_by_label("Document", exact=True).select_option(label="fg.txt")
    page.get_by_role("button", name="Show its turns").click()
    page.wait_for_url(re.compile(r"/speakers/turns\?document_id="))
    turns = page.get_by_test_id("turns")
    expect(turns.get_by_text("The project-wide mapping of the label").first).to_be_visible()
    assert_accessible(page, "the turns page")

    page.get_by_role("link", name="Change who speaks in turn 3").click()
    chosen = page.get_by_test_id("chosen-turn")
    expect(chosen.get_by_role("heading", name="Turn 3: Speaker 1")).to_be_visible()
    page.get_by_label("Who speaks in turn 3").select_option(label="P02 — Bo, a carer")
    chosen.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Mapped turn 3 ('Speaker 1') of 'fg.txt' to P02")).to_be_visible()
    expect(chosen.get_by_text("(This turn’s own mapping)")).to_be_visible()
    assert_accessible(page, "the turns page with a turn's own mapping")
    assert [t.participant for t in group.documents.turn_list("fg.txt")] == [None, "P01", "P02"]

    page.get_by_role("button", name="Remove this turn’s own mapping").click()
    expect(page.get_by_text("Removed the mapping of turn 3")).to_be_visible()
    assert group.documents.turn_list("fg.txt")[2].participant == "P01"
