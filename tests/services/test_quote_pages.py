"""A quote from a PDF transcript cites its page (issue 10 §1: pages kept as structure)."""

from __future__ import annotations

import qualframe
from formats.pdf_samples import Layout, transcript_pdf

PARAGRAPHS = [
    "Interviewer: How did you come to peer work?",
    "P01: I had been on the ward myself and I knew what it was like.",
    "Interviewer: What else does the role need?",
    "P01: Patience, and resilience on hard days.",
]


def test_a_quote_from_a_pdf_cites_its_page(project: qualframe.Project) -> None:
    project.study.add_case("Trust A")
    project.study.add_participant("P01", "Trust A")
    pdf = transcript_pdf(PARAGRAPHS, Layout(lines_per_page=4))
    project.documents.import_bytes("p01.pdf", pdf, participants="P01")
    project.documents.map_speaker("P01", "P01")
    structure = project.documents.structure("p01.pdf")
    assert len(structure.pages) >= 2
    text = project.documents.document("p01.pdf").text
    at = text.index("Patience")
    assert structure.page_at(at) == structure.pages[-1].number
    project.codebook.add("Resilience")
    coding = project.coding.apply("p01.pdf", "Resilience", at, at + len("Patience"))
    project.matrix.link_quote("P01", "Resilience", coding.id)
    (quote,) = project.matrix.cell("P01", "Resilience").quotes
    assert f"p. {structure.pages[-1].number}" in quote.reference
    assert quote.text == "Patience"
