"""The change-model pages in a real browser: the diagram reached with the
keyboard (Tab to a node, Enter opens its evidence in the side panel), pan
and zoom with the buttons, keys and wheel, splitting the evidence without a
reload, adding a node and a link with the forms; axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from web.browser.conftest import assert_accessible
from web.sample_study import INTERVIEW, SampleStudy

pytestmark = pytest.mark.browser


def _model(sample: SampleStudy) -> str:
    """A two-node model with a quote backing "Hope"; its page's address."""
    cm = sample.project.change_models
    model = cm.create("Peer work")
    cm.add_node("Trust", "mechanism", codes=[sample.trust_code_id])
    cm.add_node("Hope", "process outcome")
    cm.add_link("Trust", "Hope", rationale="Trust makes hope possible.")
    start = INTERVIEW.index("That shared experience")
    cm.add_evidence(node="Hope", coding=sample.coding_id, passage=(start, start + 22))
    return f"/projects/{sample.project_id}/change-models/{model.id}"


def _view_box(page: Any) -> list[float]:
    box = page.locator("#cm-viewport svg").get_attribute("viewBox")
    return [float(n) for n in box.split()]


def test_a_node_is_reached_with_tab_and_enter_opens_its_evidence(page, sample: SampleStudy) -> None:
    base = _model(sample)
    page.goto(base)
    expect(page.locator("[data-cm-toolbar]")).to_be_visible()
    assert_accessible(page, "the change-model page")
    page.get_by_role("link", name="Skip to main content").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('g.cm-node')"):
            break
    else:
        pytest.fail("Tab never reached a node of the diagram")
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Enter")
    title = page.get_by_test_id("cm-panel-title")
    expect(title).to_be_focused()
    assert title.inner_text() in label
    assert "node=" in page.url
    expect(page.locator("g.cm-node.cm-selected")).to_have_count(1)
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.matches('g.cm-node')")
    # Space on the next node opens it too, without a reload.
    page.evaluate("window.notReloaded = true")
    page.locator("g.cm-node", has_text="Hope").focus()
    page.keyboard.press(" ")
    expect(title).to_have_text("Hope")
    expect(page.get_by_test_id("cm-quotes")).to_contain_text("That shared experience")
    expect(page.get_by_test_id("cm-quotes")).to_contain_text("P01")
    page.get_by_label("Split by").select_option("stakeholder group")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("cm-groups")).to_contain_text("peer worker")
    assert page.evaluate("window.notReloaded") is True
    assert "by=stakeholder+group" in page.url
    assert_accessible(page, "the change-model page with a node's evidence")
    # The panel put in place by the script asks before removing evidence.
    page.get_by_test_id("cm-evidence").get_by_role("button", name="Remove").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Remove this evidence from Hope?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("cm-evidence")).to_have_count(1)
    page.get_by_test_id("cm-evidence").get_by_role("button", name="Remove").click()
    dialog.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_text("Removed the evidence")).to_be_visible()
    expect(page.get_by_test_id("cm-panel-title")).to_have_text("Hope")
    assert sample.project.change_models.evidence(node="Hope") == []


def test_the_diagram_pans_and_zooms(page, sample: SampleStudy) -> None:
    page.goto(_model(sample))
    home = _view_box(page)
    page.get_by_role("button", name="Zoom in").click()
    zoomed = _view_box(page)
    assert zoomed[2] < home[2] and zoomed[3] < home[3]
    page.get_by_role("button", name="Zoom out").click()
    page.get_by_role("button", name="Zoom out").click()
    assert _view_box(page)[2] > home[2]
    page.get_by_role("button", name="Fit to width").click()
    assert _view_box(page) == home
    viewport = page.get_by_role("region", name="Diagram: pan and zoom")
    viewport.focus()
    page.keyboard.press("+")
    page.keyboard.press("ArrowRight")
    moved = _view_box(page)
    assert moved[2] < home[2] and moved[0] > zoomed[0]
    page.keyboard.press("0")
    assert _view_box(page) == home
    box = viewport.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -200)
    expect(page.locator("#cm-viewport svg")).not_to_have_attribute("viewBox", " ".join(
        str(int(n)) if n == int(n) else str(n) for n in home))  # fmt: skip
    assert _view_box(page)[2] < home[2]
    before = _view_box(page)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 80, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    assert _view_box(page)[0] > before[0]  # dragged left: the view moved right


