"""The lazily drawn codings list of a long document with the keyboard: Tab and
the arrow keys from the last (or first) row drawn draw the next rows and move
the focus there, instead of leaving the list at the edge of what is drawn."""

from __future__ import annotations

from typing import Any

import pytest

from web.browser.conftest import assert_accessible
from web.browser.document_helpers import open_document
from web.browser.test_long_codings_list_flow import _focused_text, _long_document
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def _focused_place(page: Any) -> int:
    """aria-posinset of the focused codings-list row (0: focus is not in a row)."""
    return int(
        page.evaluate(
            "document.activeElement?.closest('#codings-list > li')"
            "?.getAttribute('aria-posinset') ?? '0'"
        )
    )


def _drawn_places(page: Any) -> list[int]:
    return [
        int(place)
        for place in page.locator("#codings-list > li").evaluate_all(
            "(items) => items.map((item) => item.getAttribute('aria-posinset'))"
        )
    ]


def _focus_row(page: Any, place: int) -> None:
    """Focus the link of row ``place`` without scrolling the list to it (so the
    rows drawn stay as they are: the row is at the edge of what is drawn)."""
    page.locator(f'#codings-list > li[aria-posinset="{place}"] a').evaluate(
        "(link) => link.focus({ preventScroll: true })"
    )
    assert _focused_place(page) == place


def test_tab_from_the_last_drawn_row_draws_the_next_row_and_focuses_it(
    page: Any, sample: SampleStudy
) -> None:
    document, _ids = _long_document(sample)
    open_document(page, sample, document)
    last = max(_drawn_places(page))
    assert last < 3000
    _focus_row(page, last)

    page.keyboard.press("Tab")

    assert _focused_place(page) == last + 1
    assert f"Sentence number {last} says" in _focused_text(page)
    assert page.locator(f'#codings-list > li[aria-posinset="{last + 1}"]').is_visible()
    for _ in range(30):  # on and on, past many drawn edges
        page.keyboard.press("Tab")
    assert _focused_place(page) == last + 31
    assert max(_drawn_places(page)) < last + 100  # still only the rows in view

    page.keyboard.press("Shift+Tab")
    assert _focused_place(page) == last + 30
    assert_accessible(page, "a long codings list moved through with Tab")


def test_arrow_down_from_the_last_drawn_row_moves_to_the_next_row(
    page: Any, sample: SampleStudy
) -> None:
    document, _ids = _long_document(sample)
    open_document(page, sample, document)
    last = max(_drawn_places(page))
    _focus_row(page, last)

    page.keyboard.press("ArrowDown")

    assert _focused_place(page) == last + 1
    assert page.locator(f'#codings-list > li[aria-posinset="{last + 1}"]').is_visible()


def test_shift_tab_and_arrow_up_from_the_first_drawn_row_move_to_the_row_before(
    page: Any, sample: SampleStudy
) -> None:
    document, _ids = _long_document(sample)
    open_document(page, sample, document)
    page.locator("#codings-list > li").first.locator("a").focus()
    page.keyboard.press("End")
    first = min(_drawn_places(page))
    assert first > 1
    _focus_row(page, first)

    page.keyboard.press("Shift+Tab")
    assert _focused_place(page) == first - 1

    now_first = min(_drawn_places(page))
    _focus_row(page, now_first)
    page.keyboard.press("ArrowUp")
    assert _focused_place(page) == now_first - 1


def test_tab_from_the_very_last_coding_leaves_the_list(page: Any, sample: SampleStudy) -> None:
    document, _ids = _long_document(sample)
    open_document(page, sample, document)
    page.locator("#codings-list > li").first.locator("a").focus()
    page.keyboard.press("End")
    assert _focused_place(page) == 3000

    page.keyboard.press("Tab")

    assert _focused_place(page) == 0  # on to what follows the list
    page.keyboard.press("Shift+Tab")
    assert _focused_place(page) == 3000
