"""Quoting one key sentence of a long coding in the matrix's side panel: with
the mouse (select words in the quote) and with the keyboard alone (the
whole coding in a read-only box), undone with "Quote whole coding", and the
passage in the downloaded workbook; axe-core on the panel."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from web.browser.conftest import assert_accessible
from web.sample_study import INTERVIEW, SampleStudy

pytestmark = pytest.mark.browser

TURN = (
    "I had been on the ward myself 🙂 and I knew what it was like. "
    "That shared experience is where trust starts."
)
KEY = "That shared experience is where trust starts."


@pytest.fixture
def turn(sample: SampleStudy) -> int:
    """P01's first turn coded whole and quoted in P01's cell."""
    start = INTERVIEW.index(TURN)
    coding = sample.project.coding.apply(
        "P01 interview.txt", sample.shared_code_id, start, start + len(TURN)
    )
    sample.project.matrix.link_quote("P01", sample.shared_code_id, coding.id)
    return coding.id


def _open_panel(page, sample: SampleStudy):
    page.goto(f"/projects/{sample.project_id}/matrix")
    page.locator("td[data-row='P01'] a").focus()
    page.keyboard.press("Enter")
    editor = page.get_by_role("dialog", name="P01 × Trust > Shared experience")
    editor.get_by_label("Summary").wait_for()
    return editor


def _quote_text(sample: SampleStudy, coding: int) -> str:
    quotes = sample.project.matrix.cell("P01", sample.shared_code_id).quotes
    return next(q.text for q in quotes if q.coding_id == coding)


def test_a_sentence_selected_in_a_quote_is_quoted_alone_and_downloaded(
    page, sample: SampleStudy, turn: int, tmp_path: Path
) -> None:
    editor = _open_panel(page, sample)
    quote = editor.locator("[data-part='quotes'] li.quote").filter(has_text="on the ward")
    shown = quote.locator(".quote__text")
    assert shown.inner_text() == TURN
    # Select the key sentence with the mouse's tool, a range in the quote.
    shown.evaluate(
        """(node, words) => {
            const text = node.firstChild, at = text.data.indexOf(words);
            const range = document.createRange();
            range.setStart(text, at); range.setEnd(text, at + words.length);
            getSelection().removeAllRanges(); getSelection().addRange(range);
        }""",
        KEY,
    )
    quote.get_by_role("button", name="Quote only this").click()
    quote = editor.locator("[data-part='quotes'] li.quote").filter(has_text=KEY)
    quote.get_by_role("button", name="Quote whole coding").wait_for()
    assert quote.locator(".quote__text").inner_text() == KEY
    assert "A passage of its coding." in quote.inner_text()
    assert _quote_text(sample, turn) == KEY
    assert_accessible(page, "the side panel with a quote of a passage")

    # The downloaded workbook quotes the sentence, not the whole turn.
    editor.get_by_role("button", name="Close").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Excel workbook (.xlsx)").click()
    path = tmp_path / "matrix.xlsx"
    download.value.save_as(path)
    workbook = openpyxl.load_workbook(path)
    texts = [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert KEY in texts
    assert not any("on the ward" in text for text in texts)


def test_a_passage_is_chosen_and_undone_with_the_keyboard_alone(
    page, sample: SampleStudy, turn: int
) -> None:
    editor = _open_panel(page, sample)
    quote = editor.locator("[data-part='quotes'] li.quote").filter(has_text="on the ward")
    # Nothing selected: "Quote only this" opens the whole coding to select in.
    quote.get_by_role("button", name="Quote only this").focus()
    page.keyboard.press("Enter")
    box = editor.get_by_label("The whole coding: select the words to quote")
    box.wait_for()
    assert box.get_attribute("aria-readonly") == "true"
    assert box.input_value() == TURN
    page.keyboard.type("typing changes nothing")
    assert box.input_value() == TURN
    assert_accessible(page, "the side panel choosing a passage")
    page.keyboard.press("Control+End")
    for _ in range(len(KEY)):
        page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Control+Enter")
    whole = editor.get_by_role("button", name="Quote whole coding")
    whole.wait_for()
    assert _quote_text(sample, turn) == KEY
    # Focus is on "Quote whole coding": Enter undoes it.
    assert page.evaluate("() => document.activeElement.textContent").startswith(
        "Quote whole coding"
    )
    page.keyboard.press("Enter")
    whole.wait_for(state="detached")
    assert _quote_text(sample, turn) == TURN
    # Escape closes the box without changing anything, back on its button.
    quote.get_by_role("button", name="Quote only this").focus()
    page.keyboard.press("Enter")
    box.wait_for()
    page.keyboard.press("Escape")
    box.wait_for(state="detached")
    assert editor.is_visible()
    assert page.evaluate("() => document.activeElement.textContent").startswith("Quote only this")


def test_the_cell_page_quotes_only_the_words_typed(page, sample: SampleStudy, turn: int) -> None:
    cell = f"row_kind=participant&row=P01&code_id={sample.shared_code_id}"
    page.goto(f"/projects/{sample.project_id}/matrix/cell?{cell}&theme_id={sample.trust_code_id}")
    quote = page.locator("[data-testid='quotes'] li.quote").filter(has_text="on the ward")
    quote.get_by_label("Quote only these words of it").fill("where trust starts")
    quote.get_by_role("button", name="Quote only this").click()
    page.get_by_text("The quote is now only “where trust starts”").wait_for()
    assert _quote_text(sample, turn) == "where trust starts"
    page.get_by_text("A passage of the coding: show the whole coding").click()
    assert TURN in page.get_by_test_id("quote-whole-coding").inner_text()
    assert_accessible(page, "the cell page with a quote of a passage and its memos")
    page.get_by_role("button", name="Quote whole coding").click()
    page.get_by_text("The quote is now the whole coding").wait_for()
    assert _quote_text(sample, turn) == TURN
