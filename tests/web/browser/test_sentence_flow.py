"""The "select the sentence" key in a real browser selects the server's
sentence: abbreviations stay inside it, as extending a coding takes it."""

from __future__ import annotations

from typing import Any

import pytest

from web.browser.conftest import assert_accessible
from web.browser.test_coding_flow import _caret_before, _open
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser

NOTES = "P1: I saw Dr. Patel at 9 a.m. on the ward. She said e.g. the U.K. rules had changed.\n"


def test_s_selects_the_sentence_with_its_abbreviations_and_codes_it(
    page: Any, sample: SampleStudy
) -> None:
    sample.project.documents.import_bytes("Notes.txt", NOTES.encode())
    document = sample.project.documents.info("Notes.txt").id
    _open(page, sample, document)
    _caret_before(page, "U.K. rules")
    page.keyboard.press("s")
    sentence = "She said e.g. the U.K. rules had changed."
    page.locator("#selection-status", has_text=sentence[:30]).wait_for()
    assert_accessible(page, "the document view with a sentence selected")
    page.keyboard.press("c")
    palette = page.get_by_role("dialog")
    palette.get_by_role("combobox").fill("Hope")
    page.keyboard.press("Enter")
    page.locator("#coding-message", has_text="with Hope").wait_for()
    coded = sample.project.coding.codings(code="Hope", document="Notes.txt")
    start = NOTES.index(sentence)
    assert (int(coded["start"][0]), int(coded["end"][0])) == (start, start + len(sentence))
