"""Typologies in a real browser (Debian's Chromium): define a dimension from the
study pages, assign each case a category in the table, follow the link that
groups the framework matrix by it; every page axe-core clean."""

from __future__ import annotations

from typing import Any

import pytest

from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_defining_and_assigning_a_typology_without_leaving_the_study_pages(
    page: Any, sample: SampleStudy
) -> None:
    page.goto(f"/projects/{sample.project_id}/study")
    page.get_by_role("navigation", name="Study design").get_by_role(
        "link", name="Typologies"
    ).click()
    expect(page.get_by_text("No typology dimensions yet.")).to_be_visible()
    assert_accessible(page, "the typologies page, empty")
    page.get_by_label("Name").fill("model of peer work")
    page.get_by_label("Classifies").select_option("case")
    page.get_by_label("Categories, one per line").fill("embedded\nstandalone\nhybrid")
    page.get_by_role("button", name="Define the dimension").click()
    expect(page.get_by_text("Defined the typology 'model of peer work' of cases")).to_be_visible()
    page.get_by_label("Category of case Trust A").select_option("embedded")
    page.get_by_label("Category of case Charity B").select_option("hybrid")
    assert_accessible(page, "a dimension's assignments")
    page.get_by_role("button", name="Save the assignments").click()
    expect(page.get_by_text("Saved 2 assignments on 'model of peer work'.")).to_be_visible()
    expect(page.get_by_label("Category of case Trust A")).to_have_value("embedded")
    placed = {
        p.object: p.category for p in sample.project.typologies.placements("model of peer work")
    }
    assert placed == {"Trust A": "embedded", "Charity B": "hybrid"}

    page.get_by_role("link", name="All typology dimensions").click()
    expect(page.get_by_text("2 assigned, 0 not yet")).to_be_visible()
    assert_accessible(page, "the typologies page with a dimension")
    page.get_by_role("link", name="Group the framework matrix by it").click()
    expect(page).to_have_url(
        f"{page.url.split('/projects')[0]}/projects/{sample.project_id}/matrix?rows=participants&group_by=model+of+peer+work"
    )
