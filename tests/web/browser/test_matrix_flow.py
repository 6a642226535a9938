"""Charting the framework matrix in a real browser: keyboard navigation, the
in-place cell editor (summary, status, quotes, drafts) and accessibility."""

from __future__ import annotations

import re

import pytest

from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def _focused_cell(page) -> str:
    return page.evaluate(
        "() => { const td = document.activeElement.closest('td');"
        " return td ? td.dataset.rowKind + ':' + td.dataset.row : ''; }"
    )


def test_a_researcher_writes_a_cell_summary_and_links_a_quote(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/matrix")
    grid = page.get_by_role("grid")
    assert grid.is_visible()
    assert page.get_by_text("Tab into the matrix").is_visible()
    assert_accessible(page, "the matrix page")

    # One Tab stop for the whole grid; arrow keys move between cells.
    page.locator("td.matrix__cell a").first.focus()
    assert _focused_cell(page) == "case:Charity B"
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert _focused_cell(page) == "participant:P01"
    assert page.locator("td.matrix__cell a[tabindex='0']").count() == 1

    page.keyboard.press("Enter")
    editor = page.get_by_role("dialog", name="P01 × Trust > Shared experience")
    editor.wait_for()
    summary = editor.get_by_label("Summary")
    summary.wait_for()
    assert page.evaluate("() => document.activeElement.id") == "cell-summary"
    excerpts = editor.locator("[data-part='excerpts']")
    assert "That shared experience" in excerpts.inner_text()
    assert "P01 interview, P01, para 2" in excerpts.inner_text()
    assert_accessible(page, "the cell editor")

    summary.fill("Trust starts with a shared experience of the ward.")
    editor.get_by_role("button", name="Link as quote").click()
    quotes = editor.locator("[data-part='quotes'] li")
    quotes.first.wait_for()
    assert quotes.count() == 1
    assert editor.get_by_text("Every coded excerpt of this cell is quoted.").is_visible()
    transcript = editor.locator("[data-part='quotes']").get_by_role("link")
    assert re.search(
        rf"/projects/{sample.project_id}/documents/{sample.interview_id}\?start=\d+&end=\d+#passage$",
        transcript.get_attribute("href") or "",
    )
    assert summary.input_value().startswith("Trust starts")  # linking kept the unsaved text

    summary.press("Control+Enter")
    editor.wait_for(state="hidden")
    cell = page.locator("td[data-row='P01']")
    assert "Trust starts with a shared experience" in cell.inner_text()
    assert "draft" in cell.inner_text()  # a new summary is a draft until marked done
    assert "1 coding · 1 quote" in cell.inner_text()
    assert _focused_cell(page) == "participant:P01"
    page.wait_for_function(
        "() => document.getElementById('announcer').textContent.startsWith('Saved P01 ×')"
    )

    saved = sample.project.matrix.cell("P01", sample.shared_code_id)
    assert saved.summary == "Trust starts with a shared experience of the ward."
    assert saved.status.value == "draft"
    assert [q.coding_id for q in saved.quotes] == [sample.coding_id]
    page.reload()
    assert (
        "Trust starts with a shared experience" in page.locator("td[data-row='P01']").inner_text()
    )


def test_escape_asks_before_dropping_changes_and_a_draft_fills_a_group_cell(
    page, sample: SampleStudy
) -> None:
    hope = sample.hope_code_id
    page.goto(
        f"/projects/{sample.project_id}/matrix?rows=groups&group_by=employer&column_id={hope}"
    )
    cell = page.locator("td[data-row='employer=NHS']")
    cell.click()
    editor = page.get_by_role("dialog", name="NHS × Hope")
    summary = editor.get_by_label("Summary")
    summary.wait_for()
    summary.fill("Unsaved words.")
    page.once("dialog", lambda dialog: dialog.dismiss())  # "Discard your changes?" -> no
    page.keyboard.press("Escape")
    assert editor.is_visible() and summary.input_value() == "Unsaved words."
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Escape")
    editor.wait_for(state="hidden")
    assert sample.project.matrix.cell({"employer": "NHS"}, hope).cell_id is None

    cell.click()
    editor.get_by_role("button", name="Draft from data").click()
    page.wait_for_function(
        "() => document.querySelector('#cell-summary').value.includes('It gave me hope.')"
    )
    assert editor.get_by_label("Status").input_value() == "draft"
    assert editor.locator("[data-part='quotes'] li").count() == 1
    assert editor.get_by_role("button", name="Draft from data").is_hidden()
    editor.get_by_role("button", name="Close the cell editor").click()
    editor.wait_for(state="hidden")
    assert "draft" in cell.inner_text() and "It gave me hope." in cell.inner_text()


def test_the_cell_page_works_without_the_editor_and_is_accessible(
    page, sample: SampleStudy
) -> None:
    page.goto(
        f"/projects/{sample.project_id}/matrix/cell?row_kind=participant&row=P01"
        f"&code_id={sample.shared_code_id}&theme_id={sample.trust_code_id}"
    )
    assert page.get_by_role("heading", name="P01 × Trust > Shared experience").is_visible()
    assert_accessible(page, "the cell page")
    page.get_by_role("button", name="Link as quote").click()
    assert page.get_by_text("Linked the quote. The cell has 1 quote.").is_visible()
    page.get_by_label("Summary of what P01 said").fill("Shared experience first.")
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_text("Saved. The cell is draft.").is_visible()
    assert page.get_by_role("cell", name="wrote the summary").is_visible()
    page.get_by_role("link", name="Back to the matrix").click()
    assert "Shared experience first." in page.locator("td[data-row='P01']").inner_text()

    # A quote opens its transcript at its place.
    page.goto(f"/projects/{sample.project_id}/matrix/cell?row=P01&code_id={sample.shared_code_id}")
    page.get_by_role("link", name="Open in the transcript").click()
    page.wait_for_url(f"**/documents/{sample.interview_id}?start=*&end=*#passage")
    assert page.locator("#passage").count() == 1
    assert "That shared experience" in page.locator("#passage").inner_text()


def test_a_save_over_someone_elses_change_shows_both_texts_to_keep_either(
    page, sample: SampleStudy
) -> None:
    page.goto(f"/projects/{sample.project_id}/matrix")
    page.locator("td[data-row='P01'] a").click()
    editor = page.get_by_role("dialog", name="P01 × Trust > Shared experience")
    summary = editor.get_by_label("Summary")
    summary.wait_for()
    # Someone else charts the cell while the editor is open.
    sample.project.matrix.write_summary("P01", sample.shared_code_id, "Someone else's words.")

    summary.fill("My own words.")
    summary.press("Control+Enter")
    error = editor.get_by_role("alert")
    error.wait_for()
    assert "was changed by someone else since you read it" in error.inner_text()
    assert "Your text is still here, not saved" in error.inner_text()
    conflict = editor.get_by_test_id("cell-conflict")
    conflict.wait_for()
    # Both texts in view: the stored one in the notice, mine in the box.
    assert editor.get_by_test_id("conflict-stored").inner_text() == "Someone else's words."
    assert summary.input_value() == "My own words." and summary.is_visible()
    assert "version 1" in conflict.inner_text()
    assert page.evaluate("() => document.activeElement.dataset.action") == "keep-mine"
    assert_accessible(page, "the cell editor showing a save conflict")
    cell = sample.project.matrix.cell("P01", sample.shared_code_id)
    assert (cell.summary, cell.version) == ("Someone else's words.", 1)

    # Keep mine: saved over the version now seen.
    editor.get_by_role("button", name="Keep mine").click()
    editor.wait_for(state="hidden")
    cell = sample.project.matrix.cell("P01", sample.shared_code_id)
    assert (cell.summary, cell.version) == ("My own words.", 2)
    assert "My own words." in page.locator("td[data-row='P01']").inner_text()

    # Again, and this time take the stored one: nothing of mine is saved.
    page.locator("td[data-row='P01'] a").click()
    summary.wait_for()
    page.wait_for_function(
        "() => document.querySelector('#cell-summary').value === 'My own words.'"
    )
    sample.project.matrix.write_summary(
        "P01", sample.shared_code_id, "Their newer words.", if_version=2
    )
    summary.fill("Words I give up.")
    editor.get_by_role("button", name="Save", exact=True).click()
    conflict.wait_for()
    editor.get_by_role("button", name="Take the stored one").click()
    assert conflict.is_hidden()
    assert summary.input_value() == "Their newer words."
    editor.get_by_role("button", name="Close the cell editor").click()  # nothing to discard
    editor.wait_for(state="hidden")
    cell = sample.project.matrix.cell("P01", sample.shared_code_id)
    assert (cell.summary, cell.version) == ("Their newer words.", 3)
    assert "Their newer words." in page.locator("td[data-row='P01']").inner_text()
