"""A framework matrix in the HTML report: statuses and group rows as the workbook shows them."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

from qualframe.formats.framework_workbook import (
    STATUS_MEANINGS,
    UNMARKED_MEANING,
    MatrixRow,
    MatrixSheet,
    RowGroup,
    WorkbookCell,
    marked_text,
)
from qualframe.formats.html_report import ReportSection, render_report


def _sheet() -> MatrixSheet:
    trust = RowGroup(
        "Trust A",
        (
            MatrixRow(
                "P01",
                "peer worker",
                (
                    WorkbookCell("Unclear role", ("It was vague.",), "done", ("P01, paragraph 2",)),
                    WorkbookCell("Uses own story", (), "draft"),
                ),
            ),
            MatrixRow(
                "P02", "", (WorkbookCell("", (), "no_data"), WorkbookCell("", (), "not_asked"))
            ),
            MatrixRow("P03", "", (WorkbookCell("", (), "empty"),)),  # last column left blank
        ),
        aggregate=(WorkbookCell("1 of 3 with codings"), WorkbookCell("Mixed", (), "draft")),
    )
    return MatrixSheet(
        "Barriers",
        "Participant",
        ("Role", "Stories"),
        (trust,),
        column_notes=("What the role is.", ""),
        column_header="Code",
    )


def _render(sheet: MatrixSheet) -> str:
    section = ReportSection("Barriers", matrix=sheet)
    return render_report("Framework matrix", [section], generated_on=datetime.date(2026, 1, 2))


def _cells(page: str) -> dict[str, list[str]]:
    """Row label -> the text of its cells (tags removed, spaces collapsed)."""
    found = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S):
        label = re.search(r'<th scope="row">(.*?)</th>', row)
        if label:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            found[label.group(1)] = [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in cells]
    return found


def test_each_status_is_marked_as_in_the_workbook() -> None:
    page = _render(_sheet())
    cells = _cells(page)
    assert cells["P01"][1:] == [
        "Unclear role (1 quote of Trust A × P01 × Role)",
        "[draft] Uses own story",
    ]
    assert cells["P02"][1:] == ["[no data]", "[not asked]"]
    assert cells["P03"][1:] == ["", ""]  # not charted yet: blank, as in the workbook
    # The workbook writes the same text (marker, then summary).
    assert marked_text(WorkbookCell("Uses own story", (), "draft")) == "[draft] Uses own story"


def test_marked_cells_are_shaded_and_the_key_explains_markers_and_blanks() -> None:
    page = _render(_sheet())
    assert (
        '<td class="status-draft"><span class="marker">[draft]</span> Uses own story</td>' in page
    )
    assert '<td class="status-no_data"><span class="marker">[no data]</span></td>' in page
    assert "<td>Unclear role" in page  # done: no marker, no shading
    key = re.search(r'<ul class="key">(.*?)</ul>', page, re.S)
    assert key is not None
    lines = re.findall(r"<li[^>]*>(.*?)</li>", key.group(1))
    assert lines == [
        f"[draft] {STATUS_MEANINGS['draft']} (shaded)",
        f"[no data] {STATUS_MEANINGS['no_data']} (shaded)",
        f"[not asked] {STATUS_MEANINGS['not_asked']} (shaded)",
        UNMARKED_MEANING,
    ]
    assert "table.matrix td.status-draft" in page  # the shading is in the inline style sheet


def test_group_header_and_group_summary_rows_are_shown() -> None:
    page = _render(_sheet())
    assert '<tr class="group-row"><th scope="rowgroup" colspan="4">Trust A</th></tr>' in page
    assert '<tr class="aggregate"><th scope="row">Group summary</th>' in page
    summary = _cells(page)["Group summary"]
    assert summary == ["Trust A", "1 of 3 with codings", "[draft] Mixed"]
    assert '<span class="column-note">What the role is.</span>' in page
    assert '<th scope="col">Details</th>' in page


def test_cell_quotes_are_listed_under_the_matrix_and_linked_from_the_cell() -> None:
    page = _render(_sheet())
    link = re.search(r'<a class="cell-quotes" href="#([^"]+)">', page)
    assert link is not None
    assert f'<h4 id="{link.group(1)}">Trust A × P01 × Role</h4>' in page
    assert "“It was vague.” (P01, paragraph 2)" in page


def test_matrix_report_is_self_contained_and_escapes_text() -> None:
    row = MatrixRow("<P9>", "", (WorkbookCell("<script>alert(1)</script>", (), "draft"),))
    page = _render(MatrixSheet("M", "Participant", ("C",), (RowGroup(None, (row,)),)))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert 'class="group-row"' not in page  # no header row for an unnamed group

    class Checker(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.ids += [v or "" for k, v in attrs if k == "id"]

    checker = Checker()
    checker.feed(_render(_sheet()))
    assert len(checker.ids) == len(set(checker.ids))  # ids are unique
