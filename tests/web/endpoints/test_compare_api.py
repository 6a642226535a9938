"""Comparisons through the JSON API: records, charts and exports."""

from __future__ import annotations

import io

import openpyxl
import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from services.comparison_study import build_study


@pytest.fixture
def study(database: Database) -> qualframe.Project:
    """The hand-checked comparison study of the service tests (see its docstring)."""
    project = qualframe.create_project("Comparisons", database=database, user="tester")
    build_study(project)
    return project


def _api(project: qualframe.Project, path: str) -> str:
    return f"/api/projects/{project.info.id}/compare/{path}"


def test_the_options_say_what_the_project_can_be_compared_by(
    client: TestClient, study: qualframe.Project
) -> None:
    study.typologies.define(
        "model of peer work", level="case", categories=["embedded", "standalone"]
    )
    study.study.define_attribute("interview date", "document", "date")
    study.study.add_question("Q9", "Tell me about your work.", kind="open")
    options = client.get(_api(study, "options")).json()
    assert [(g["name"], g["label"]) for g in options["grouping"]] == [
        ("stakeholder group", "stakeholder group (participant)"),
        ("employer", "employer (case)"),
        ("model of peer work", "model of peer work (case typology)"),
    ]
    assert options["grouping"][0]["groups"] == ["peer worker", "service user", "manager"]
    assert [q["identifier"] for q in options["questions"]] == ["Q1", "Q2"]
    assert options["saturation_orders"] == ["position", "imported", "interview date"]
    assert (options["codes"], options["documents"], options["codings"]) == (4, 6, 7)


def test_a_code_comparison_answers_rows_notes_and_linked_quotes(
    client: TestClient, study: qualframe.Project
) -> None:
    answer = client.get(_api(study, "code"), params={"code": "Hope", "by": "stakeholder group"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["title"] == "'Hope' by stakeholder group"
    assert body["groups"] == ["peer worker", "service user", "manager", "(no value)"]
    (table,) = body["tables"]
    rows = {row["group"]: row for row in table["rows"]}
    assert rows["peer worker"]["participants_coded"] == 2
    assert rows["peer worker"]["characters"] == 29
    assert rows["service user"]["not_asked"] == 1
    assert rows["manager"]["participants_share"] is None  # an empty group: no share
    assert table["covering_questions"] == ["Q1"]
    assert table["unattributed"] == 1
    first = body["quotes"]["peer worker"][0]
    document = study.documents.document("interview-1").id
    assert (first["participant"], first["document_id"], first["start"], first["end"]) == (
        "P1", document, 0, 10,
    )  # fmt: skip
    assert first["link"] == f"/projects/{study.info.id}/documents/{document}?start=0&end=10#passage"


def test_several_codes_by_id_and_no_quotes(client: TestClient, study: qualframe.Project) -> None:
    hope, trust = study.codebook.get("Hope").id, study.codebook.get("Trust").id
    body = client.get(
        _api(study, "code"), params={"code_id": [hope, trust], "by": "employer", "quotes": 0}
    ).json()
    assert body["codes"] == ["Hope", "Trust"]
    assert [t["code"] for t in body["tables"]] == ["Hope", "Trust"]
    assert body["quotes"] == {"NHS": [], "charity": []}


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"by": "employer"}, 422, "Choose at least one code"),
        ({"code": "Despair", "by": "employer"}, 404, "Despair"),
        ({"code": "Hope", "by": "nothing"}, 404, "nothing"),
        ({"code": "Hope", "by": "employer", "quotes": -1}, 422, "quotes"),
    ],
)
def test_a_bad_code_comparison_is_refused_with_a_message(
    client: TestClient,
    study: qualframe.Project,
    params: dict[str, object],
    status: int,
    message: str,
) -> None:
    answer = client.get(_api(study, "code"), params=params)
    assert answer.status_code == status
    assert message in answer.json()["error"]["message"]