def test_a_node_and_a_link_are_added_with_the_forms(page, sample: SampleStudy) -> None:
    page.goto(f"/projects/{sample.project_id}")
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Change model").click()
    expect(page.get_by_role("heading", name="Change models", exact=True)).to_be_visible()
    assert_accessible(page, "the list of change models (empty)")
    page.get_by_label("Name (required)").fill("Peer work")
    page.get_by_role("button", name="Create the model").click()
    expect(page.get_by_text("Created the change model 'Peer work'.")).to_be_visible()

    form = page.get_by_test_id("cm-add-node-form")
    form.get_by_label("Label (required)").fill("Trust")
    form.get_by_label("Kind").select_option("mechanism")
    form.get_by_label("Bound codes").select_option(label="Trust")
    form.get_by_role("button", name="Add the node").click()
    expect(page.get_by_text("Added the node 'Trust'.")).to_be_visible()
    expect(page.get_by_test_id("cm-panel-title")).to_have_text("Trust")
    form = page.get_by_test_id("cm-add-node-form")
    form.get_by_label("Label (required)").fill("Hope")
    form.get_by_label("Kind").select_option("process outcome")
    form.get_by_label("Candidate, for the team to confirm").check()
    form.get_by_role("button", name="Add the node").click()
    expect(page.get_by_text("Added the node 'Hope'.")).to_be_visible()

    link_form = page.get_by_test_id("cm-add-link-form")
    link_form.get_by_label("From", exact=True).select_option(label="Trust (mechanism)")
    link_form.get_by_label("To", exact=True).select_option(label="Hope (process outcome)")
    link_form.get_by_label("Rationale").fill("Trust makes hope possible.")
    link_form.get_by_role("button", name="Add the link").click()
    expect(page.get_by_text("Added the link Trust → Hope.")).to_be_visible()
    expect(page.locator("g.cm-link")).to_have_count(1)
    expect(page.get_by_test_id("cm-panel-title")).to_have_text("Trust → Hope")
    assert_accessible(page, "the change-model page with a link chosen")

    # The no-evidence flag links to the node, opening it in the panel.
    page.get_by_test_id("cm-flags").get_by_role("link", name="Hope", exact=True).click()
    expect(page.get_by_test_id("cm-panel-title")).to_have_text("Hope")
    expect(page.get_by_test_id("cm-panel-flag")).to_contain_text("no evidence")
    assert_accessible(page, "an outcome node with its indicators form")


def test_the_other_change_model_pages_are_accessible(page, sample: SampleStudy) -> None:
    base = _model(sample)
    sample.project.change_models.save_version("Workshop 1")
    sample.project.change_models.add_node("Resilience", "downstream outcome")
    page.goto(f"/projects/{sample.project_id}/change-models")
    assert_accessible(page, "the list of change models")
    for tab, what in (
        ("CMO chains", "the chains"),
        ("Versions", "the versions"),
        ("Downloads and plan", "the downloads"),
    ):
        page.goto(base)
        page.get_by_role("navigation", name="Change model").get_by_role("link", name=tab).click()
        expect(page.get_by_role("link", name=tab)).to_have_attribute("aria-current", "page")
        assert_accessible(page, what)
    page.goto(f"{base}/versions?old=Workshop+1")
    expect(page.get_by_test_id("cm-differences")).to_contain_text("Resilience")
    assert_accessible(page, "two versions compared")
    page.goto(base)
    page.locator("g.cm-node", has_text="Trust").click()
    page.get_by_role("link", name="Edit the node Trust").click()
    expect(page.get_by_role("heading", name="Edit the node “Trust”")).to_be_visible()
    assert_accessible(page, "the node form")
    page.go_back()
    page.get_by_role("link", name="Delete… the node Trust").click()
    expect(page.get_by_test_id("cm-delete-effects")).to_contain_text("1 link")
    assert_accessible(page, "the node deletion")
    page.go_back()
    page.get_by_role("link", name="Trust → Hope").first.click()
    page.get_by_role("link", name="Edit the link Trust → Hope").click()
    assert_accessible(page, "the link form")


def test_without_scripts_the_diagram_fits_the_width_and_the_tables_open_the_panel(
    browser, live_server: str, sample: SampleStudy
) -> None:
    base = _model(sample)
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base)
        expect(page.locator("[data-cm-toolbar]")).to_be_hidden()
        viewport = page.locator("#cm-viewport").bounding_box()
        svg = page.locator("#cm-viewport svg").bounding_box()
        assert abs(svg["width"] - (viewport["width"] - 2)) < 2  # inside its 1px border
        page.get_by_test_id("cm-nodes").get_by_role("link", name="Hope").click()
        expect(page.get_by_test_id("cm-panel-title")).to_have_text("Hope")
        expect(page.get_by_test_id("cm-quotes")).to_contain_text("That shared experience")
        page.get_by_label("Split by").select_option("stakeholder group")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_test_id("cm-groups")).to_contain_text("peer worker")
    finally:
        context.close()
