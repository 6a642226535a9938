"""The matrix exports: the HTML report shows statuses and group rows as the
workbook does, and both say which codings no cell holds."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import qualframe
from services.matrix_study import MatrixStudy, add_unattributed, build_study


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    built = build_study(project)
    matrix = project.matrix
    matrix.write_summary("P1", "Barriers > Stigma", "Felt judged by staff.", "done")
    matrix.write_summary("P10", "Barriers > Stigma", "Stigma at work.", "draft")
    matrix.set_status("P2", "Barriers > Boundaries", "no_data")
    return built


def _cells(page: str) -> dict[str, list[str]]:
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S):
        label = re.search(r'<th scope="row">(.*?)</th>', row)
        if label:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            found[label.group(1)] = [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in cells]
    return found


def test_html_report_marks_every_status_like_the_workbook(
    study: MatrixStudy, tmp_path: Path
) -> None:
    spec = study.project.matrix.spec(theme="Barriers", include_subcodes=True)
    page = study.project.matrix.export(spec, tmp_path / "m.html").read_text("utf-8")
    cells = {label: found[1:] for label, found in _cells(page).items()}  # after the details
    # Columns: Stigma, Boundaries (with Rules). P3 was not asked Q1 (covers Barriers).
    assert cells["P1"] == ["Felt judged by staff.", ""]  # done; Rules coded, not charted
    assert cells["P10"] == ["[draft] Stigma at work.", ""]
    assert cells["P2"] == ["[no data]", "[no data]"]
    assert cells["P3"] == ["[not asked]", "[not asked]"]
    book = openpyxl.load_workbook(study.project.matrix.export(spec, tmp_path / "m.xlsx"))
    sheet = book["Barriers"]
    written = {
        sheet.cell(row=r, column=1).value: [sheet.cell(row=r, column=c).value or "" for c in (3, 4)]
        for r in range(3, sheet.max_row + 1)
    }
    for label in ("P1", "P10", "P2", "P3"):
        assert [" ".join(v.split()) for v in written[label]] == cells[label]
    assert "has not been charted yet" in page


def test_html_report_shows_group_header_and_summary_rows(
    study: MatrixStudy, tmp_path: Path
) -> None:
    spec = study.project.matrix.spec(theme="Barriers", group_by=["stakeholder group"])
    page = study.project.matrix.export(spec, tmp_path / "m.html").read_text("utf-8")
    headers = re.findall(r'<tr class="group-row"><th scope="rowgroup"[^>]*>(.*?)</th>', page)
    assert headers == ["peer worker", "service user"]
    assert page.count('<tr class="aggregate"><th scope="row">Group summary</th>') == 2
    assert "1 of 2 with codings (1 codings)" in page


def test_exports_note_the_codings_spoken_by_nobody(study: MatrixStudy, tmp_path: Path) -> None:
    add_unattributed(study.project)
    spec = study.project.matrix.spec(columns=["Hope", "Trust"])
    page = study.project.matrix.export(spec, tmp_path / "m.html").read_text("utf-8")
    note = re.search(r'<ul class="notes report-notes">\s*<li>(.*?)</li>', page)
    assert note is not None
    assert note.group(1).startswith("2 codings of the codes shown (Hope: 1, Trust: 1) are left out")
    about = openpyxl.load_workbook(study.project.matrix.export(spec, tmp_path / "m.xlsx"))["About"]
    texts = [str(cell.value) for cell in about["A"] if cell.value]
    assert any(t.startswith("2 codings of the codes shown") for t in texts)


def test_exports_without_left_out_codings_carry_no_such_note(
    study: MatrixStudy, tmp_path: Path
) -> None:
    spec = study.project.matrix.spec(columns=["Hope"])
    page = study.project.matrix.export(spec, tmp_path / "m.html").read_text("utf-8")
    assert "left out" not in page and "report-notes" not in page
