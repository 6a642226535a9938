"""The study tables' autosave in a real browser (Debian's Chromium): each save states
the row's version and sends only the fields edited since; a row changed by
someone else is merged field by field (their changes shown, the user's saved
again), and a field both changed keeps what the user typed with the stored value
beside it until they choose; a field typed in while a save is on its way is not
overwritten by the answer."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def _person(sample: SampleStudy, identifier: str) -> Any:
    return next(p for p in sample.project.study.participants() if p.identifier == identifier)


def _row(page: Any, identifier: str) -> Any:
    return page.locator("tr", has=page.get_by_label(f"Identifier of participant {identifier}"))


def test_the_autosave_sends_the_version_it_read_and_keeps_the_new_one(
    page: Any, sample: SampleStudy
) -> None:
    page.goto(f"/projects/{sample.project_id}/study")
    row = _row(page, "P02")
    versions = row.locator("input[data-version]")
    expect(versions.first).to_have_value("1")
    group = page.get_by_label("stakeholder group of participant P02")
    group.select_option("peer worker")
    row.get_by_text("Saved").wait_for()
    expect(versions.first).to_have_value("2")
    expect(versions.last).to_have_value("2")  # the delete form's too
    # The next save states version 2: it would be refused with the old one.
    group.select_option("service user")
    expect(versions.first).to_have_value("3")
    person = _person(sample, "P02")
    assert (person.version, person.attributes["stakeholder group"]) == (3, "service user")


def test_a_field_both_changed_keeps_what_was_typed_and_shows_the_stored_value(
    page: Any, sample: SampleStudy
) -> None:
    page.goto(f"/projects/{sample.project_id}/study")
    sample.project.study.edit_participant("P01", description="Changed in another window")
    description = page.get_by_label("Description of participant P01")
    description.fill("My note")
    description.press("Tab")
    row = _row(page, "P01")
    status = row.locator("[data-row-status]")
    expect(status).to_have_text(
        "Not saved: Participant P01 was changed by someone else meanwhile. Description of "
        "participant P01 is now “Changed in another window”; yours is kept in the field. "
        "Choose “Keep mine” or “Take theirs”."
    )
    expect(page.locator("#announcer")).to_have_text(re.compile("yours is kept in the field"))
    expect(description).to_have_value("My note")
    note = row.locator(".field-conflict")
    expect(note).to_contain_text("Saved meanwhile by someone else: “Changed in another window”.")
    expect(description).to_have_attribute("aria-describedby", re.compile(r"-conflict-"))
    expect(row.locator("input[data-version]").first).to_have_value("2")  # the version now read
    assert _person(sample, "P01").description == "Changed in another window"
    assert_accessible(page, "the study tables with a conflict shown")
    row.get_by_role("button", name="Keep mine for Description of participant P01").click()
    expect(status).to_have_text("Saved")
    expect(note).to_have_count(0)
    expect(row.locator("input[data-version]").first).to_have_value("3")
    assert _person(sample, "P01").description == "My note"


def test_taking_their_value_shows_it_and_saves_nothing(page: Any, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/study")
    sample.project.study.update_participant("P02", values={"stakeholder group": "peer worker"})
    group = page.get_by_label("stakeholder group of participant P02")
    group.select_option("")
    row = _row(page, "P02")
    row.get_by_role("button", name="Take theirs for stakeholder group of participant P02").click()
    expect(group).to_have_value("peer worker")
    expect(row.locator("[data-row-status]")).to_have_text("Up to date")
    person = _person(sample, "P02")
    assert (person.version, person.attributes["stakeholder group"]) == (2, "peer worker")


def _hold_saves(page: Any) -> tuple[list[Any], Any]:
    """Hold the participants' saves in the browser (released by the test); returns the
    held routes and a function waiting for the next one."""
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    page.route(re.compile(r".*/api/projects/\d+/participants/\d+$"), hold)

    def next_held(count: int) -> Any:
        deadline = time.monotonic() + 10
        while len(held) < count and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        assert len(held) >= count, "the row was not saved"
        return held[count - 1]

    return held, next_held


def test_two_saves_racing_on_one_row_keep_both_edits_and_report_the_collision(
    page: Any, sample: SampleStudy
) -> None:
    page.goto(f"/projects/{sample.project_id}/study")
    _, next_held = _hold_saves(page)
    page.get_by_label("stakeholder group of participant P03").select_option("service user")
    first = next_held(1)  # my first save, on its way (version 1)
    description = page.get_by_label("Description of participant P03")
    description.fill("My note")  # typed while it is on its way...
    description.press("Tab")  # ...and left: saved next
    # Meanwhile someone else moves P03 and describes them.
    sample.project.study.update_participant("P03", case="Trust A", description="Their note")
    first.continue_()  # refused as stale: merged, my group sent again on version 2
    next_held(2).continue_()
    row = _row(page, "P03")
    status = row.locator("[data-row-status]")
    expect(status).to_have_text(re.compile(r"^Not saved: Participant P03 was changed by someone"))
    expect(status).to_contain_text("Description of participant P03 is now “Their note”")
    expect(page.get_by_label("Case of participant P03")).to_have_value("Trust A")  # theirs
    group = page.get_by_label("stakeholder group of participant P03")
    expect(group).to_have_value("service user")  # mine, saved
    expect(description).to_have_value("My note")  # mine, held beside theirs
    expect(row.locator(".field-conflict")).to_contain_text("“Their note”")
    person = _person(sample, "P03")
    assert (person.version, person.case, person.description) == (3, "Trust A", "Their note")
    assert person.attributes["stakeholder group"] == "service user"
    assert_accessible(page, "the study tables after two racing saves")


def test_a_field_typed_in_while_a_save_is_on_its_way_is_not_overwritten(
    page: Any, sample: SampleStudy
) -> None:
    page.goto(f"/projects/{sample.project_id}/study")
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    saves = re.compile(r".*/api/projects/\d+/participants/\d+$")
    page.route(saves, hold)
    page.get_by_label("stakeholder group of participant P03").select_option("service user")
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    assert held, "the row was not saved"
    description = page.get_by_label("Description of participant P03")
    description.fill("Typed while saving")  # no change event yet: still in the field
    route = held[0]
    route.fulfill(response=route.fetch())
    page.unroute(saves, hold)
    row = _row(page, "P03")
    row.get_by_text("Saved").wait_for()
    expect(description).to_have_value("Typed while saving")
    description.press("Tab")  # now it is saved, with the version of the first answer
    expect(row.locator("input[data-version]").first).to_have_value("3")
    person = _person(sample, "P03")
    assert (person.description, person.attributes["stakeholder group"]) == (
        "Typed while saving",
        "service user",
    )
