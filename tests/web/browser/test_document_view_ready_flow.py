"""A one-page document with 10,000 codings in a real browser: the page becomes
ready quickly (the highlights and margin bars near the screen drawn first,
the rest in idle time), answers keys at once, and ends up showing every
coding as a short document does."""

from __future__ import annotations

import time
from typing import Any

import pytest

from web.browser.conftest import assert_accessible
from web.browser.document_helpers import caret_before, highlighted, open_document
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser

CODINGS = 10_000

#: How many ranges each highlight of the page holds, by name.
_HIGHLIGHT_SIZES = """() => Object.fromEntries(
    [...CSS.highlights.entries()].map(([name, highlight]) => [name, highlight.size]))"""


def _huge_document(sample: SampleStudy) -> int:
    """One page of 2,500 paragraphs of four sentences ("Line N is here."), every
    sentence coded: Hope and Shared experience alternately. Its id."""
    sentences = [f"Line {n} is here." for n in range(CODINGS)]
    text = "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, CODINGS, 4)) + "\n"
    project = sample.project
    project.documents.import_bytes("Huge.txt", text.encode())
    document = project.documents.info("Huge.txt").id
    spans, at = [], 0
    for sentence in sentences:
        at = text.index(sentence, at)
        spans.append((document, at, at + len(sentence)))
        at += len(sentence)
    project.coding.add(sample.hope_code_id, spans[0::2])
    project.coding.add(sample.shared_code_id, spans[1::2])
    return document


def test_a_document_with_10000_codings_is_ready_and_answers_keys_at_once(
    page: Any, sample: SampleStudy
) -> None:
    document = _huge_document(sample)
    began = time.perf_counter()
    open_document(page, sample, document)
    assert time.perf_counter() - began < 10  # about 1.5 s on a loaded 2-core machine
    # The codings on the screen are drawn: their margin bars and highlights.
    first = page.locator(".block").first
    assert first.locator(".bar").count() == 4
    assert first.locator(".bar__label").first.inner_text() == "Ho"
    # A key is answered at once: "]" chooses the next coding and shows its details.
    caret_before(page, "Line 0 is here.")
    began = time.perf_counter()
    page.keyboard.press("]")
    page.locator("#coding-details").get_by_text("Line 1 is here.").first.wait_for()
    assert time.perf_counter() - began < 3
    # Then every coding is highlighted, as in a short document.
    page.locator('#transcript[data-painted="all"]').wait_for(state="attached")
    sizes = page.evaluate(_HIGHLIGHT_SIZES)
    hope, shared = f"qf-code-{sample.hope_code_id}", f"qf-code-{sample.shared_code_id}"
    assert (sizes[hope], sizes[shared]) == (5_000, 5_000)
    assert highlighted(page, sample.shared_code_id)[-1] == "Line 9999 is here."
    # Far down, the margin bars are drawn as the reader gets there.
    page.locator(".block").last.scroll_into_view_if_needed()
    page.locator(".block").last.locator(".bar").nth(3).wait_for()
    assert_accessible(page, "a document view with 10,000 codings")


def test_codings_far_down_are_painted_first_when_the_page_opens_there(
    page: Any, sample: SampleStudy
) -> None:
    document = _huge_document(sample)
    last = sample.project.coding.document_codings(document)[-1]
    open_document(page, sample, document, f"?coding={last.id}")
    block = page.locator(".block").last
    block.locator(".bar--active").wait_for()
    assert block.locator(".bar").count() == 4
    details = page.locator("#coding-details")
    assert details.get_by_text("Line 9999 is here.").first.is_visible()
    page.locator('#transcript[data-painted="all"]').wait_for(state="attached")
    assert highlighted(page, sample.hope_code_id)[0] == "Line 0 is here."
