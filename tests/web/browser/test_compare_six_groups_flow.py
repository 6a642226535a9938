"""Quotes side by side stay readable with six groups at 1,280 px: every group's
column is in view (columns wrap to a new row), none is scrolled out of sight."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

import qualframe
from qualframe.storage.database import Database
from web.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

GROUPS = ["peer worker", "service user", "carer", "manager", "clinician", "commissioner"]


@pytest.fixture
def six_groups(database: Database) -> qualframe.Project:
    """Six stakeholder groups of two people, each person saying something coded Trust."""
    project = qualframe.create_project("Six groups", database=database, user="tester")
    study = project.study
    study.define_attribute("stakeholder group", "participant", "categorical", GROUPS)
    study.add_case("Site")
    project.codebook.add("Trust")
    for number in range(12):
        person, group = f"P{number + 1:02d}", GROUPS[number // 2]
        study.add_participant(person, "Site", values={"stakeholder group": group})
        text = f"{person}: As a {group}, I came to trust the peer worker over many weeks.\n"
        project.documents.import_bytes(f"{person}.txt", text.encode(), participants=person)
        start = text.index("I came")
        project.coding.apply(f"{person}.txt", "Trust", start, len(text) - 1)
    return project


def test_six_groups_of_quotes_all_stay_in_view_at_1280_pixels(
    page: Any, six_groups: qualframe.Project
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    pid = six_groups.info.id
    page.goto(f"/projects/{pid}/compare/code?code=Trust&by=stakeholder+group&quotes=2")
    columns = page.get_by_test_id("quote-columns")
    expect(columns.locator(".quote-column")).to_have_count(6)
    for group in GROUPS:
        region = page.get_by_role("region", name=group)
        expect(region).to_be_visible()
        box = region.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280, group
    overflow = columns.evaluate("element => element.scrollWidth - element.clientWidth")
    assert overflow <= 1
    page_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert page_overflow <= 1
    assert_accessible(page, "six groups of quotes side by side")
