"""A long document in the browser, a page at a time: the pager, coding with
the keyboard on a later page (offsets stay the document's), the chooser, the
outline's jump to another page, accessibility."""

from __future__ import annotations

from typing import Any

import pytest

import qualframe
from qualframe.storage.database import Database
from web.browser.conftest import assert_accessible
from web.browser.document_helpers import caret_before, open_document

pytestmark = pytest.mark.browser

LIMIT = 400


def _markdown() -> str:
    parts = []
    for section in range(4):
        parts.append(f"# Section {section}\n\n")
        for turn in range(6):
            speaker = "Interviewer" if turn % 2 == 0 else "Ana"
            parts.append(f"{speaker}: Turn {section}.{turn} says something about support.\n\n")
    return "".join(parts)


@pytest.fixture
def long(database: Database, monkeypatch: pytest.MonkeyPatch) -> tuple[qualframe.Project, int]:
    monkeypatch.setenv("QUALFRAME_LIMIT_PAGE_CHARACTERS", str(LIMIT))
    project = qualframe.create_project("Paged", database=database, user="tester")
    project.codebook.add("Support")
    project.documents.import_bytes("long.md", _markdown().encode())
    return project, int(project.documents.documents()["id"].iloc[0])


def test_a_later_page_is_reached_coded_with_the_keyboard_and_accessible(
    page: Any, long: tuple[qualframe.Project, int]
) -> None:
    project, document_id = long
    text = project.documents.document(document_id).text
    open_document(page, project, document_id)
    assert page.get_by_test_id("pager-top").is_visible()
    assert "Turn 0.0" in page.inner_text("#transcript")
    assert "Turn 1.3" not in page.inner_text("#transcript")
    assert_accessible(page, "the first page of a long document")
    page.get_by_test_id("pager-top").get_by_role("link", name="Next page").click()
    page.locator("body.document-view--ready").wait_for(state="attached")
    assert "page=2" in page.url
    shown = page.inner_text("#transcript")
    assert "Turn 0.0" not in shown
    phrase = next(f"Turn {s}.{t}" for s in range(4) for t in range(6) if f"Turn {s}.{t}" in shown)
    caret_before(page, phrase)
    for _ in range(len(phrase)):
        page.keyboard.press("Shift+ArrowRight")
    page.locator("#selection-status", has_text=f"“{phrase}”").wait_for()
    page.keyboard.press("c")
    page.keyboard.type("Supp")
    page.keyboard.press("Enter")
    page.locator("#coding-message", has_text=f"Coded “{phrase}” with Support.").wait_for()
    coded = project.coding.codings(code="Support", document=document_id)
    start = text.index(phrase)
    assert (int(coded["start"][0]), int(coded["end"][0])) == (start, start + len(phrase))
    page.reload()
    page.locator("body.document-view--ready").wait_for(state="attached")
    assert page.locator("#codings-list li", has_text=phrase).is_visible()
    assert_accessible(page, "the second page with a coding")


def test_the_chooser_and_the_outline_open_other_pages(
    page: Any, long: tuple[qualframe.Project, int]
) -> None:
    project, document_id = long
    open_document(page, project, document_id)
    chooser = page.get_by_test_id("pager-bottom")
    chooser.get_by_label("Go to page").select_option("3")
    chooser.get_by_role("button", name="Go").click()
    page.locator("body.document-view--ready").wait_for(state="attached")
    assert page.get_by_test_id("pager-top").get_by_text("Page 3 of").is_visible()
    page.get_by_text("Outline: 4 sections").click()
    page.get_by_role("link", name="Section 0").click()
    page.locator("body.document-view--ready").wait_for(state="attached")
    assert page.get_by_test_id("pager-top").get_by_text("Page 1 of").is_visible()
    assert page.locator("#section-0").count() == 1
