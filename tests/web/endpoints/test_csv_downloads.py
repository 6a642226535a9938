"""CSV downloads (co-occurrence, saturation, codebook, matrix) neutralise text a
spreadsheet would run as a formula and keep numbers as numbers."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database

CODE = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def study(database: Database) -> qualframe.Project:
    """Two codes starting like formulas coding one interview of participant ``+P1``."""
    project = qualframe.create_project("Study", database=database, user="tester")
    project.study.add_case("@Site")
    project.study.add_participant("+P1", "@Site")
    project.documents.import_bytes("interview.txt", b"-1 hope matters.", participants="+P1")
    project.codebook.add(CODE, definition="- a list")
    project.codebook.add("@Other")
    project.coding.apply("interview.txt", CODE, 0, 8)
    project.coding.apply("interview.txt", "@Other", 0, 8)
    project.matrix.write_summary("+P1", CODE, "+felt hopeful")
    return project


def _rows(answer: object) -> list[list[str]]:
    assert answer.status_code == 200, answer.text  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))  # type: ignore[attr-defined]


def _unsafe(rows: list[list[str]]) -> list[str]:
    return [c for row in rows for c in row if c.startswith(("=", "+", "@", "\t", "\r"))]


def _api(project: qualframe.Project, path: str) -> str:
    return f"/api/projects/{project.info.id}/{path}"


def test_the_cooccurrence_download_neutralises_code_names(
    client: TestClient, study: qualframe.Project
) -> None:
    rows = _rows(client.get(_api(study, "compare/cooccurrence/export")))
    assert {"'" + CODE, "'@Other"} <= {cell for row in rows for cell in row}
    assert _unsafe(rows) == []
    assert [row[rows[0].index("count")] for row in rows[1:]] == ["1"]


def test_the_saturation_download_neutralises_code_names(
    client: TestClient, study: qualframe.Project
) -> None:
    rows = _rows(client.get(_api(study, "compare/saturation/export")))
    assert _unsafe(rows) == []


def test_the_codebook_download_neutralises_names_and_definitions(
    client: TestClient, study: qualframe.Project
) -> None:
    rows = _rows(client.get(_api(study, "codebook/export"), params={"format": "csv"}))
    cells = {cell for row in rows for cell in row}
    assert {"'" + CODE, "'- a list", "'@Other"} <= cells
    assert _unsafe(rows) == []


def test_the_matrix_download_neutralises_summaries_and_keeps_counts(
    client: TestClient, study: qualframe.Project
) -> None:
    code_id = study.codebook.get(CODE).id
    path = _api(study, "matrix/export")
    params = {"column_id": code_id, "format": "csv"}
    summaries = _rows(client.get(path, params=params))
    assert summaries[0] == ["participant", "'" + CODE]
    assert summaries[1] == ["'+P1", "'+felt hopeful"]
    counts = _rows(client.get(path, params={**params, "counts": 1}))
    assert counts[1] == ["'+P1", "1"]
