"""A document with thousands of codings in a real browser: the codings list
draws only the items in view, yet reaches every coding (scroll, keyboard,
deep link), filters at once and keeps the page responsive."""

from __future__ import annotations

import time
from typing import Any

import pytest

from web.browser.conftest import assert_accessible
from web.browser.document_helpers import open_document
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser

CODINGS = 3_000


def _long_document(sample: SampleStudy) -> tuple[int, list[int]]:
    """A document of CODINGS sentences, each coded (Hope, then Shared experience
    alternately); its id and the codings' ids in text order."""
    sentences = [f"Sentence number {n} says something." for n in range(CODINGS)]
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, CODINGS, 3)]
    text = "\n\n".join(paragraphs) + "\n"
    sample.project.documents.import_bytes("Long.txt", text.encode())
    document = sample.project.documents.info("Long.txt").id
    spans, at = [], 0
    for sentence in sentences:
        at = text.index(sentence, at)
        spans.append((document, at, at + len(sentence)))
        at += len(sentence)
    sample.project.coding.add(sample.hope_code_id, spans[0::2])
    sample.project.coding.add(sample.shared_code_id, spans[1::2])
    return document, [coding.id for coding in sample.project.coding.document_codings(document)]


def _focused_text(page: Any) -> str:
    return page.evaluate("document.activeElement.closest('li')?.textContent ?? ''")


def test_a_long_list_reaches_its_last_coding_by_keyboard_and_deep_link(
    page: Any, sample: SampleStudy
) -> None:
    document, ids = _long_document(sample)
    began = time.perf_counter()
    open_document(page, sample, document)
    assert time.perf_counter() - began < 10  # loads and becomes ready
    count = page.locator("#codings-count")
    assert count.inner_text() == "Showing all 3,000 codings."
    items = page.locator("#codings-list > li")
    assert 0 < items.count() < 100  # only the items in view are drawn
    assert items.first.get_attribute("aria-setsize") == "3000"
    assert page.locator("#codings-more").count() == 0  # the scripts list every coding
    items.first.locator("a").focus()
    page.keyboard.press("End")
    assert "Sentence number 2999 says" in _focused_text(page)
    assert page.evaluate("document.activeElement.closest('li').getAttribute('aria-posinset')") == (
        "3000"
    )
    page.keyboard.press("ArrowUp")
    assert "Sentence number 2998 says" in _focused_text(page)
    assert page.locator("#codings-list > li", has_text="number 2998 says").is_visible()
    assert_accessible(page, "a document view with 3,000 codings")

    open_document(page, sample, document, f"?coding={ids[2500]}")
    chosen = page.locator(f'#codings-list > li[data-coding="{ids[2500]}"]')
    chosen.wait_for()
    assert chosen.is_visible()
    assert chosen.locator("a").get_attribute("aria-current") == "true"


def test_filters_apply_at_once_to_a_long_list_and_the_page_stays_interactive(
    page: Any, sample: SampleStudy
) -> None:
    document, _ids = _long_document(sample)
    open_document(page, sample, document)
    page.get_by_text("Filter by code or coder").click()
    page.locator(f"#filter-code-{sample.hope_code_id}").uncheck()
    count = page.locator("#codings-count")
    count.filter(has_text="Showing 1,500 of 3,000 codings.").wait_for()
    items = page.locator("#codings-list > li")
    assert items.first.get_attribute("aria-setsize") == "1500"
    assert all("Shared experience" in text for text in items.all_inner_texts())
    # Scrolling the list draws the items further down.
    page.locator(".codings-scroll").evaluate("(box) => { box.scrollTop = box.scrollHeight; }")
    page.locator("#codings-list > li", has_text="number 2999 says").wait_for()
    # The page answers at once: a click on an item opens its details.
    began = time.perf_counter()
    page.locator("#codings-list > li", has_text="number 2999 says").locator("a").click()
    page.locator("#coding-details").get_by_text("Sentence number 2999 says").first.wait_for()
    assert time.perf_counter() - began < 3
    assert_accessible(page, "a filtered list of 1,500 codings")
