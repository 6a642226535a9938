"""The code palette in a real browser: "Theme > Code" with a new theme makes
both in one step and codes with the new code only; codes sharing no word
with what is typed are not listed."""

from __future__ import annotations

from typing import Any

import pytest

from web.browser.conftest import assert_accessible
from web.browser.test_coding_flow import _caret_before, _highlighted, _open
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


def test_a_new_theme_and_its_code_are_made_from_the_palette_and_only_the_code_applied(
    page: Any, sample: SampleStudy
) -> None:
    _open(page, sample, sample.interview_id)
    _caret_before(page, "resilience on hard days")
    for _ in range(len("resilience")):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("c")
    page.keyboard.type("Belonging > Resilience")
    create = page.get_by_role(
        "option", name="Create code “Resilience” in Belonging (new: “Belonging”)"
    )
    assert create.get_attribute("aria-selected") == "true"
    assert_accessible(page, "the palette offering a new theme and code")
    page.keyboard.press("Enter")
    page.locator("#coding-message", has_text="with Belonging > Resilience.").wait_for()
    created = sample.project.codebook.get("Belonging > Resilience")
    theme = sample.project.codebook.get("Belonging")
    assert _highlighted(page, created.id) == ["resilience"]
    assert _highlighted(page, theme.id) == []
    coded = sample.project.coding.codings(document=sample.interview_id)
    assert "Belonging" not in set(coded["code"])
    # The new theme is in the palette straight away.
    page.keyboard.press("c")
    page.keyboard.type("belong")
    assert page.get_by_role("option", name="Belonging").first.is_visible()


def test_codes_that_share_no_word_with_the_query_are_not_listed(
    page: Any, sample: SampleStudy
) -> None:
    _open(page, sample, sample.interview_id)
    _caret_before(page, "resilience on hard days")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("c")
    page.keyboard.type("ope")  # inside "Hope", but starts no word
    page.get_by_role("option", name="Create code “ope”").wait_for()
    assert page.get_by_role("option", name="Hope", exact=True).count() == 0
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.type("hop")
    assert page.get_by_role("option", name="Hope", exact=True).is_visible()
