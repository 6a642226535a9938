"""The cell editor as a side panel beside the grid, drafts until marked done,
full summaries per row, and charting progress on the overview, in a real
browser with axe-core on each."""

from __future__ import annotations

import pytest

from web.browser.conftest import assert_accessible
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser

LONG = " ".join(
    f"Sentence {n} of a long summary about trust and shared experience." for n in range(12)
)


def _box(locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box, "not laid out"
    return box


def _focused(page) -> str:
    return page.evaluate(
        "() => { const td = document.activeElement.closest('td');"
        " return td ? td.dataset.row : document.activeElement.id; }"
    )


def test_a_cell_opens_beside_the_grid_and_a_summary_is_a_draft_until_done(
    page, sample: SampleStudy
) -> None:
    page.goto(f"/projects/{sample.project_id}/matrix")
    page.locator("td[data-row='P01'] a").focus()
    page.keyboard.press("Enter")
    editor = page.get_by_role("dialog", name="P01 × Trust > Shared experience")
    summary = editor.get_by_label("Summary")
    summary.wait_for()
    assert _focused(page) == "cell-summary"  # focus moved into the panel
    assert "Participant: P01 · Code: Trust > Shared experience" in editor.inner_text()

    # The grid stays visible beside the panel, with the edited cell marked.
    grid, cell = page.get_by_role("grid"), page.locator("td[data-row='P01']")
    assert grid.is_visible() and cell.is_visible()
    assert _box(grid)["x"] + _box(grid)["width"] <= _box(editor)["x"] + 1
    assert "matrix__cell--editing" in (cell.get_attribute("class") or "")
    assert cell.locator("a").get_attribute("aria-current") == "true"
    assert page.locator("td.matrix__cell a").first.is_enabled()  # not inert: no modal
    assert_accessible(page, "the matrix with the side panel open")

    # F6 moves to the cell and back, the panel staying open; Escape returns to the cell.
    page.keyboard.press("F6")
    assert _focused(page) == "P01" and editor.is_visible()
    page.keyboard.press("F6")
    assert _focused(page) == "cell-summary"
    page.keyboard.press("Escape")
    editor.wait_for(state="hidden")
    assert _focused(page) == "P01"
    assert "matrix__cell--editing" not in (cell.get_attribute("class") or "")

    # A new summary saves as a draft.
    page.keyboard.press("Enter")
    summary.wait_for()
    summary.fill("Trust starts with a shared experience.")
    summary.press("Control+Enter")
    editor.wait_for(state="hidden")
    assert "draft" in cell.inner_text()
    assert sample.project.matrix.cell("P01", sample.shared_code_id).status.value == "draft"

    # "Mark done" marks it done, keeping the summary.
    page.keyboard.press("Enter")
    summary.wait_for()
    page.wait_for_function("() => document.querySelector('#cell-summary').value !== ''")
    mark = editor.get_by_role("button", name="Mark done")
    mark.click()
    editor.wait_for(state="hidden")
    assert "done" in cell.inner_text()
    stored = sample.project.matrix.cell("P01", sample.shared_code_id)
    assert (stored.status.value, stored.summary) == (
        "done",
        "Trust starts with a shared experience.",
    )
    page.keyboard.press("Enter")
    summary.wait_for()
    page.wait_for_function("() => document.querySelector('#cell-status').value === 'done'")
    assert mark.is_hidden()  # done already


def test_the_panel_docks_at_the_side_on_a_narrow_screen(page, sample: SampleStudy) -> None:
    page.set_viewport_size({"width": 700, "height": 800})
    page.goto(f"/projects/{sample.project_id}/matrix")
    page.locator("td[data-row='P01'] a").click()
    editor = page.get_by_role("dialog", name="P01 × Trust > Shared experience")
    editor.get_by_label("Summary").wait_for()
    box = _box(editor)
    assert abs(box["x"] + box["width"] - 700) <= 2 and box["width"] < 700
    assert page.locator("th.matrix__rowhead").first.is_visible()  # the grid is still there
    assert_accessible(page, "the docked side panel")


def test_a_row_shows_its_full_summaries(page, sample: SampleStudy) -> None:
    matrix = sample.project.matrix
    matrix.write_summary("P01", sample.shared_code_id, LONG)
    page.goto(f"/projects/{sample.project_id}/matrix")
    summary = page.locator("td[data-row='P01'] .matrix__summary")
    cut = _box(summary)["height"]
    assert summary.evaluate("e => e.scrollHeight > e.clientHeight")  # cut to a few lines

    toggle = page.get_by_role("button", name="Full summaries of P01")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert _box(summary)["height"] > cut * 1.5
    assert not summary.evaluate("e => e.scrollHeight > e.clientHeight")
    assert_accessible(page, "the matrix with a row expanded")
    toggle.click()
    assert abs(_box(summary)["height"] - cut) < 2

    # From the keyboard: E on a cell of the row; or every row at once.
    page.locator("td[data-row='P01'] a").focus()
    page.keyboard.press("e")
    assert toggle.get_attribute("aria-pressed") == "true"
    page.keyboard.press("e")
    assert toggle.get_attribute("aria-pressed") == "false"
    page.get_by_label("Show full summaries in every row").check()
    assert _box(summary)["height"] > cut * 1.5


def test_the_overview_shows_charting_progress_per_theme(page, sample: SampleStudy) -> None:
    matrix = sample.project.matrix
    matrix.write_summary("P01", sample.shared_code_id, "Shared experience.")
    page.goto(f"/projects/{sample.project_id}")
    table = page.get_by_role(
        "table", name="Cells of each theme's framework matrix by charting status"
    )
    assert table.is_visible()
    trust = next(t for t in matrix.progress().themes if t.code_id == sample.trust_code_id)
    row = table.locator(f"tr[data-theme='{trust.theme}']")
    assert row.locator("[data-status='draft']").inner_text() == "1"
    assert row.locator("[data-status='to_chart']").inner_text() == str(trust.to_chart)
    assert_accessible(page, "the overview with charting progress")
    row.get_by_role("link", name=trust.theme).click()
    page.wait_for_url(f"**/matrix?theme_id={sample.trust_code_id}")
    assert page.get_by_role("grid").is_visible()


def test_the_cell_page_without_javascript_shows_a_conflict_to_keep_either(
    page, sample: SampleStudy
) -> None:
    page.goto(
        f"/projects/{sample.project_id}/matrix/cell?row_kind=participant&row=P01"
        f"&code_id={sample.shared_code_id}"
    )
    sample.project.matrix.write_summary("P01", sample.shared_code_id, "Their words.")
    page.get_by_label("Summary of what P01 said").fill("My words.")
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_test_id("stored-summary").inner_text() == "Their words."
    assert page.get_by_label("Summary of what P01 said").input_value() == "My words."
    assert_accessible(page, "the cell page showing a save conflict")
    page.get_by_role("button", name="Save", exact=True).click()  # keep mine
    assert page.get_by_text("Saved. The cell is draft.").is_visible()
    assert sample.project.matrix.cell("P01", sample.shared_code_id).summary == "My words."
