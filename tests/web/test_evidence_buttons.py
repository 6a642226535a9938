"""The "use as evidence…" buttons where the issue asks for them: the document view (a
coding's details, and the words selected in the transcript), the matrix
cell (the cell and each of its quotes, on the cell's page and in the
matrix's side panel) and the comparison page (each quote). The buttons are
rendered hidden (the dialog needs its script, static/js/evidence_picker.js)
and carry what they offer; the dialog is on the page once, with its script,
and links to the change models for a project without one."""

from __future__ import annotations

from html.parser import HTMLParser

from fastapi.testclient import TestClient

from web.sample_study import INTERVIEW, SampleStudy


class _Offers(HTMLParser):
    """The buttons offering evidence (their attributes), the dialogs and the scripts of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.buttons: list[dict[str, str | None]] = []
        self.ids: list[str] = []
        self.scripts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if tag == "button" and ({"data-evidence-coding", "data-evidence-cell"} & values.keys()):
            self.buttons.append(values)
        if tag == "script" and values.get("src"):
            self.scripts.append(str(values["src"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))


def _offers(html: str) -> _Offers:
    parser = _Offers()
    parser.feed(html)
    return parser


def _has_dialog(page: _Offers, project_id: int) -> None:
    """The dialog once, its script, and the way to the change models."""
    assert page.ids.count("evidence-dialog") == 1
    assert any(src.startswith("/static/js/evidence_picker.js") for src in page.scripts)
    assert f"/projects/{project_id}/change-models" in page.links


def _quote_cell(sample: SampleStudy, passage: str | None = None) -> None:
    """P01 × Shared experience stored with the sample's coding quoted (only ``passage`` of it)."""
    matrix = sample.project.matrix
    matrix.link_quote("P01", sample.shared_code_id, sample.coding_id)
    if passage is not None:
        matrix.quote_passage("P01", sample.shared_code_id, sample.coding_id, passage=passage)


def _cell_page(sample: SampleStudy) -> str:
    cell = f"row_kind=participant&row=P01&code_id={sample.shared_code_id}"
    return f"/projects/{sample.project_id}/matrix/cell?{cell}&theme_id={sample.trust_code_id}"


def test_the_document_view_offers_the_selected_words_and_the_shown_coding(
    client: TestClient, sample: SampleStudy
) -> None:
    base = f"/projects/{sample.project_id}/documents/{sample.interview_id}"
    page = _offers(client.get(f"{base}?coding={sample.coding_id}").text)
    _has_dialog(page, sample.project_id)
    assert "evidence-selection" in page.ids
    (offer,) = page.buttons
    assert offer["data-evidence-coding"] == str(sample.coding_id)
    assert "data-evidence-start" not in offer and "hidden" in offer
    assert (
        offer["data-evidence-label"]
        == "The coding Trust > Shared experience: “That shared experience”"
    )
    # The details panel, fetched alone when another coding is chosen, offers it too.
    panel = client.get(f"/projects/{sample.project_id}/codings/{sample.coding_id}/panel").text
    assert [b["data-evidence-coding"] for b in _offers(panel).buttons] == [str(sample.coding_id)]


def test_the_document_view_without_a_coding_shown_offers_only_the_selection(
    client: TestClient, sample: SampleStudy
) -> None:
    page = _offers(
        client.get(f"/projects/{sample.project_id}/documents/{sample.interview_id}").text
    )
    _has_dialog(page, sample.project_id)
    assert "evidence-selection" in page.ids
    assert page.buttons == []


def test_the_cell_page_offers_the_stored_cell_and_each_quote_with_its_passage(
    client: TestClient, sample: SampleStudy
) -> None:
    _quote_cell(sample, passage="shared experience")
    cell_id = sample.project.matrix.cell("P01", sample.shared_code_id).cell_id
    page = _offers(client.get(_cell_page(sample)).text)
    _has_dialog(page, sample.project_id)
    cell, quote = page.buttons
    assert cell["data-evidence-cell"] == str(cell_id)
    assert cell["data-evidence-label"] == "The cell P01 × Trust > Shared experience"
    start = INTERVIEW.index("shared experience")
    assert quote["data-evidence-coding"] == str(sample.coding_id)
    assert (quote["data-evidence-start"], quote["data-evidence-end"]) == (
        str(start),
        str(start + len("shared experience")),
    )
    assert str(quote["data-evidence-label"]).startswith("The quote “shared experience” (")
    assert all("hidden" in button for button in page.buttons)


def test_a_whole_quote_is_offered_as_its_coding_and_an_unstored_cell_not_at_all(
    client: TestClient, sample: SampleStudy
) -> None:
    page = _offers(client.get(_cell_page(sample)).text)
    assert page.buttons == []  # nothing stored: no cell to cite, no quote
    _has_dialog(page, sample.project_id)
    _quote_cell(sample)
    quote = _offers(client.get(_cell_page(sample)).text).buttons[1]
    assert quote["data-evidence-coding"] == str(sample.coding_id)
    assert "data-evidence-start" not in quote and "data-evidence-end" not in quote


def test_the_matrix_side_panel_has_the_cell_offer_and_the_page_the_dialog(
    client: TestClient, sample: SampleStudy
) -> None:
    html = client.get(f"/projects/{sample.project_id}/matrix").text
    page = _offers(html)
    _has_dialog(page, sample.project_id)
    # The side panel's button gets its cell from cell_editor.js (a stored cell only).
    assert 'data-field="evidence-cell" hidden>Use this cell as evidence…</button>' in html


def test_each_quote_of_a_comparison_offers_its_coding(
    client: TestClient, sample: SampleStudy
) -> None:
    address = f"/projects/{sample.project_id}/compare/code?code=Trust&by=stakeholder+group"
    page = _offers(client.get(address).text)
    _has_dialog(page, sample.project_id)
    (quote,) = page.buttons
    assert quote["data-evidence-coding"] == str(sample.coding_id)
    assert "data-evidence-start" not in quote
    assert quote["data-evidence-label"] == (
        "The coding Trust > Shared experience: “That shared experience” (P01, P01 interview.txt)"
    )


def test_a_comparison_without_a_result_has_no_dialog(
    client: TestClient, sample: SampleStudy
) -> None:
    page = _offers(client.get(f"/projects/{sample.project_id}/compare/code").text)
    assert page.buttons == [] and "evidence-dialog" not in page.ids