def test_the_comparison_chart_is_an_svg_with_its_numbers_as_text(
    client: TestClient, study: qualframe.Project
) -> None:
    answer = client.get(_api(study, "code/chart.svg"), params={"code": "Hope", "by": "employer"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/svg+xml"
    assert "_code-comparison_code-hope-by-employer" in answer.headers["content-disposition"]
    assert answer.text.lstrip().startswith("<?xml")
    assert "33% (1/3)" in answer.text  # bars carry their value as text


def test_a_comparison_is_exported_as_csv_workbook_and_report(
    client: TestClient, study: qualframe.Project
) -> None:
    params = {"code": "Hope", "by": "stakeholder group", "quotes": 1}
    csv = client.get(_api(study, "code/export"), params={**params, "format": "csv"})
    assert csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert "_code-hope-by-stakeholder-group" in csv.headers["content-disposition"]
    assert csv.content.decode("utf-8-sig").splitlines()[0].startswith("code,group,participants,")
    xlsx = client.get(_api(study, "code/export"), params={**params, "format": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    quotes = workbook["Quotes Hope"]
    texts = [c.value for row in quotes.iter_rows() for c in row]
    # Exports keep every quote, whatever the page shows.
    assert "Hope is he" in texts and "r me, " in texts
    report = client.get(_api(study, "code/export"), params={**params, "format": "html"})
    assert report.headers["content-type"] == "text/html; charset=utf-8"
    assert "Comparison: &#x27;Hope&#x27; by stakeholder group" in report.text or (
        "Comparison: 'Hope' by stakeholder group" in report.text
    )
    assert "<svg" in report.text


def test_an_unknown_export_format_is_refused(client: TestClient, study: qualframe.Project) -> None:
    answer = client.get(
        _api(study, "code/export"), params={"code": "Hope", "by": "employer", "format": "pdf"}
    )
    assert answer.status_code == 422
    assert "format" in answer.json()["error"]["message"]


def test_structured_answers_come_with_the_test_and_its_caveats(
    client: TestClient, study: qualframe.Project
) -> None:
    body = client.get(
        _api(study, "answers"), params={"question": "Q2", "by": "stakeholder group"}
    ).json()
    assert body["levels"] == ["yes", "no"]
    rows = {row["group"]: row for row in body["rows"]}
    assert rows["peer worker"]["counts"] == {"yes": 2, "no": 0}
    assert rows["peer worker"]["percentages"] == {"yes": 100.0, "no": 0.0}
    assert rows["manager"]["percentages"] == {"yes": None, "no": None}
    assert (rows["service user"]["not_asked"], rows["peer worker"]["no_answer"]) == (1, 1)
    assert body["no_group"] == 1
    test = body["test"]
    assert test["name"] == "Fisher's exact test"
    assert test["statistic"] is None and test["statistic_text"] == "∞"  # JSON has no infinity
    assert test["p_text"] == "p = 0.333"
    assert round(test["p_value"], 3) == 0.333
    assert any("Groups of fewer than 5 people" in c for c in body["caveats"])
    assert "not evidence about a wider population" in body["caveats"][-1]


def test_structured_answers_are_exported(client: TestClient, study: qualframe.Project) -> None:
    params = {"question": "Q2", "by": "stakeholder group"}
    csv = client.get(_api(study, "answers/export"), params={**params, "format": "csv"})
    assert csv.content.decode("utf-8-sig").splitlines()[0] == "group,yes,no,n,no answer,not asked"
    xlsx = client.get(_api(study, "answers/export"), params={**params, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["Q2 by stakeholder group"]
    notes = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("Groups of fewer than 5 people" in note for note in notes)


def test_an_open_question_is_refused(client: TestClient, study: qualframe.Project) -> None:
    study.study.add_question("Q9", "Tell me about your work.", kind="open")
    answer = client.get(_api(study, "answers"), params={"question": "Q9", "by": "employer"})
    assert answer.status_code == 422
    assert "is open" in answer.json()["error"]["message"]


def test_cooccurrence_answers_the_matrix_and_the_pairs(
    client: TestClient, study: qualframe.Project
) -> None:
    body = client.get(_api(study, "cooccurrence"), params={"level": "participant"}).json()
    assert body["codes"] == ["Hope", "Hope > Future", "Hope > Past", "Trust"]
    assert body["counts"][0] == [1, 1, 0, 1]
    assert body["unit"] == "participant" and body["excluded"] == 1
    assert body["pairs"][0] == {
        "code_a": "Hope", "code_b": "Hope > Future", "count": 1, "similarity": 1.0,
    }  # fmt: skip
    theme = client.get(_api(study, "cooccurrence"), params={"theme": "Hope"}).json()
    assert theme["codes"] == ["Hope > Future", "Hope > Past"]
    assert theme["similarity"][0][0] == 1.0


def test_cooccurrence_chart_and_pairs_download(
    client: TestClient, study: qualframe.Project
) -> None:
    chart = client.get(_api(study, "cooccurrence/chart.svg"), params={"value": "similarity"})
    assert chart.headers["content-type"] == "image/svg+xml"
    assert "similarity" in chart.text
    pairs = client.get(_api(study, "cooccurrence/export"), params={"level": "participant"})
    lines = pairs.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "code_a,code_b,count,similarity"
    assert len(lines) == 1 + 6  # every pair of 4 codes


def test_cooccurrence_refuses_a_theme_and_codes_together(
    client: TestClient, study: qualframe.Project
) -> None:
    answer = client.get(_api(study, "cooccurrence"), params={"theme": "Hope", "code": "Trust"})
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == "Choose either a theme or codes, not both."


def test_a_bad_filter_is_refused(client: TestClient, study: qualframe.Project) -> None:
    answer = client.get(_api(study, "cooccurrence"), params={"where": "employer"})
    assert answer.status_code == 422
    assert "write it as ATTRIBUTE=VALUE" in answer.json()["error"]["message"]


def test_saturation_answers_steps_and_summary(client: TestClient, study: qualframe.Project) -> None:
    body = client.get(_api(study, "saturation")).json()
    assert body["documents"][:3] == ["interview-2", "interview-3", "interview-1"]
    assert body["unplaced"] == ["notes"]
    assert body["not_coded"] == ["interview-4", "interview-5"]
    assert body["steps"][2]["new_codes"] == ["Hope", "Hope > Future"]
    assert body["summary"] == [
        {
            "group": None,
            "steps": 4,
            "codes": 4,
            "last_new_step": 3,
            "steps_since_new": 1,
            "not_done": 4,
            "not_done_since_new": 1,
        }
    ]
    grouped = client.get(_api(study, "saturation"), params={"by": "stakeholder group"}).json()
    assert [s["group"] for s in grouped["summary"]] == ["peer worker", "service user", "(no value)"]


def test_saturation_chart_and_steps_download(client: TestClient, study: qualframe.Project) -> None:
    chart = client.get(_api(study, "saturation/chart.svg"), params={"order": "imported"})
    assert chart.headers["content-type"] == "image/svg+xml"
    steps = client.get(_api(study, "saturation/export"))
    assert steps.content.decode("utf-8-sig").splitlines()[0].startswith("step,document,codings")


def test_a_bad_saturation_order_is_refused(client: TestClient, study: qualframe.Project) -> None:
    answer = client.get(_api(study, "saturation"), params={"order": "employer"})
    assert answer.status_code == 422
    assert "cannot order interviews" in answer.json()["error"]["message"]


def test_comparisons_of_an_unknown_project_are_404(client: TestClient) -> None:
    answer = client.get("/api/projects/99/compare/options")
    assert answer.status_code == 404
