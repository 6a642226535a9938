"""The document view's counts follow its codings in a real browser: the header's
total, the "Showing…" line, the filters' code and coder counts and the "no
codings" note after applying, removing and undoing a coding, on one page and
on a page of a long document."""

from __future__ import annotations

from typing import Any

import pytest

import qualframe
from qualframe.storage.database import Database
from web.browser.conftest import assert_accessible
from web.browser.document_helpers import open_document, select_phrase
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def _code(page: Any, phrase: str, code: str) -> None:
    select_phrase(page, phrase)
    page.keyboard.press("c")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.locator("#coding-message", has_text=f"Coded “{phrase}”").wait_for()


def _header(page: Any) -> str:
    return page.get_by_test_id("codings-total").inner_text()


def _remove(page: Any, phrase: str) -> None:
    page.locator("#codings-list li", has_text=phrase).locator("a").click()
    details = page.locator("#coding-details")
    details.get_by_role("button", name="Remove this coding").click()
    details.get_by_role("heading", name="Coding removed").wait_for()


def test_the_header_count_follows_coding_removing_and_undoing(
    page: Any, sample: SampleStudy
) -> None:
    open_document(page, sample.project_id, sample.interview_id)
    assert _header(page) == "1 coding"
    _code(page, "and I knew", "Hope")
    assert _header(page) == "2 codings"
    assert page.inner_text("#codings-count") == "Showing all 2 codings."
    page.get_by_text("Filter by code or coder").click()
    assert page.get_by_label("Hope (1)").is_checked()
    assert page.locator("#filter-coder option").all_inner_texts() == [
        "Everyone (2)",
        "tester (2)",
    ]

    _remove(page, "and I knew")
    assert _header(page) == "1 coding"
    assert page.inner_text("#codings-count") == "Showing all 1 coding."
    assert page.get_by_label("Hope (0)").is_visible()
    assert len(sample.project.coding.codings(document=sample.interview_id)) == 1
    assert_accessible(page, "the document view after removing a coding")

    page.locator("#coding-details").get_by_role("button", name="Undo").click()
    page.locator("#coding-details").get_by_role("heading", name="Coding details").wait_for()
    assert _header(page) == "2 codings"
    assert page.inner_text("#codings-count") == "Showing all 2 codings."
    assert page.get_by_label("Hope (1)").is_visible()
    assert len(sample.project.coding.codings(document=sample.interview_id)) == 2
    assert_accessible(page, "the document view after undoing the removal")

    page.reload()
    page.locator("body.document-view--ready").wait_for(state="attached")
    assert _header(page) == "2 codings"  # what the page said is what the server says


def test_removing_the_last_coding_says_there_are_none_and_a_new_one_hides_that_again(
    page: Any, sample: SampleStudy
) -> None:
    open_document(page, sample.project_id, sample.interview_id)
    assert not page.get_by_text("No codings yet.").is_visible()
    _remove(page, "That shared experience")
    assert _header(page) == "0 codings"
    assert page.inner_text("#codings-count") == "Showing all 0 codings."
    assert page.get_by_text("No codings yet.").is_visible()
    _code(page, "resilience", "Hope")
    assert _header(page) == "1 coding"
    assert not page.get_by_text("No codings yet.").is_visible()
    assert_accessible(page, "the document view with its first coding")


def test_a_memo_added_in_the_panel_is_counted_in_the_codings_list(
    page: Any, sample: SampleStudy
) -> None:
    open_document(page, sample.project_id, sample.interview_id, f"?coding={sample.coding_id}")
    item = page.locator(f'#codings-list li[data-coding="{sample.coding_id}"]')
    assert "memo" not in item.inner_text()
    details = page.locator("#coding-details")
    details.get_by_label("Memo title").fill("Why")
    details.get_by_role("button", name="Add memo").click()
    details.get_by_role("heading", name="Why").wait_for()
    item.get_by_text("1 memo").wait_for()
    assert item.get_attribute("class") == "coding-item--active"


@pytest.fixture
def long(database: Database, monkeypatch: pytest.MonkeyPatch) -> tuple[qualframe.Project, int]:
    """A document of several pages with one coding on its first page."""
    monkeypatch.setenv("QUALFRAME_LIMIT_PAGE_CHARACTERS", "400")
    project = qualframe.create_project("Paged", database=database, user="tester")
    project.codebook.add("Support")
    text = "".join(f"Ana: Turn {n} says something about support.\n\n" for n in range(40))
    project.documents.import_bytes("long.md", text.encode())
    document_id = int(project.documents.documents()["id"].iloc[0])
    start = text.index("Turn 0")
    project.coding.apply(document_id, "Support", start, start + 6)
    return project, document_id


def test_on_a_later_page_the_header_counts_the_whole_document(
    page: Any, long: tuple[qualframe.Project, int]
) -> None:
    project, document_id = long
    open_document(page, project.info.id, document_id, "?page=2")
    assert _header(page) == "1 coding"
    assert page.inner_text("#codings-count") == "Showing all 0 codings."
    assert page.get_by_text("No codings on this page.").is_visible()
    phrase = page.evaluate(
        """() => document.getElementById("transcript").innerText.match(/Turn \\d+/)[0]"""
    )
    _code(page, phrase, "Supp")
    assert _header(page) == "2 codings"
    assert page.inner_text("#codings-count") == "Showing all 1 coding."
    assert not page.get_by_text("No codings on this page.").is_visible()
    _remove(page, phrase)
    assert _header(page) == "1 coding"
    assert_accessible(page, "a later page of a long document after removing a coding")


def test_going_back_to_a_page_shows_the_codings_and_counts_as_they_are_now(
    page: Any, sample: SampleStudy
) -> None:
    listing = f"/projects/{sample.project_id}/documents"
    row = page.locator('[data-testid="documents"] tr', has_text="P01 interview.txt")
    page.goto(listing)
    assert "7%" in row.inner_text()  # its one coding covers 7% of the text
    page.get_by_role("link", name="P01 interview.txt").first.click()
    page.locator("body.document-view--ready").wait_for(state="attached")
    _remove(page, "That shared experience")
    assert _header(page) == "0 codings"

    page.go_back()  # to the list: counted again, not the list as it was left
    row.wait_for()
    assert "7%" not in row.inner_text()
    page.go_forward()  # to the document: the removed coding stays removed
    page.locator("body.document-view--ready").wait_for(state="attached")
    assert _header(page) == "0 codings"
    assert page.locator("#codings-list li").count() == 0
