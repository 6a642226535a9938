"""The study-design commands: cases, participants, attributes, questions, answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app

CASES = """case,employer,organisational context,service setting
Trust A,NHS,NHS only,inpatient
Trust B,NHS,partnership,community
Voluntary C,voluntary sector,voluntary only,BME service
Voluntary D,voluntary sector,partnership,community
"""


@pytest.fixture
def run(database_url: str):
    runner = CliRunner()
    app = build_app()

    def invoke(*args: str, ok: bool = True):
        result = runner.invoke(app, ["--database", database_url, *args])
        if ok:
            assert result.exit_code == 0, result.output
        return result

    invoke("init", "Study")
    return invoke


@pytest.fixture
def cases_csv(tmp_path: Path) -> Path:
    path = tmp_path / "cases.csv"
    path.write_text(CASES, encoding="utf-8")
    return path


def _project(database_url: str) -> qualframe.Project:
    return qualframe.open_project("Study", database=database_url)


def test_dry_run_of_a_cases_import_prints_the_plan_and_writes_nothing(
    run, cases_csv: Path, database_url: str
) -> None:
    result = run("cases", "import", str(cases_csv), "--dry-run")
    assert "Dry run" in result.output
    assert "New attributes" in result.output
    assert "organisational context" in result.output
    assert "New cases (4)" in result.output
    assert "No problems" in result.output
    assert _project(database_url).study.cases() == []


def test_cases_import_then_list(run, cases_csv: Path) -> None:
    result = run("cases", "import", str(cases_csv))
    assert "Imported 4 cases from cases.csv (3 new attributes" in result.output
    listing = run("cases", "list").output
    assert "Voluntary C" in listing
    assert "BME service" in listing


def test_participants_import_with_types_and_unknown_case_errors(
    run, cases_csv: Path, tmp_path: Path, database_url: str
) -> None:
    run("cases", "import", str(cases_csv))
    people = tmp_path / "people.csv"
    people.write_text(
        "participant,case,stakeholder group,band\n"
        "P1,Trust A,peer worker,2\nP2,Trust A,line manager,3\nP3,Trust Z,peer worker,1\n",
        encoding="utf-8",
    )
    failed = run("participants", "import", str(people), ok=False)
    assert failed.exit_code == 1
    assert "line 4, column 'case': the case 'Trust Z' does not exist" in failed.output
    assert _project(database_url).study.participants() == []

    dry = run(
        "participants",
        "import",
        str(people),
        "--dry-run",
        "--create-cases",
        "--type",
        "band=ordinal",
    )
    assert "New participants (3)" in dry.output
    assert _project(database_url).study.participants() == []

    done = run("participants", "import", str(people), "--create-cases", "--type", "band=ordinal")
    assert "Imported 2 cases and 3 participants from people.csv" in done.output
    frame = _project(database_url).study.participants_frame()
    assert frame["band"].cat.ordered
    assert "Trust Z" in run("participants", "list").output


def test_dry_run_with_problems_exits_with_an_error(run, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("participant,case\nP1,A\nP1,A\n", encoding="utf-8")
    result = run("participants", "import", str(people), "--dry-run", "--create-cases", ok=False)
    assert result.exit_code == 1
    assert "appears twice, on lines 2 and 3" in result.output


def test_attributes_add_list_and_set(run, database_url: str) -> None:
    run(
        "attributes",
        "add",
        "employer",
        "--level",
        "case",
        "--type",
        "categorical",
        "--values",
        "NHS,voluntary sector",
    )
    run("cases", "add", "Trust A", "--set", "employer=nhs")
    run("participants", "add", "P1", "--case", "Trust A")
    listing = run("attributes", "list").output
    assert "employer" in listing and "categorical" in listing
    bad = run("attributes", "add", "Employer", "--level", "participant", "--type", "text", ok=False)
    assert "Error: The project has a case attribute called 'employer' already" in bad.output
    bad = run("attributes", "set", "case", "Trust A", "employer=private", ok=False)
    assert "'private' is not an allowed value" in bad.output
    project = _project(database_url)
    assert project.study.participants()[0].attributes == {"employer": "NHS"}


def test_questions_and_answers(run, tmp_path: Path, database_url: str) -> None:
    schedule = tmp_path / "schedule.csv"
    schedule.write_text(
        "identifier,question,kind,scale,levels,heading\n"
        "Q1,Is your role valued?,structured,ordinal,no|somewhat|yes,Being valued\n"
        "Q2,Tell me about your day.,open,,,A typical day\n",
        encoding="utf-8",
    )
    preview = run("questions", "import", str(schedule), "--dry-run").output
    assert "Would import 2 questions" in preview
    assert _project(database_url).study.questions() == []
    assert "Imported 2 questions" in run("questions", "import", str(schedule)).output
    run("questions", "add", "Q0", "Consent?", "--levels", "yes;no", "--position", "1")
    assert "Q0" in run("questions", "list").output
    run("cases", "add", "A")
    run("participants", "add", "P1", "--case", "A")
    run("participants", "add", "P2", "--case", "A")
    answers = tmp_path / "answers.csv"
    answers.write_text("participant,Q0,Q1\nP1,yes,Somewhat\nP2,no,not asked\n", encoding="utf-8")
    dry = run("answers", "import", str(answers), "--dry-run")
    assert "Would import answers of 2 participants to 2 questions" in dry.output
    assert _project(database_url).study.answers_frame()["Q1"].isna().all()
    run("answers", "import", str(answers))
    listing = run("answers", "list").output
    assert "somewhat" in listing and "not asked" in listing
    bad = tmp_path / "bad.csv"
    bad.write_text("participant,Q2\nP1,x\n", encoding="utf-8")
    failed = run("answers", "import", str(bad), ok=False)
    assert "column 'Q2': 'Q2' is an open question" in failed.output


def test_changes_may_state_the_version_they_are_based_on(run, database_url: str) -> None:
    run("cases", "add", "Trust A")
    run("participants", "add", "P01", "--case", "Trust A")
    run("attributes", "add", "age", "--level", "participant", "--type", "number")
    listing = run("participants", "list", "--versions").output
    assert "version" in listing
    run("attributes", "set", "participant", "P01", "age=34", "--if-version", "1")
    refused = run(
        "attributes", "set", "participant", "P01", "age=35", "--if-version", "1", ok=False
    )
    assert refused.exit_code == 1
    assert "The participant 'P01' was changed by someone else" in " ".join(refused.output.split())
    run("cases", "add", "Charity B")
    moved = run("participants", "move", "P01", "Charity B", "--if-version", "2").output
    assert "Moved P01 to Charity B" in moved
    assert (
        run("cases", "rename", "Trust A", "Trust Z", "--if-version", "3", ok=False).exit_code == 1
    )
    run("cases", "rename", "Trust A", "Trust Z", "--if-version", "1")
    person = _project(database_url).study.participants()[0]
    assert (person.case, person.attributes["age"], person.version) == ("Charity B", "34", 3)
