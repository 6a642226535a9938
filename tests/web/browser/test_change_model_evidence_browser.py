"""The "use as evidence for…" dialog in a real browser (issue 13): a two-node change
model; a quote (words selected inside a coding in the document view) and a
matrix cell (from the matrix's side panel) attached to a node; the model's
page then shows them in the node's evidence profile. Without a model the
dialog says so and leads to the change models; a refusal of the server is
said in the dialog. axe-core on every state of the dialog and page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from web.browser.conftest import assert_accessible
from web.browser.document_helpers import open_document, select_phrase
from web.sample_study import INTERVIEW, SampleStudy

pytestmark = pytest.mark.browser

MODEL = "Peer work"
MECHANISM = "Shared experience builds trust"
OUTCOME = "Trust in services"
SUMMARY = "Trust starts with a shared experience of the ward."
WORDS = "shared experience"


@pytest.fixture
def model(sample: SampleStudy) -> dict[str, int]:
    """A model of two linked nodes, and P01's cell of "Shared experience"
    stored (summarised); returns the ids of the model and its nodes."""
    models = sample.project.change_models
    created = models.create(MODEL)
    mechanism = models.add_node(MECHANISM, "mechanism", model=created.id)
    outcome = models.add_node(OUTCOME, "process outcome", model=created.id)
    models.add_link(mechanism.id, outcome.id, model=created.id)
    sample.project.matrix.write_summary("P01", sample.shared_code_id, SUMMARY)
    return {"model": created.id, "mechanism": mechanism.id, "outcome": outcome.id}


def _dialog(page: Any, what: str) -> Any:
    dialog = page.get_by_role("dialog", name=f"Use this {what} as evidence")
    expect(dialog).to_be_visible()
    return dialog


def _choose(page: Any, dialog: Any, node: str) -> None:
    """Wait for the model's nodes, choose ``node`` and save."""
    dialog.get_by_label("Evidence for").select_option(label=node)
    dialog.get_by_role("button", name="Save as evidence").click()


def test_a_quote_and_a_cell_become_evidence_and_the_node_profile_shows_them(
    page: Any, sample: SampleStudy, model: dict[str, int]
) -> None:
    # The document view: words selected inside the coding "That shared experience".
    open_document(page, sample, sample.interview_id)
    select_phrase(page, WORDS)
    page.locator("#evidence-selection").click()
    dialog = _dialog(page, "quote")
    expect(dialog).to_contain_text(f"The words “{WORDS}”")
    expect(dialog.get_by_label("Evidence for")).to_be_focused()
    assert_accessible(page, "the evidence dialog on a quote")
    dialog.get_by_label("Comment (optional)").fill("The key line.")
    _choose(page, dialog, f"{MECHANISM} (mechanism)")
    message = dialog.get_by_test_id("evidence-message")
    expect(message).to_have_text(
        f"Saved the quote as evidence supporting “{MECHANISM}” in the model “{MODEL}”."
    )
    assert_accessible(page, "the evidence dialog once saved")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#evidence-selection")).to_be_focused()

    (quote,) = sample.project.change_models.evidence(node=model["mechanism"], model=model["model"])
    start = INTERVIEW.index(WORDS)
    assert (quote.kind.value, quote.coding_id) == ("quote", sample.coding_id)
    assert (quote.start, quote.end, quote.note) == (start, start + len(WORDS), "The key line.")

    # The matrix: P01's cell from its side panel.
    page.goto(f"/projects/{sample.project_id}/matrix")
    page.locator("td[data-row='P01'] a").first.focus()
    page.keyboard.press("Enter")
    editor = page.get_by_role("dialog", name="P01 × Trust > Shared experience")
    editor.get_by_label("Summary").wait_for()
    editor.get_by_role("button", name="Use this cell as evidence…").click()
    dialog = _dialog(page, "matrix cell")
    expect(dialog).to_contain_text(f"The cell P01 × Trust > Shared experience: “{SUMMARY}”")
    _choose(page, dialog, f"{MECHANISM} (mechanism)")
    expect(dialog.get_by_test_id("evidence-message")).to_contain_text(
        "Saved the matrix cell as evidence supporting"
    )
    assert_accessible(page, "the evidence dialog over the matrix's side panel")

    # The model's page, from the dialog's link: the node's profile counts both.
    dialog.get_by_role("link", name=f"See the evidence of “{MECHANISM}”").click()
    page.wait_for_url(f"**/change-models/{model['model']}?node={model['mechanism']}")
    expect(page.get_by_test_id("cm-summary")).to_contain_text("2 supporting")
    expect(page.get_by_test_id("cm-evidence").locator("li")).to_have_count(2)
    expect(page.get_by_test_id("cm-quotes")).to_contain_text(WORDS)
    assert_accessible(page, "the change model with the node's evidence")


