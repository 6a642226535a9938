"""Quotes and search hits cite a document by its title, so a renamed document
is cited by its new title everywhere a reader sees it (cell quotes, excerpts,
drafts, matrix exports, search hits), while its file name stays the
identifier (``document``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import qualframe
from services.matrix_study import MatrixStudy, build_study

TITLE = "First interview (P1)"


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    """The matrix study, with interview-P1 renamed to :data:`TITLE`."""
    built = build_study(project)
    project.documents.rename("interview-P1", TITLE)
    return built


def test_a_cells_quotes_and_excerpts_cite_the_renamed_documents_title(
    study: MatrixStudy,
) -> None:
    matrix = study.project.matrix
    coding_id = study.codings["P1", "Barriers > Stigma"]
    matrix.link_quote("P1", "Barriers > Stigma", coding_id)
    quote = matrix.build(columns="Barriers > Stigma").cell("P1", "Barriers > Stigma").quotes[0]
    assert quote.reference == f"{TITLE}, P1, para 2"
    assert (quote.document, quote.document_title) == ("interview-P1", TITLE)
    [excerpt] = matrix.excerpts("P1", "Barriers > Stigma")
    assert excerpt.reference == f"{TITLE}, P1, para 2"
    assert excerpt.document == "interview-P1"


def test_documents_not_renamed_are_cited_as_before(study: MatrixStudy) -> None:
    [excerpt] = study.project.matrix.excerpts("P10", "Barriers > Stigma")
    assert excerpt.reference == "interview-P10, P10, para 2"
    assert excerpt.document_title == excerpt.document == "interview-P10"


def test_a_draft_cites_the_renamed_documents_title(study: MatrixStudy) -> None:
    report = study.project.matrix.draft_cell("P1", "Hope")
    assert report.cell is not None
    assert report.cell.summary == f"- “hope” ({TITLE}, P1)"


def test_matrix_exports_cite_the_renamed_documents_title(
    study: MatrixStudy, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    project = study.project
    project.matrix.link_quote("P1", "Barriers > Stigma", study.codings["P1", "Barriers > Stigma"])
    spec = project.matrix.spec(theme="Barriers", include_subcodes=True)
    project.matrix.export(spec, tmp_path / "matrix.xlsx")
    workbook = load_workbook(tmp_path / "matrix.xlsx")
    quotes = next(workbook[n] for n in workbook.sheetnames if n.startswith("Barriers quotes"))
    locations = [cell.value for row in quotes.iter_rows() for cell in row if cell.value]
    assert f"{TITLE}, P1, para 2" in locations
    assert not any("interview-P1," in str(value) for value in locations)
    project.matrix.export(spec, tmp_path / "matrix.html")
    html = (tmp_path / "matrix.html").read_text("utf-8")
    assert f"({TITLE}, P1, para 2)" in html
    assert "interview-P1," not in html


def test_search_hits_show_the_renamed_documents_title(project: qualframe.Project) -> None:
    project.documents.import_bytes("p01.txt", b"P01: Stigma was there.\n")
    project.documents.import_bytes("p02.txt", b"P02: No stigma here.\n")
    project.documents.rename("p01.txt", "Interview with P01")
    hits = project.search.find("stigma").hits
    assert [(h.document, h.document_title) for h in hits] == [
        ("p01.txt", "Interview with P01"),
        ("p02.txt", "p02"),  # the title a file gets: its name without the suffix
    ]
    # The file name still picks the document.
    only = project.search.find("stigma", documents="p01.txt").hits
    assert [h.document_title for h in only] == ["Interview with P01"]
