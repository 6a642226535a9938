"""The framework matrix page and the cell page (the editor without JavaScript)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from web.sample_study import SampleStudy


def _matrix(sample: SampleStudy) -> str:
    return f"/projects/{sample.project_id}/matrix"


def _cell_page(sample: SampleStudy, row: str, code: int, kind: str = "participant") -> str:
    cell = f"row_kind={kind}&row={row}&code_id={code}"
    return f"{_matrix(sample)}/cell?{cell}&theme_id={sample.trust_code_id}"


def _fields(sample: SampleStudy, row: str, code: int, **extra: object) -> dict[str, object]:
    """The hidden fields of a cell form on the cell page of (row, code)."""
    return {
        "row_kind": "participant",
        "row": row,
        "code_id": code,
        "back": _cell_page(sample, row, code),
        **extra,
    }


def _cell_history(sample: SampleStudy) -> int:
    return len(sample.project.audit_log(entity_type="cell"))


def _links(page: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'class="matrix__link" href="([^"]+)"', page)]


# ---------------------------------------------------------------- the matrix


def test_the_default_matrix_shows_participants_by_case_under_the_first_theme(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(_matrix(sample))
    assert page.status_code == 200
    text = page.text
    assert "<h1>Framework matrix</h1>" in text
    assert "3 participants × 1 code" in text
    assert 'aria-current="page">Matrix</a>' in text
    # The settings say what is shown: the first theme, grouped by case.
    assert f'<option value="{sample.trust_code_id}" selected>Trust</option>' in text
    assert '<option value="case" selected>case</option>' in text
    # Column header, group rows with their own cells, participant rows with their details.
    assert "Shared experience</span>" in text
    assert '<span class="matrix__row-label">Trust A</span>' in text
    assert "all 2 participants" in text
    assert "NHS · peer worker" in text
    # P01's cell waits to be charted, with its counts; status is text beside a shape.
    cell = re.search(r'data-row="P01" data-code="(\d+)".*?</td>', text, re.S)
    assert cell is not None and int(cell.group(1)) == sample.shared_code_id
    assert "status--empty" in cell.group(0) and "to chart" in cell.group(0)
    assert "1 coding · none quoted" in cell.group(0)


def test_each_cell_links_to_its_page_keeping_the_matrix_settings(
    client: TestClient, sample: SampleStudy
) -> None:
    links = _links(client.get(_matrix(sample) + "?rows=participants&column_id=3&show=counts").text)
    assert len(links) == 3
    query = parse_qs(urlsplit(links[0]).query)
    assert query["row_kind"] == ["participant"] and query["code_id"] == ["3"]
    assert query["column_id"] == ["3"] and query["show"] == ["counts"]
    assert client.get(links[0]).status_code == 200


def test_the_settings_choose_rows_columns_filter_and_order(
    client: TestClient, sample: SampleStudy
) -> None:
    hope, shared = sample.hope_code_id, sample.shared_code_id
    page = client.get(
        _matrix(sample),
        params={
            "rows": "participants",
            "column_id": [hope, shared],
            "where": "stakeholder group=peer worker",
            "order_by": "employer",
        },
    ).text
    rows = re.findall(r'<span class="matrix__row-label">([^<]+)</span>', page)
    assert rows == ["P01", "P03"]  # service users left out; NHS before voluntary sector
    assert "2 participants × 2 codes" in page
    assert '<option value="stakeholder group=peer worker" selected>' in page
    assert f'id="f-column-{hope}" name="column_id" value="{hope}" checked' in page
    # Hope has a definition: a button shows it (keyboard users too), in a popover.
    assert f'popovertarget="def-{hope}"' in page
    assert "Hope for recovery." in page


def test_case_and_group_rows(client: TestClient, sample: SampleStudy) -> None:
    hope = sample.hope_code_id
    cases = client.get(_matrix(sample), params={"rows": "cases", "column_id": hope}).text
    assert re.findall(r'<span class="matrix__row-label">([^<]+)</span>', cases) == [
        "Charity B",
        "Trust A",
    ]
    assert 'data-row-kind="case" data-row="Trust A"' in cases
    assert "1 coding · 1 participant · none quoted" in cases
    groups = client.get(
        _matrix(sample),
        params={"rows": "groups", "column_id": hope, "group_by": "stakeholder group"},
    ).text
    assert 'data-row-kind="group" data-row="stakeholder group=service user"' in groups
    assert '<th scope="col" class="matrix__corner">Group</th>' in groups


def test_counts_only_hides_the_summaries(client: TestClient, sample: SampleStudy) -> None:
    sample.project.matrix.write_summary("P01", sample.shared_code_id, "Trust starts with sharing.")
    query = f"?theme_id={sample.trust_code_id}"
    assert "Trust starts with sharing." in client.get(_matrix(sample) + query).text
    counts = client.get(_matrix(sample) + query + "&show=counts").text
    assert "Trust starts with sharing." not in counts
    assert "matrix--counts" in counts and "1 coding · none quoted" in counts


def test_settings_that_cannot_make_a_matrix_are_explained_beside_them(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(_matrix(sample), params={"theme_id": sample.hope_code_id})
    assert page.status_code == 200
    assert "This matrix cannot be shown." in page.text
    assert "The code 'Hope' has no sub-codes to make columns of" in unescape(page.text)
    assert 'data-testid="matrix-settings"' in page.text
    bad_group = client.get(
        _matrix(sample), params={"column_id": sample.hope_code_id, "group_by": "colour"}
    ).text
    assert "No attribute called &#39;colour&#39;" in bad_group
    no_columns = client.get(_matrix(sample), params={"rows": "participants"}).text
    assert "Choose the columns" in no_columns


def test_a_project_without_codes_is_sent_to_the_codebook(
    client: TestClient, database: Database
) -> None:
    project = qualframe.create_project("Empty", database=database)
    page = client.get(f"/projects/{project.info.id}/matrix").text
    assert "The codebook has no codes yet" in page
    assert f'href="/projects/{project.info.id}/codebook"' in page


def test_export_buttons_download_the_matrix_shown(client: TestClient, sample: SampleStudy) -> None:
    page = client.get(_matrix(sample) + f"?column_id={sample.hope_code_id}&group_by=case").text
    exports = [
        unescape(href) for href in re.findall(r'href="(/api/[^"]+/export\?[^"]+)" download', page)
    ]
    assert len(exports) == 4
    assert {parse_qs(urlsplit(href).query)["format"][0] for href in exports} == {
        "xlsx",
        "csv",
        "html",
    }
    answer = client.get(exports[0])
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment")


# ---------------------------------------------------------------- drafting the matrix


def test_draft_from_data_says_what_it_will_do_and_fills_only_empty_cells(
    client: TestClient, sample: SampleStudy
) -> None:
    matrix = sample.project.matrix
    hope = sample.hope_code_id
    page = client.get(_matrix(sample) + f"?column_id={hope}&column_id={sample.shared_code_id}").text
    assert "Draft 2 cells" in page
    assert "are never changed" in page
    matrix.write_summary("P02", hope, "The analyst's words.", status="draft")
    action = re.search(r'<form method="post" action="([^"]+)" class="matrix-draft__form">', page)
    assert action is not None
    answer = client.post(unescape(action.group(1)))
    assert answer.status_code == 200
    assert "Drafted 1 cell from the coded data, linking 1 quote." in answer.text
    assert "1 charted cell was left alone." in answer.text
    assert matrix.cell("P02", hope).summary == "The analyst's words."
    drafted = matrix.cell("P01", sample.shared_code_id)
    assert drafted.status.value == "draft" and "That shared experience" in drafted.summary
    assert (
        "Every cell of this matrix with coded data has a summary"
        in client.get(_matrix(sample) + f"?column_id={hope}&column_id={sample.shared_code_id}").text
    )


# ---------------------------------------------------------------- the cell page


def test_the_cell_page_shows_the_editor_excerpts_and_where_they_are(
    client: TestClient, sample: SampleStudy
) -> None:
    page = client.get(_cell_page(sample, "P01", sample.shared_code_id))
    assert page.status_code == 200
    text = page.text
    assert "<h1>P01 × Trust &gt; Shared experience</h1>" in text
    assert '<textarea id="f-summary" name="summary"' in text
    assert "Coded excerpts not yet quoted (1)" in text
    assert "P01 interview, P01, para 2" in text
    start = sample.project.coding.codings()["start"].iloc[0]
    link = f"/projects/{sample.project_id}/documents/{sample.interview_id}?start={start}&amp;end="
    assert link in text
    assert "Link as quote" in text
    assert "Draft from data" in text
    assert f'href="{_matrix(sample)}?rows=participants&amp;theme_id={sample.trust_code_id}"' in text


def test_the_cell_page_cites_a_renamed_document_by_its_title(
    client: TestClient, sample: SampleStudy
) -> None:
    sample.project.documents.rename("P01 interview.txt", "Interview with a peer worker")
    page = client.get(_cell_page(sample, "P01", sample.shared_code_id))
    assert page.status_code == 200
    assert "Interview with a peer worker, P01, para 2" in page.text
    assert "P01 interview, P01" not in page.text


def test_writing_a_summary_charts_the_cell_and_comes_back_with_a_message(
    client: TestClient, sample: SampleStudy
) -> None:
    shared = sample.shared_code_id
    answer = client.post(
        _matrix(sample) + "/cell/summary",
        data=_fields(
            sample, "P01", shared, summary="Trust starts\r\nwith sharing.", status="empty"
        ),
    )
    assert answer.status_code == 200
    assert answer.url.path.endswith("/matrix/cell")
    assert "Saved. The cell is draft." in answer.text  # a draft until marked done
    cell = sample.project.matrix.cell("P01", shared)
    assert (cell.summary, cell.status.value) == ("Trust starts\nwith sharing.", "draft")
    assert "wrote the summary" in answer.text  # the history
    assert cell.author == "tester"


def test_a_status_change_alone_is_recorded_as_one(client: TestClient, sample: SampleStudy) -> None:
    hope = sample.hope_code_id
    sample.project.matrix.write_summary("P02", hope, "Hope.", status="draft")
    fields = _fields(sample, "P02", hope, summary="Hope.", status="done")
    answer = client.post(_matrix(sample) + "/cell/summary", data=fields)
    assert "Saved. The cell is done." in answer.text
    assert sample.project.matrix.history("P02", hope)["action"].tolist() == ["write", "status"]
    before = _cell_history(sample)
    again = client.post(_matrix(sample) + "/cell/summary", data=fields)
    assert "Nothing to save" in again.text
    assert _cell_history(sample) == before


def test_an_invalid_status_is_refused_and_nothing_is_written(
    client: TestClient, sample: SampleStudy
) -> None:
    shared = sample.shared_code_id
    cell_page = _cell_page(sample, "P01", shared)
    answer = client.post(
        _matrix(sample) + "/cell/summary",
        data=_fields(sample, "P01", shared, summary="Text", status="finished"),
        headers={"referer": "http://localhost" + cell_page},
    )
    assert answer.status_code == 200
    assert "Nothing was changed." in answer.text
    assert "status: Input should be" in answer.text
    assert _cell_history(sample) == 0
    assert sample.project.matrix.cell("P01", shared).cell_id is None


def test_quotes_are_linked_moved_and_unlinked_with_forms(
    client: TestClient, sample: SampleStudy
) -> None:
    project, hope = sample.project, sample.hope_code_id
    first_hope = int(project.coding.codings(hope)["coding_id"].iloc[0])  # P02's, focus group
    text = project.documents.document(sample.interview_id).text
    start = text.index("Lived experience")
    second = project.coding.apply(sample.interview_id, hope, start, start + len("Lived experience"))
    link = _matrix(sample) + "/cell/quotes/link"
    case = {**_fields(sample, "Trust A", hope), "row_kind": "case"}
    page = client.post(link, data={**case, "coding_id": first_hope})
    assert "Linked the quote. The cell has 1 quote." in page.text
    page = client.post(link, data={**case, "coding_id": second.id})
    assert "The cell has 2 quotes." in page.text
    move = _matrix(sample) + "/cell/quotes/move"
    page = client.post(move, data={**case, "coding_id": second.id, "direction": "up"})
    assert "Moved the quote to place 1 of 2." in page.text
    quotes = project.matrix.cell("case:Trust A", hope).quotes
    assert [q.coding_id for q in quotes] == [second.id, first_hope]
    page = client.post(move, data={**case, "coding_id": second.id, "direction": "up"})
    assert "The quote is first already." in page.text
    page = client.post(
        _matrix(sample) + "/cell/quotes/unlink", data={**case, "coding_id": second.id}
    )
    assert "Removed the quote. The cell has 1 quote." in page.text
    assert [q.coding_id for q in project.matrix.cell("case:Trust A", hope).quotes] == [first_hope]


def test_a_quote_from_outside_the_row_is_refused_with_the_reason(
    client: TestClient, sample: SampleStudy
) -> None:
    hope = sample.hope_code_id
    coding = int(sample.project.coding.codings(hope)["coding_id"].iloc[0])  # spoken by P02
    answer = client.post(
        _matrix(sample) + "/cell/quotes/link",
        data={**_fields(sample, "P01", hope), "coding_id": coding},
        headers={"referer": "http://localhost" + _cell_page(sample, "P01", hope)},
    )
    assert "Nothing was changed." in answer.text
    assert "spoken by P02, who is not in the row" in answer.text
    assert _cell_history(sample) == 0


def test_drafting_one_cell_from_its_page(client: TestClient, sample: SampleStudy) -> None:
    shared = sample.shared_code_id
    answer = client.post(_matrix(sample) + "/cell/draft", data=_fields(sample, "P01", shared))
    assert "Drafted the summary from the coded data and linked 1 quote." in answer.text
    assert "- “That shared experience” (P01 interview, P01)" in answer.text
    again = client.post(_matrix(sample) + "/cell/draft", data=_fields(sample, "P01", shared))
    assert "The cell is charted already, so the draft left it alone." in again.text
    empty = client.post(
        _matrix(sample) + "/cell/draft", data=_fields(sample, "P03", sample.boundaries_code_id)
    )
    assert "There are no coded excerpts to draft the cell from." in empty.text


def test_a_group_cell_has_its_own_page(client: TestClient, sample: SampleStudy) -> None:
    hope = sample.hope_code_id
    page = client.get(
        _matrix(sample) + "/cell",
        params={"row_kind": "group", "row": "stakeholder group=service user", "code_id": hope},
    )
    assert page.status_code == 200
    assert "<h1>service user × Hope</h1>" in page.text
    assert "Focus group, Sam, para 2" in page.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("row=P99&code_id=3", "No participant or case called &#39;P99&#39;"),
        ("row=P01&code_id=99", "There is no code with id 99 in this project."),
    ],
)
def test_an_unknown_cell_is_not_found(
    client: TestClient, sample: SampleStudy, query: str, message: str
) -> None:
    page = client.get(_matrix(sample) + "/cell?" + query)
    assert page.status_code == 404
    assert message in page.text


# ---------------------------------------------------------------- versions


def test_the_cell_page_forms_carry_the_version_shown(
    client: TestClient, sample: SampleStudy
) -> None:
    shared = sample.shared_code_id
    page = client.get(_cell_page(sample, "P01", shared)).text
    forms = re.findall(r'name="if_version" value="(\d+)"', page)
    assert forms == ["0"] * 4  # summary, draft, link, memo
    sample.project.matrix.write_summary("P01", shared, "Shared first.")
    page = client.get(_cell_page(sample, "P01", shared)).text
    assert set(re.findall(r'name="if_version" value="(\d+)"', page)) == {"1"}


def test_a_summary_from_a_stale_version_comes_back_as_typed_with_the_conflict(
    client: TestClient, sample: SampleStudy
) -> None:
    shared = sample.shared_code_id
    sample.project.matrix.write_summary("P01", shared, "Theirs.")
    before = _cell_history(sample)
    answer = client.post(
        _matrix(sample) + f"/cell/summary?theme_id={sample.trust_code_id}",
        data=_fields(sample, "P01", shared, summary="Mine, typed.", status="done", if_version=0),
    )
    assert answer.status_code == 409
    text = answer.text
    assert "was changed by someone else since you read it" in text
    assert "(it is now at version 1); nothing was saved" in text
    assert "Stored now: the summary is “Theirs.”" in text
    assert 'data-testid="stored-summary">Theirs.</blockquote>' in text  # beside mine
    assert '<textarea id="f-summary" name="summary" rows="8"' in text
    assert ">Mine, typed.</textarea>" in text
    assert "press “Save” to save yours in its place, or Cancel to keep theirs" in text
    assert set(re.findall(r'name="if_version" value="(\d+)"', text)) == {"1"}  # the stored one
    back = f'href="{_matrix(sample)}?rows=participants&amp;theme_id={sample.trust_code_id}"'
    assert back in text  # the matrix it came from
    assert _cell_history(sample) == before
    assert sample.project.matrix.cell("P01", shared).summary == "Theirs."
    # Saving again keeps mine, on the version now seen.
    again = client.post(
        _matrix(sample) + "/cell/summary",
        data=_fields(sample, "P01", shared, summary="Mine, typed.", status="done", if_version=1),
    )
    assert "Saved. The cell is done." in again.text
    assert sample.project.matrix.cell("P01", shared).summary == "Mine, typed."


def test_a_quote_form_from_a_stale_version_changes_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    shared = sample.shared_code_id
    sample.project.matrix.set_status("P01", shared, "draft")
    answer = client.post(
        _matrix(sample) + "/cell/quotes/link",
        data={**_fields(sample, "P01", shared), "coding_id": sample.coding_id, "if_version": 0},
        headers={"referer": "http://localhost" + _cell_page(sample, "P01", shared)},
    )
    assert "was changed by someone else since you read it" in answer.text
    assert sample.project.matrix.cell("P01", shared).quotes == ()
