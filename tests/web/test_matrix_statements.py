"""How many SQL statements the framework matrix's paths issue, so N+1 queries
cannot come back (issue 9 §4): building a matrix, the matrix page, saving one
cell through the Python API and through the JSON API.

Each bound is a little above what the path issues now; the comment beside it
says what it issued before (measured on this sample study, SQLite).
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from qualframe.storage.database import Database
from statements import Statements, counted
from web.sample_study import SampleStudy

#: A statement reading documents' full text (a matrix reads quotes from codings).
DOCUMENT_TEXT = re.compile(r"\bdocuments\.text\b", re.IGNORECASE)


def _code_tree_reads(statements: Statements) -> list[str]:
    return [sql for sql in statements if re.search(r"\bFROM codes\b", sql)]


def _quoted(sample: SampleStudy) -> None:
    """Chart P01's cell of "Trust > Shared experience" with its one quote."""
    matrix = sample.project.matrix
    matrix.write_summary("P01", sample.shared_code_id, "Trust starts with sharing.")
    matrix.link_quote("P01", sample.shared_code_id, sample.coding_id)


def test_building_a_matrix_reads_the_code_tree_once_and_no_document_text(
    sample: SampleStudy, database: Database
) -> None:
    _quoted(sample)
    with counted(database) as statements:
        built = sample.project.matrix.build(
            rows="participants", theme=sample.trust_code_id, include_subcodes=True, group_by="case"
        )
    assert built.cell("P01", sample.shared_code_id).quotes[0].reference == (
        "P01 interview, P01, para 2"
    )
    # 14 -> 11 statements; before, the quoted documents' full text was read and
    # re-segmented to number the quotes' paragraphs.
    assert len(statements) <= 12, statements.listing()
    assert len(_code_tree_reads(statements)) == 1, statements.listing()
    assert not [sql for sql in statements if DOCUMENT_TEXT.search(sql)], statements.listing()


def test_the_matrix_page_reads_the_codebook_and_the_people_once_each(
    client: TestClient, sample: SampleStudy, database: Database
) -> None:
    _quoted(sample)
    with counted(database) as statements:
        page = client.get(f"/projects/{sample.project_id}/matrix")
    assert page.status_code == 200 and "Trust starts with sharing." in page.text
    # 27 statements in 7 transactions -> 15 in one: before, the code table was read
    # 5 times and the codings counted per code 4 times; the request is now one unit
    # of work, whose cache serves the code tree to the page and the build alike.
    assert len(statements) <= 16, statements.listing()
    assert len(_code_tree_reads(statements)) == 1, statements.listing()
    assert len(statements.touching("FROM participants")) == 1, statements.listing()
    assert not [sql for sql in statements if DOCUMENT_TEXT.search(sql)], statements.listing()


def test_saving_one_cell_through_the_python_api(sample: SampleStudy, database: Database) -> None:
    matrix = sample.project.matrix
    first = matrix.write_summary("P01", sample.shared_code_id, "Trust starts with sharing.")
    with counted(database) as statements:
        saved = matrix.write_summary(
            "P01", sample.shared_code_id, "Shared experience first.", if_version=first.version
        )
    assert saved.version == first.version + 1
    # 20 -> 8 statements: before, the people were read twice, the code table three
    # times, and the matrix's counts and quotes again for the answer.
    assert len(statements) <= 9, statements.listing()
    assert len(statements.touching("UPDATE matrix_cells")) == 1, statements.listing()


def test_saving_one_cell_through_the_json_api(
    client: TestClient, sample: SampleStudy, database: Database
) -> None:
    url = f"/api/projects/{sample.project_id}/matrix/cell/summary"
    params = {"row": "P01", "code_id": sample.shared_code_id}
    first = client.put(url, params=params, json={"summary": "Trust starts."}).json()
    with counted(database) as statements:
        answer = client.put(
            url, params=params, json={"summary": "Shared first.", "if_version": first["version"]}
        )
    assert answer.status_code == 200 and answer.json()["version"] == first["version"] + 1
    # 21 -> 17 statements: the write, then the cell as the matrix shows it.
    assert len(statements) <= 17, statements.listing()
    assert len(statements.touching("UPDATE matrix_cells")) == 1, statements.listing()
