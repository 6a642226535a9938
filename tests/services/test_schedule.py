"""The interview schedule and structured answers (services.study: schedule, answers)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import qualframe
from qualframe.errors import ConflictError, InputFileError, NotFoundError, ValidationError
from qualframe.vocabulary import QuestionKind, ScaleType

AGREEMENT = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]


def _identifiers(project: qualframe.Project) -> list[str]:
    return [q.identifier for q in project.study.questions()]


@pytest.fixture
def schedule(project: qualframe.Project) -> qualframe.Project:
    s = project.study
    s.add_question("Q1", "What is your role?", levels=["peer worker", "staff"])
    s.add_question(
        "Q2",
        "My role is valued by the team.",
        scale="ordinal",
        levels=AGREEMENT,
        heading="Being valued",
    )
    s.add_question("Q3", "Tell me about a typical day.", heading="A typical day")
    s.add_case("Trust A")
    for identifier in ("P1", "P2", "P10"):
        s.add_participant(identifier, "Trust A")
    return project


# ---------------------------------------------------------------- questions


def test_questions_are_listed_in_order_with_their_scales(schedule: qualframe.Project) -> None:
    q1, q2, q3 = schedule.study.questions()
    assert (q1.kind, q1.scale, q1.position) == (QuestionKind.STRUCTURED, ScaleType.CATEGORICAL, 1)
    assert (q2.scale, q2.levels[0], q2.heading) == (
        ScaleType.ORDINAL,
        "Strongly disagree",
        "Being valued",
    )
    assert (q3.kind, q3.scale, q3.levels) == (QuestionKind.OPEN, None, ())


def test_moving_and_inserting_questions_keeps_positions_contiguous(
    schedule: qualframe.Project,
) -> None:
    schedule.study.move_question("q3", 1)
    assert _identifiers(schedule) == ["Q3", "Q1", "Q2"]
    schedule.study.add_question("Q0", "Consent given?", levels=["yes", "no"], position=2)
    assert _identifiers(schedule) == ["Q3", "Q0", "Q1", "Q2"]
    assert [q.position for q in schedule.study.questions()] == [1, 2, 3, 4]
    schedule.study.delete_question("Q0")
    assert _identifiers(schedule) == ["Q3", "Q1", "Q2"]
    assert [q.position for q in schedule.study.questions()] == [1, 2, 3]
    summaries = set(schedule.audit_log()["summary"])
    assert "Moved question 'Q3' from position 3 to 1" in summaries
    assert "Deleted question 'Q0' and its 0 answers" in summaries


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "structured"}, "needs its response levels"),
        ({"kind": "open", "levels": ["a"]}, "cannot have a response scale"),
        ({"levels": ["a", "A"]}, "lists the level 'A' twice"),
        ({"kind": "survey"}, "'survey' is not a question kind"),
        ({"position": 9}, "Position 9 is outside the schedule"),
    ],
)
def test_bad_questions_are_refused(schedule: qualframe.Project, kwargs, message) -> None:
    before = len(schedule.audit_log())
    with pytest.raises(ValidationError, match=message):
        schedule.study.add_question("Q4", "Anything else?", **kwargs)
    assert _identifiers(schedule) == ["Q1", "Q2", "Q3"]
    assert len(schedule.audit_log()) == before


def test_question_identifiers_are_unique(schedule: qualframe.Project) -> None:
    with pytest.raises(ConflictError, match="question 'Q1' already"):
        schedule.study.add_question("q1", "Again?")


def test_editing_a_question_keeps_its_answers_valid(schedule: qualframe.Project) -> None:
    schedule.study.set_answer("P1", "Q1", "Peer Worker")
    with pytest.raises(ValidationError, match="has answers 'peer worker'"):
        schedule.study.edit_question("Q1", levels=["staff", "manager"])
    edited = schedule.study.edit_question("Q1", levels=["Peer worker", "staff", "manager"])
    assert edited.levels == ("Peer worker", "staff", "manager")
    assert schedule.study.answers_frame()["Q1"].tolist()[0] == "Peer worker"
    with pytest.raises(ValidationError, match="cannot become open"):
        schedule.study.edit_question("Q1", kind="open")


def test_importing_a_schedule_from_csv(project: qualframe.Project, tmp_path: Path) -> None:
    path = tmp_path / "schedule.csv"
    path.write_text(
        "Identifier,Question,Kind,Scale,Levels,Heading\n"
        "Q1,What is your role?,structured,categorical,peer worker;staff,\n"
        "Q2,My role is valued.,,ordinal,Disagree|Neutral|Agree,Being valued\n"
        "Q3,Tell me about a typical day.,open,,,A typical day\n",
        encoding="utf-8",
    )
    result = project.study.preview_import_schedule(path)
    assert (
        result.summary()
        == "Would import 3 questions from schedule.csv (3 new, 0 changed, 0 unchanged)"
    )
    assert project.study.questions() == []
    result = project.study.import_schedule(path)
    assert result.created == ("Q1", "Q2", "Q3")
    q2 = project.study.questions()[1]
    assert (q2.kind, q2.scale, q2.levels, q2.heading) == (
        QuestionKind.STRUCTURED,
        ScaleType.ORDINAL,
        ("Disagree", "Neutral", "Agree"),
        "Being valued",
    )
    again = project.study.import_schedule(path)
    assert (again.created, again.updated, again.unchanged) == ((), (), 3)


def test_a_bad_schedule_file_reports_every_line_and_writes_nothing(
    project: qualframe.Project, tmp_path: Path
) -> None:
    path = tmp_path / "schedule.csv"
    path.write_text(
        "identifier,question,kind,levels\nQ1,Role?,structured,\nQ2,,open,\nQ1,Again?,open,\n",
        encoding="utf-8",
    )
    before = len(project.audit_log())
    with pytest.raises(InputFileError) as error:
        project.study.import_schedule(path)
    message = str(error.value)
    assert "3 problems; nothing was imported" in message
    assert "line 2: The structured question 'Q1' needs its response levels" in message
    assert "line 3: The question 'Q2' needs its text." in message
    assert "line 4: the question 'Q1' appears twice, on lines 2 and 4" in message
    assert project.study.questions() == []
    assert len(project.audit_log()) == before


def test_a_schedule_file_needs_identifier_and_question_columns(
    project: qualframe.Project, tmp_path: Path
) -> None:
    path = tmp_path / "schedule.csv"
    path.write_text("text\nRole?\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="needs the column 'identifier'"):
        project.study.import_schedule(path)


# ---------------------------------------------------------------- answers


def test_set_answer_distinguishes_no_answer_from_not_asked(schedule: qualframe.Project) -> None:
    s = schedule.study
    assert s.set_answer("P1", "Q2", "agree").value == "Agree"
    assert s.set_answer("P2", "Q2", None).asked
    assert not s.set_answer("P10", "Q2", None, asked=False).asked
    answers = s.answers_frame()
    assert answers.columns.tolist() == ["participant", "case", "Q1", "Q2"]
    assert answers["Q2"].cat.ordered
    assert answers["Q2"].tolist()[0] == "Agree"
    assert answers["Q2"].isna().tolist() == [False, True, True]
    asked = s.asked_frame()
    assert asked["Q2"].tolist() == [True, True, False]
    assert asked["Q1"].isna().all()
    assert schedule.audit_log()["summary"].iloc[-1] == "Set the answer of 'P10' to 'Q2': not asked"


def test_set_answer_refuses_open_questions_and_unknown_levels(
    schedule: qualframe.Project,
) -> None:
    with pytest.raises(ValidationError, match="'maybe' is not an answer to question 'Q2'"):
        schedule.study.set_answer("P1", "Q2", "maybe")
    with pytest.raises(ValidationError, match="'Q3' is open"):
        schedule.study.set_answer("P1", "Q3", "x")
    with pytest.raises(NotFoundError, match="No question 'Q9'"):
        schedule.study.set_answer("P1", "Q9", "x")
    assert schedule.study.answers_frame()["Q2"].isna().all()


def test_an_open_question_can_be_recorded_as_not_asked(schedule: qualframe.Project) -> None:
    record = schedule.study.set_answer("P1", "Q3", None, asked=False)
    assert (record.value, record.asked) == (None, False)
    assert schedule.audit_log()["summary"].iloc[-1] == "Set the answer of 'P1' to 'Q3': not asked"
    assert schedule.study.set_answer("P1", "Q3", "not asked").asked is False


def _answers_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_importing_answers_from_xlsx(schedule: qualframe.Project, tmp_path: Path) -> None:
    path = _answers_xlsx(
        tmp_path / "answers.xlsx",
        [
            ["participant", "case", "Q1", "My role is valued by the team."],
            ["P1", "Trust A", "PEER WORKER", "strongly agree"],
            ["P2", "Trust A", "staff", None],
            ["P10", "Trust A", "staff", "N/A - not asked"],
        ],
    )
    preview = schedule.study.preview_import_answers(path)
    assert preview.changed == 6
    assert schedule.study.asked_frame()["Q1"].isna().all()
    result = schedule.study.import_answers(path)
    assert result.summary() == (
        "Imported answers of 3 participants to 2 questions from answers.xlsx "
        "(6 set or changed, 0 unchanged, 1 not asked)"
    )
    frame = schedule.study.answers_frame()
    assert frame["Q1"].tolist() == ["peer worker", "staff", "staff"]
    assert frame["Q2"].tolist()[0] == "Strongly agree"
    assert schedule.study.asked_frame()["Q2"].tolist() == [True, True, False]
    assert schedule.audit_log()["summary"].iloc[-1] == result.summary()
    assert schedule.study.import_answers(path).unchanged == 6


def test_bad_answers_files_name_lines_and_columns_and_write_nothing(
    schedule: qualframe.Project, tmp_path: Path
) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "participant,Q1,Q3,Q9\nP1,staff,,\nP7,staff,,\nP2,sometimes,,\nP1,staff,,\n",
        encoding="utf-8",
    )
    before = len(schedule.audit_log())
    with pytest.raises(InputFileError) as error:
        schedule.study.import_answers(path)
    message = str(error.value)
    assert message.startswith(f"{path}: 5 problems; nothing was imported:")
    assert "column 'Q3': 'Q3' is an open question" in message
    assert (
        "column 'Q9': not a question of the interview schedule (questions: Q1, Q2, Q3)" in message
    )
    assert "line 3, column 'participant': no participant 'P7' in this project" in message
    assert "line 4, column 'Q1': 'sometimes' is not an answer to question 'Q1'" in message
    assert "line 5, column 'participant': the participant 'P1' appears on lines 2 and 5" in message
    assert schedule.study.asked_frame()["Q1"].isna().all()
    assert len(schedule.audit_log()) == before


def test_answers_frame_is_empty_but_shaped_without_answers(schedule: qualframe.Project) -> None:
    frame = schedule.study.answers_frame()
    assert len(frame) == 3
    assert isinstance(frame["Q1"].dtype, pd.CategoricalDtype)
