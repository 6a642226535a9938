"""The matrix says, in a real browser, which codings it leaves out (spoken by
nobody) and the notice's link lists them; both pages pass axe-core."""

from __future__ import annotations

import pytest

from web.browser.conftest import assert_accessible
from web.sample_study import INTERVIEW, SampleStudy

pytestmark = pytest.mark.browser

QUESTION = "How did you come to peer work?"


def test_a_researcher_sees_the_left_out_codings_and_opens_them(page, sample: SampleStudy) -> None:
    start = INTERVIEW.index(QUESTION)
    sample.project.coding.apply(
        "P01 interview.txt", sample.shared_code_id, start, start + len(QUESTION)
    )
    page.goto(f"/projects/{sample.project_id}/matrix")
    notice = page.get_by_test_id("matrix-unattributed")
    assert notice.is_visible()
    text = " ".join(notice.inner_text().split())
    assert "1 coding of the codes shown (Trust > Shared experience: 1) was spoken by nobody" in text
    assert "left out of every cell" in text
    assert_accessible(page, "the matrix page with its left-out notice")

    notice.get_by_role("link", name="See this coding").click()
    page.get_by_role("heading", name="Codings in no cell of the matrix").wait_for()
    table = page.get_by_test_id("unattributed-codings")
    assert QUESTION in table.inner_text() and "Interviewer" in table.inner_text()
    assert_accessible(page, "the list of left-out codings")

    table.get_by_role("link").first.click()
    page.wait_for_url(f"**/documents/{sample.interview_id}?coding=*")
    page.go_back()
    page.get_by_role("link", name="Back to the matrix").click()
    page.get_by_test_id("matrix-unattributed").wait_for()


def test_the_html_report_of_a_charted_matrix_is_accessible(
    page, sample: SampleStudy, tmp_path
) -> None:
    matrix = sample.project.matrix
    matrix.write_summary("P01", sample.shared_code_id, "Trust starts with sharing.", "draft")
    matrix.link_quote("P01", sample.shared_code_id, sample.coding_id)
    matrix.set_status("P03", sample.shared_code_id, "no_data")
    spec = matrix.spec(theme=sample.trust_code_id, include_subcodes=True, group_by=["case"])
    report = matrix.export(spec, tmp_path / "matrix.html").read_text("utf-8")
    page.set_content(report)
    table = page.get_by_role("table")
    assert "[draft] Trust starts with sharing." in table.inner_text()
    assert "[no data]" in table.inner_text()
    assert page.get_by_role("rowheader", name="Trust A").is_visible()  # a group row
    assert page.get_by_role("heading", name="Key").is_visible()
    assert_accessible(page, "the matrix's HTML report")
