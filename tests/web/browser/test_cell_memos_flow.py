"""Memos where the work is: a memo on a matrix cell shows in the grid (a
marker with a count) and in the cell's side panel, which writes new ones;
axe-core on the panel."""

from __future__ import annotations

import pytest

from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def _open_panel(page, row: str):
    page.locator(f"td[data-row='{row}'] a").first.focus()
    page.keyboard.press("Enter")
    editor = page.get_by_role("dialog", name=f"{row} × Trust > Shared experience")
    editor.get_by_label("Summary").wait_for()
    return editor


def test_a_memo_on_a_code_a_document_and_a_cell_shows_on_that_cell(
    page, sample: SampleStudy
) -> None:
    project = sample.project
    cell = project.matrix.write_summary("P01", sample.shared_code_id, "Trust starts here.")
    memo = project.memos.add(
        "Shared experience and hope",
        kind="theoretical",
        body="Compare with the focus group.",
        target=("code", "Hope"),
        links=[("document", "Focus group.txt"), ("cell", cell.cell_id)],
    )
    page.goto(f"/projects/{sample.project_id}/matrix")
    marker = page.locator("td[data-row='P01'] [data-testid='memo-marker']")
    marker.wait_for()
    assert marker.inner_text().split() == ["✎", "1", "memo"]  # "memo" visually hidden
    link = page.locator("td[data-row='P01'] a.matrix__link")
    assert "1 memo" in (link.text_content() or "")  # read with the cell's link
    assert page.locator("td[data-row='P02'] [data-testid='memo-marker']").count() == 0

    editor = _open_panel(page, "P01")
    memos = editor.get_by_test_id("cell-memos")
    assert "Memos on this cell (1)" in memos.inner_text()
    item = memos.locator("li.cell-memo")
    assert "Shared experience and hope" in item.inner_text()
    assert "Also about: code: Hope; document: Focus group.txt" in item.inner_text()
    assert (
        item.get_by_role("link", name="Shared experience and hope")
        .get_attribute("href")
        .endswith(f"/memos/{memo.id}")
    )
    assert_accessible(page, "the side panel listing a cell's memos")


def test_a_memo_is_added_in_the_panel_with_the_keyboard(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}/matrix")
    editor = _open_panel(page, "P03")  # a cell not stored yet
    adding = editor.get_by_text("Add memo on this cell")
    adding.focus()
    page.keyboard.press("Enter")
    title = editor.get_by_label("Title")
    title.wait_for()
    assert_accessible(page, "the side panel's memo form")
    title.focus()
    page.keyboard.type("Nothing on shared experience")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Ask at the second interview.")
    page.keyboard.press("Control+Enter")
    memos = editor.get_by_test_id("cell-memos")
    memos.get_by_role("link", name="Nothing on shared experience").wait_for()
    assert "Memos on this cell (1)" in memos.inner_text()
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused == "Nothing on shared experience"
    # The summary box was left alone, and the grid marks the cell.
    assert editor.get_by_label("Summary").input_value() == ""
    marker = page.locator("td[data-row='P03'] [data-testid='memo-marker']")
    marker.wait_for()
    assert "1" in marker.inner_text()
    stored = sample.project.matrix.cell("P03", sample.shared_code_id)
    assert stored.cell_id is not None and stored.version == 1
    (memo,) = sample.project.memos.on_cells([stored.cell_id])[stored.cell_id]
    assert (memo.title, memo.body) == (
        "Nothing on shared experience",
        "Ask at the second interview.",
    )
    # A summary written now is saved on the stored cell (no conflict).
    summary = editor.get_by_label("Summary")
    summary.fill("Did not talk about shared experience.")
    summary.press("Control+Enter")
    editor.wait_for(state="hidden")
    saved = sample.project.matrix.cell("P03", sample.shared_code_id)
    assert saved.summary == "Did not talk about shared experience."
    assert page.locator("td[data-row='P03'] [data-testid='memo-marker']").count() == 1
