"""The saturation chart (the page's image, its SVG download and the Python
export) marks documents not marked "coding done" and leaves out those nobody
has coded, as the page's table does."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.analysis.charts import NOT_DONE_LABEL
from qualframe.errors import ValidationError
from qualframe.storage.database import Database
from services.comparison_study import build_study


@pytest.fixture
def study(database: Database) -> qualframe.Project:
    """The hand-checked comparison study (interview-4 and -5 are not coded),
    with interview-2 marked "coding done"."""
    project = qualframe.create_project("Saturation marks", database=database, user="tester")
    build_study(project)
    project.documents.mark_coding_done("interview-2")
    return project


def _api(project: qualframe.Project, path: str) -> str:
    return f"/api/projects/{project.info.id}/compare/{path}"


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(element.itertext()) for element in root.iter() if element.text]


def _hollow_steps(figure: object) -> list[int]:
    steps: list[int] = []
    for line in figure.axes[0].lines:  # type: ignore[attr-defined]
        if line.get_markerfacecolor() == "white":
            steps += [int(x) for x in line.get_xdata()]
    return steps


def test_the_chart_image_marks_documents_not_done_and_leaves_out_uncoded_ones(
    client: TestClient, study: qualframe.Project
) -> None:
    chart = client.get(_api(study, "saturation/chart.svg"))

    assert chart.status_code == 200
    texts = _texts(chart.text)
    assert NOT_DONE_LABEL in texts
    # interview-2, -3, -1 by position, then the notes: only interview-2 is done.
    for name in ("interview-2", "interview-3", "interview-1", "notes"):
        assert name in texts
    assert "interview-4" not in texts and "interview-5" not in texts
    page = client.get(f"/projects/{study.info.id}/compare/saturation")
    assert "hollow markers: documents not marked “coding done”" in page.text


def test_the_python_export_draws_hollow_markers_for_the_steps_in_progress(
    study: qualframe.Project, tmp_path: Path
) -> None:
    result = study.compare.saturation()

    figure = study.compare.saturation_chart(result, path=tmp_path / "curve.svg")

    assert list(result.documents) == ["interview-2", "interview-3", "interview-1", "notes"]
    assert _hollow_steps(figure) == [2, 3, 4]
    assert NOT_DONE_LABEL in (tmp_path / "curve.svg").read_text("utf-8")


def test_with_every_document_done_the_chart_marks_none(
    client: TestClient, study: qualframe.Project
) -> None:
    for name in ("interview-1", "interview-3", "notes"):
        study.documents.mark_coding_done(name)

    chart = client.get(_api(study, "saturation/chart.svg"), params={"by": "stakeholder group"})

    assert chart.status_code == 200
    assert NOT_DONE_LABEL not in _texts(chart.text)
    assert _hollow_steps(study.compare.saturation_chart(study.compare.saturation())) == []


def test_a_chart_of_a_bad_order_is_refused_and_nothing_is_changed(
    client: TestClient, study: qualframe.Project
) -> None:
    before = [(p.document, p.status, p.version) for p in study.documents.coding_progress()]

    answer = client.get(_api(study, "saturation/chart.svg"), params={"order": "employer"})

    assert answer.status_code == 422
    assert "The attribute 'employer' cannot order interviews" in answer.json()["error"]["message"]
    with pytest.raises(ValidationError, match="cannot order interviews"):
        study.compare.saturation(order_by="employer")
    after = [(p.document, p.status, p.version) for p in study.documents.coding_progress()]
    assert after == before
