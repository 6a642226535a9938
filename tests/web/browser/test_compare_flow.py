"""The comparison pages in a real browser: open a comparison, read it, check accessibility."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def _wait_for_image(page, testid: str) -> None:
    """Wait until the chart image (drawn by its own request) has loaded."""
    page.wait_for_function(
        "id => { const i = document.querySelector(`[data-testid=${id}]`);"
        " return i && i.complete && i.naturalWidth > 0; }",
        arg=testid,
    )


def test_a_researcher_compares_a_theme_across_groups_and_reads_the_quotes(
    page, sample: SampleStudy
) -> None:
    page.goto(f"/projects/{sample.project_id}/compare")
    assert_accessible(page, "the comparisons overview")
    page.get_by_role("navigation", name="Comparisons").get_by_role(
        "link", name="Code × group"
    ).click()
    page.get_by_label("Code or theme").select_option(label="Trust")
    page.get_by_label("Group by").select_option("stakeholder group")
    page.get_by_label("Quotes per group").fill("3")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url("**/compare/code?*")
    table = page.get_by_role("table", name="Trust by stakeholder group")
    expect(table.get_by_role("row", name="peer worker")).to_contain_text("1 of 2")
    expect(page.get_by_text("50% (1 of 2)")).to_be_visible()
    column = page.get_by_role("region", name="peer worker")
    expect(column).to_contain_text("That shared experience")
    link = column.get_by_role("link", name="P01 interview.txt")
    expect(link).to_have_attribute(
        "href",
        f"/projects/{sample.project_id}/documents/{sample.interview_id}?start=111&end=133#passage",
    )
    # The choices stay in the form, so the comparison can be changed and shared.
    expect(page.get_by_label("Group by")).to_have_value("stakeholder group")
    assert_accessible(page, "a code compared across groups")


def test_structured_answers_show_their_caveats_before_the_test(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/compare/answers")
    page.get_by_label("Structured question").select_option("Q1")
    page.get_by_label("Group by").select_option("stakeholder group")
    page.get_by_role("button", name="Compare", exact=True).click()
    caveats = page.get_by_role("note", name="Read this before the test")
    expect(caveats).to_contain_text("not evidence about a wider population")
    # Groups of 1 and 2 people: the test waits behind a disclosure saying why.
    expect(page.get_by_role("heading", name="Fisher's exact test")).to_be_hidden()
    page.get_by_text("Test result, not reliable: groups of fewer than 5 people").click()
    expect(page.get_by_role("heading", name="Fisher's exact test")).to_be_visible()
    expect(page.get_by_test_id("test-caveat")).to_contain_text("the p-value is not reliable")
    assert_accessible(page, "structured answers compared")


def test_cooccurrence_shows_only_the_choices_of_the_level(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/compare/cooccurrence")
    expect(page.get_by_label("Passages meet when")).to_be_visible()
    expect(page.get_by_label("People counted as")).to_be_hidden()
    page.get_by_label("Together in").select_option("participant")
    expect(page.get_by_label("Passages meet when")).to_be_hidden()
    expect(page.get_by_label("People counted as")).to_be_visible()
    page.get_by_role("button", name="Count").click()
    page.wait_for_url("**level=participant*")
    expect(page.get_by_test_id("heat-table")).to_contain_text("Trust > Shared experience")
    expect(page.get_by_test_id("heat-chart")).to_be_visible()
    _wait_for_image(page, "heat-chart")
    assert_accessible(page, "co-occurrence")


def test_the_saturation_curve_is_drawn_with_its_table(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/compare/saturation")
    expect(page.get_by_test_id("saturation-chart")).to_be_visible()
    _wait_for_image(page, "saturation-chart")
    expect(page.get_by_test_id("steps-table")).to_contain_text("P01 interview.txt")
    assert_accessible(page, "saturation")
    page.get_by_label("One curve per group of").select_option("stakeholder group")
    page.get_by_role("button", name="Show the curve").click()
    expect(page.get_by_role("heading", name="peer worker", exact=True)).to_be_visible()
    assert_accessible(page, "saturation per group")
