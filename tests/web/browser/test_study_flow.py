"""The study tables' autosave in a real browser (Debian's Chromium): each save states
the row's version and keeps the new one; a row changed by someone else is not
saved, its message is shown and what the user typed stays; a field typed in
while a save is on its way is not overwritten by the answer."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

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


def test_a_row_changed_by_someone_else_is_not_saved_and_keeps_what_was_typed(
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
        re.compile(r"^Not saved: The participant 'P01' was changed by someone else since you read")
    )
    expect(page.locator("#announcer")).to_have_text(re.compile("Reload it and make your change"))
    expect(description).to_have_value("My note")
    expect(row.locator("input[data-version]").first).to_have_value("1")
    assert _person(sample, "P01").description == "Changed in another window"


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