def test_the_comparison_offers_its_quotes_and_a_refusal_is_said_in_the_dialog(
    page: Any, sample: SampleStudy, model: dict[str, int]
) -> None:
    page.goto(f"/projects/{sample.project_id}/compare/code?code=Trust&by=stakeholder+group")
    quotes = page.get_by_test_id("quote-columns")
    offer = quotes.get_by_role("button", name="Use as evidence… : P01, P01 interview.txt")
    offer.click()
    dialog = _dialog(page, "coding")
    expect(dialog).to_contain_text("“That shared experience” (P01, P01 interview.txt)")
    expect(dialog.get_by_label("Evidence for")).to_be_focused()
    dialog.get_by_label("contradicts it").check()
    _choose(page, dialog, f"{OUTCOME} (process outcome)")
    expect(dialog.get_by_test_id("evidence-message")).to_have_text(
        f"Saved the coding as evidence contradicting “{OUTCOME}” in the model “{MODEL}”."
    )
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(offer).to_be_focused()

    # The same coding again for the same node: the server refuses, the dialog says why.
    offer.click()
    dialog = _dialog(page, "coding")
    _choose(page, dialog, f"{OUTCOME} (process outcome)")
    message = dialog.get_by_test_id("evidence-message")
    expect(message).not_to_be_empty()
    expect(message).not_to_contain_text("Saved")
    expect(dialog.get_by_role("button", name="Save as evidence")).to_be_visible()
    assert_accessible(page, "the evidence dialog with the server's refusal")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(offer).to_be_focused()
    pieces = sample.project.change_models.evidence(node=model["outcome"], model=model["model"])
    assert [(p.kind.value, p.stance.value) for p in pieces] == [("coding", "contradicts")]


def test_without_a_change_model_the_dialog_leads_to_the_change_models(
    page: Any, sample: SampleStudy
) -> None:
    open_document(page, sample, sample.interview_id)
    # The coding chosen in the list: its details, drawn by the scripts, offer it.
    page.locator(f"#codings-list li[data-coding='{sample.coding_id}'] > a").click()
    offer = page.locator("#coding-details").get_by_role("button", name="Use as evidence…")
    offer.click()
    dialog = _dialog(page, "coding")
    expect(dialog).to_contain_text("This project has no change model yet")
    link = dialog.get_by_role("link", name="Create a change model")
    expect(link).to_be_focused()
    expect(link).to_have_attribute("href", f"/projects/{sample.project_id}/change-models")
    expect(dialog.get_by_role("button", name="Save as evidence")).to_be_hidden()
    assert_accessible(page, "the evidence dialog without a change model")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(offer).to_be_focused()
    # Words outside any coding are not offered: the page says why.
    select_phrase(page, "Lived experience")
    page.locator("#transcript").press("e")
    expect(page.locator("#coding-message")).to_contain_text(
        "No coding holds all of the selected words"
    )
    expect(dialog).to_be_hidden()


def test_a_quote_of_a_cell_backs_a_link_from_the_matrix_side_panel(
    page: Any, sample: SampleStudy, model: dict[str, int]
) -> None:
    matrix = sample.project.matrix
    matrix.link_quote("P01", sample.shared_code_id, sample.coding_id)
    matrix.quote_passage("P01", sample.shared_code_id, sample.coding_id, passage=WORDS)
    page.goto(f"/projects/{sample.project_id}/matrix")
    page.locator("td[data-row='P01'] a").first.focus()
    page.keyboard.press("Enter")
    editor = page.get_by_role("dialog", name="P01 × Trust > Shared experience")
    offer = editor.get_by_role("button", name="Use as evidence… : quote 1")
    offer.click()
    dialog = _dialog(page, "quote")
    expect(dialog).to_contain_text(f"The quote “{WORDS}”")
    _choose(page, dialog, f"{MECHANISM} → {OUTCOME}")
    expect(dialog.get_by_test_id("evidence-message")).to_have_text(
        f"Saved the quote as evidence supporting the link “{MECHANISM} → {OUTCOME}”"
        f" in the model “{MODEL}”."
    )
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(offer).to_be_focused()
    expect(editor).to_be_visible()  # the side panel stays open
    pieces = sample.project.change_models.evidence(
        link=(model["mechanism"], model["outcome"]), model=model["model"]
    )
    start = INTERVIEW.index(WORDS)
    assert [(p.kind.value, p.start, p.end) for p in pieces] == [
        ("quote", start, start + len(WORDS))
    ]
