"""Agreement between coders in a real browser: two users, each in a browser of
their own (a context with their own "who is coding" cookie), code the same
focus group differently with the keyboard palette; the owner measures their
agreement, opens a round, sees the disagreement with both readings side by
side, resolves it from the keyboard, and sees the figures at opening and now.
axe-core on the agreement page and the round page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from web.agreement_study import ALI_TRUST, SAM_BELIEVED, SAM_HOPE, span_of
from web.browser.conftest import assert_accessible
from web.browser.document_helpers import open_document, select_phrase
from web.sample_study import SampleStudy

pytestmark = pytest.mark.browser


@pytest.fixture
def coder_pages(browser: Any, live_server: str) -> Iterator[dict[str, Any]]:
    """A page in a browser context of its own for Ann and for Ben, each named
    on the "Who is coding?" page (so each has their own cookie)."""
    contexts, pages, errors = [], {}, []
    for name in ("Ann", "Ben"):
        context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto("/user")
        tab.get_by_label("Your name").fill(name)
        tab.get_by_role("button", name="Save").click()
        expect(tab.get_by_test_id("current-user")).to_have_text(name)
        contexts.append(context)
        pages[name] = tab
    try:
        yield pages
    finally:
        for context in contexts:
            context.close()
    assert not errors, f"errors in the coders' browsers: {errors}"


def _code(page: Any, phrase: str, code: str) -> None:
    """Select ``phrase`` with the keyboard and apply ``code`` from the palette."""
    select_phrase(page, phrase)
    page.keyboard.press("c")
    page.keyboard.type(code)
    option = page.get_by_role("option", name=code, exact=True)
    expect(option).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.locator("#coding-message", has_text=f"with {code}.").wait_for()


def test_two_coders_disagree_and_the_owner_resolves_it_in_a_round(
    page: Any, coder_pages: dict[str, Any], sample: SampleStudy
) -> None:
    ann, ben = coder_pages["Ann"], coder_pages["Ben"]
    open_document(ann, sample, sample.focus_group_id)
    open_document(ben, sample, sample.focus_group_id)
    _code(ann, SAM_HOPE, "Hope")
    _code(ben, SAM_BELIEVED, "Hope")
    _code(ann, ALI_TRUST, "Trust")
    coders = {c.coder for c in sample.project.coding.listing(document="Focus group.txt")}
    assert coders == {"Ann", "Ben", "tester"}

    # The owner measures Ann's and Ben's agreement on speaker turns.
    page.goto(f"/projects/{sample.project_id}")
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Agreement").click()
    expect(page.get_by_test_id("agreement-heading")).to_have_text(
        "Agreement between coders on speaker turns"
    )
    page.get_by_label("tester").uncheck()
    page.get_by_role("button", name="Measure agreement").click()
    expect(page.get_by_test_id("overall-figures")).to_contain_text("Krippendorff's alpha (α)")
    expect(page.get_by_test_id("per-code-figures")).to_contain_text("Trust")
    expect(page.get_by_test_id("figure-legend")).to_contain_text("Gwet's AC1")
    assert_accessible(page, "the agreement page")

    # A round on the same choices lists the disagreement, readings side by side.
    page.get_by_label("Name of the round").fill("Pilot")
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_test_id("round-heading")).to_contain_text("Round “Pilot”")
    expect(page.get_by_test_id("flash")).to_contain_text("1 disagreement to resolve")
    item = page.get_by_test_id("disagreement")
    expect(item).to_have_count(1)
    readings = item.get_by_test_id("reading")
    expect(readings).to_have_count(2)
    expect(readings.nth(0)).to_contain_text("Ann")
    expect(readings.nth(0).locator("mark")).to_contain_text(ALI_TRUST)
    expect(readings.nth(1)).to_contain_text("did not apply Trust here")
    # Ben coded the focus group: "Trust does not apply here" is a reading to keep too.
    expect(item.get_by_label("Keep Ben's reading")).to_be_visible()
    assert_accessible(page, "the round page")

    # Resolved from the keyboard: keep Ann's reading, with a note.
    keep = item.get_by_label("Keep Ann's reading")
    keep.focus()
    page.keyboard.press("Space")
    expect(keep).to_be_checked()
    note = item.get_by_label("Note")
    note.focus()
    page.keyboard.type("Ann read it as trust in the service.")
    item.get_by_role("button", name="Resolve").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("flash")).to_contain_text("kept Ann's reading")
    expect(page.get_by_test_id("disagreement")).to_have_count(0)
    expect(page.get_by_test_id("resolutions")).to_contain_text("Ann read it as trust")
    overall = page.locator(".agr-ba__overall td")
    assert overall.nth(0).inner_text() != overall.nth(1).inner_text()  # α at opening, now
    assert_accessible(page, "the round page after resolving")
    trust = [
        (c.coder, c.start, c.end)
        for c in sample.project.coding.listing(code="Trust", document="Focus group.txt")
    ]
    assert trust == [("Ann", *span_of(ALI_TRUST))]


def test_the_delete_and_cell_pages_are_accessible(page: Any, sample: SampleStudy) -> None:
    sample.project.acting_as("Ann").matrix.set_status("P01", "Hope", "done")
    sample.project.acting_as("Ben").matrix.set_status("P01", "Hope", "draft")
    page.goto(f"/projects/{sample.project_id}/agreement")
    page.get_by_role("link", name="cell statuses in the framework matrix").click()
    page.get_by_label("First analyst").fill("Ann")
    page.get_by_label("Second analyst").fill("Ben")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_test_id("cells-differing")).to_contain_text("P01")
    assert_accessible(page, "the cell agreement page")
    sample.project.acting_as("Ann").coding.apply("Focus group.txt", "Hope", *span_of(SAM_HOPE))
    opened = sample.project.agreement.open_round("Pilot", coders=["Ann", "tester"])
    page.goto(f"/projects/{sample.project_id}/agreement/rounds/{opened.id}")
    page.get_by_role("link", name="Delete the round…").click()
    expect(page.get_by_role("heading", name="Delete the round “Pilot”?")).to_be_visible()
    assert_accessible(page, "the page confirming a round's deletion")
    page.get_by_role("button", name="Delete the round").click()
    expect(page.get_by_test_id("flash")).to_contain_text("Deleted the round 'Pilot'.")
    assert sample.project.agreement.rounds() == []
