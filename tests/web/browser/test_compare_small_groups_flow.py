"""Comparisons of tiny groups in a real browser: the counts are the result and
the test waits, closed, behind a disclosure that says why it is not reliable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import qualframe
from qualframe.storage.database import Database
from services.group_size_study import build_group_study
from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def _groups(database: Database, sizes: dict[str, int]) -> int:
    project = qualframe.create_project("Groups", database=database, user="tester")
    build_group_study(project, sizes)
    return project.info.id


def _compare_answers(page, project_id: int, question: str) -> None:
    page.goto(f"/projects/{project_id}/compare/answers")
    page.get_by_label("Structured question").select_option(question)
    page.get_by_label("Group by").select_option("team")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url("**/compare/answers?*")


def test_tiny_groups_show_counts_and_keep_the_test_behind_a_disclosure(
    page, database: Database
) -> None:
    project_id = _groups(database, {"peer worker": 2, "service user": 3, "manager": 1})
    _compare_answers(page, project_id, "Q1")

    table = page.get_by_role("table", name="Q1 by team")
    expect(table.get_by_role("row", name="peer worker")).to_contain_text("between low and medium")
    expect(page.get_by_test_id("descriptive-note")).to_contain_text("fewer than 5 people")
    summary = page.get_by_text("Test result, not reliable: groups of fewer than 5 people")
    expect(summary).to_be_visible()
    test = page.get_by_role("heading", name="Kruskal–Wallis H test")
    expect(test).to_be_hidden()
    assert_accessible(page, "tiny groups, the test closed")

    summary.click()
    expect(test).to_be_visible()
    expect(page.get_by_test_id("test-caveat")).to_contain_text(
        "Groups of fewer than 5 people: the p-value is not reliable"
    )
    expect(page.get_by_test_id("test-result")).to_contain_text("(not reliable)")
    assert_accessible(page, "tiny groups, the test opened")


def test_groups_at_the_minimum_show_the_test_in_view(page, database: Database) -> None:
    project_id = _groups(database, {"peer worker": 5, "service user": 6, "manager": 5})
    _compare_answers(page, project_id, "Q1")

    expect(page.get_by_role("heading", name="Kruskal–Wallis H test")).to_be_visible()
    expect(page.get_by_test_id("test-disclosure")).to_have_count(0)
    expect(page.get_by_test_id("test-result")).not_to_contain_text("not reliable")
    assert_accessible(page, "groups at the minimum size")


def test_a_code_compared_across_tiny_groups_reads_as_counts(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/compare/code")
    page.get_by_label("Code or theme").select_option(label="Trust")
    page.get_by_label("Group by").select_option("stakeholder group")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url("**/compare/code?*")

    table = page.get_by_role("table", name="Trust by stakeholder group")
    expect(table.get_by_role("row", name="peer worker")).to_contain_text("1 of 2")
    expect(page.get_by_test_id("code-result")).not_to_contain_text("p-value")
    expect(page.get_by_test_id("test-result")).to_have_count(0)
    assert_accessible(page, "a code compared across groups of two")
