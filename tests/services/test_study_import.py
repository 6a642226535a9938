"""Importing cases and participants from CSV and XLSX (services.study.spreadsheet_import)."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import qualframe
from qualframe.errors import InputFileError
from qualframe.vocabulary import AttributeLevel, AttributeType

# The ten contrasting cases of the peer-worker study (names made up for the test):
# NHS trusts and voluntary-sector providers, two inpatient, two community, two BME.
PEER_WORKER_CASES = """case,employer,organisational context,service setting
Trust inpatient A,NHS,NHS only,inpatient
Trust inpatient B,NHS,partnership,inpatient
Trust community A,NHS,NHS only,community
Voluntary community B,voluntary sector,voluntary only,community
Voluntary BME A,voluntary sector,voluntary only,BME service
Trust BME B,NHS,partnership,BME service
Trust crisis,NHS,NHS only,crisis
Voluntary recovery,voluntary sector,partnership,recovery
Trust early intervention,NHS,NHS only,early intervention
Voluntary housing,voluntary sector,voluntary only,housing
"""

PARTICIPANT_ROWS = [
    ("P01", "Trust inpatient A", "peer worker", 34, datetime.datetime(2012, 5, 3), "yes"),
    ("P02", "Trust inpatient A", "line manager", 51, datetime.datetime(2012, 5, 3), "no"),
    ("P03", "Trust inpatient B", "service user", 28, datetime.datetime(2012, 6, 11), "yes"),
    ("P04", "Voluntary BME A", "peer worker", 45, datetime.datetime(2012, 7, 2), "yes"),
    ("P05", "Voluntary BME A", "commissioner", 39, datetime.datetime(2012, 7, 20), "no"),
    ("P06", "Trust crisis", "non-peer staff", 30, datetime.datetime(2012, 9, 1), "yes"),
]


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(path: Path, header: list[str], rows: list[tuple[object, ...]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.fixture
def cases_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "cases.csv", PEER_WORKER_CASES)


@pytest.fixture
def participants_xlsx(tmp_path: Path) -> Path:
    header = ["Participant", "Case", "stakeholder group", "age", "interview date", "consent"]
    return write_xlsx(tmp_path / "participants.xlsx", header, PARTICIPANT_ROWS)


def snapshot(project: qualframe.Project) -> tuple[int, int, int, int]:
    """Counts that must not change when an import fails."""
    s = project.study
    return (len(s.attributes()), len(s.cases()), len(s.participants()), len(project.audit_log()))


# ---------------------------------------------------------------- cases


def test_previewing_a_cases_file_infers_attributes_and_writes_nothing(
    project: qualframe.Project, cases_csv: Path
) -> None:
    before = snapshot(project)
    plan = project.study.preview_import(cases_csv, "cases")
    assert plan.ok
    assert plan.cases == 10
    assert len(plan.new_cases) == 10
    attributes = {a.name: a for a in plan.new_attributes}
    assert attributes["employer"].type is AttributeType.CATEGORICAL
    assert attributes["employer"].levels == ("NHS", "voluntary sector")
    assert attributes["employer"].level is AttributeLevel.CASE
    assert attributes["organisational context"].levels == (
        "NHS only",
        "partnership",
        "voluntary only",
    )
    assert len(plan.changes) == 30
    assert snapshot(project) == before


def test_applying_a_cases_file_creates_cases_attributes_and_values(
    project: qualframe.Project, cases_csv: Path
) -> None:
    plan = project.study.preview_import(cases_csv, "cases")
    done = project.study.apply_import(plan)
    assert done.summary() == (
        "Imported 10 cases from cases.csv "
        "(3 new attributes, 10 new cases, 30 values set or changed)"
    )
    frame = project.study.cases_frame()
    assert len(frame) == 10
    inpatient = frame[frame["service setting"] == "inpatient"]["case"].tolist()
    assert inpatient == ["Trust inpatient A", "Trust inpatient B"]
    log = project.audit_log()
    assert log["summary"].iloc[-1] == done.summary()
    assert log["action"].tolist().count("attribute.define") == 3


def test_reimporting_shows_old_and_new_values(
    project: qualframe.Project, cases_csv: Path, tmp_path: Path
) -> None:
    project.study.apply_import(cases_csv, "cases")
    changed = PEER_WORKER_CASES.replace(
        "Trust crisis,NHS,NHS only,crisis", "trust CRISIS,nhs,partnership,"
    )
    plan = project.study.preview_import(write_csv(tmp_path / "v2.csv", changed), "cases")
    assert plan.new_cases == ()
    assert plan.new_attributes == ()
    assert [(c.target, c.attribute, c.old, c.new) for c in plan.changes] == [
        ("Trust crisis", "organisational context", "NHS only", "partnership")
    ]
    # 30 cells, one changed and one left empty (empty cells never erase).
    assert plan.unchanged == 28


# ---------------------------------------------------------------- participants


def test_importing_participants_from_xlsx_types_their_attributes(
    project: qualframe.Project, cases_csv: Path, participants_xlsx: Path
) -> None:
    project.study.apply_import(cases_csv, "cases")
    plan = project.study.preview_import(participants_xlsx)
    kinds = {a.name: (a.level, a.type) for a in plan.new_attributes}
    assert kinds == {
        "stakeholder group": (AttributeLevel.PARTICIPANT, AttributeType.TEXT),
        "age": (AttributeLevel.PARTICIPANT, AttributeType.NUMBER),
        "interview date": (AttributeLevel.PARTICIPANT, AttributeType.DATE),
        "consent": (AttributeLevel.PARTICIPANT, AttributeType.BOOLEAN),
    }
    done = project.study.apply_import(participants_xlsx, types={"Stakeholder Group": "categorical"})
    assert done.summary().startswith("Imported 4 cases and 6 participants from participants.xlsx")
    frame = project.study.participants_frame()
    assert frame["participant"].tolist() == ["P01", "P02", "P03", "P04", "P05", "P06"]
    assert isinstance(frame["stakeholder group"].dtype, pd.CategoricalDtype)
    assert frame["age"].tolist()[:2] == [34.0, 51.0]
    assert frame["interview date"].iloc[2] == pd.Timestamp("2012-06-11")
    assert frame["consent"].tolist()[:2] == [True, False]
    # Inherited from the case file:
    assert frame["employer"].tolist()[3] == "voluntary sector"


def test_a_column_constant_within_each_case_becomes_a_case_attribute(
    project: qualframe.Project, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "people.csv",
        "participant,case,region,role\n"
        "P1,North,urban,peer worker\nP2,North,urban,manager\nP3,South,rural,peer worker\n",
    )
    plan = project.study.preview_import(path, create_cases=True)
    levels = {a.name: a.level for a in plan.new_attributes}
    assert levels == {"region": AttributeLevel.CASE, "role": AttributeLevel.PARTICIPANT}
    project.study.apply_import(plan)
    assert project.study.cases_frame()["region"].tolist() == ["urban", "rural"]


def test_an_unknown_case_is_an_error_unless_cases_may_be_created(
    project: qualframe.Project, cases_csv: Path, tmp_path: Path
) -> None:
    project.study.apply_import(cases_csv, "cases")
    path = write_csv(tmp_path / "people.csv", "participant,case\nP1,Trust crisis\nP2,Trust Z\n")
    before = snapshot(project)
    with pytest.raises(InputFileError) as error:
        project.study.apply_import(path)
    message = str(error.value)
    assert "people.csv" in message
    assert "line 3, column 'case': the case 'Trust Z' does not exist" in message
    assert snapshot(project) == before
    done = project.study.apply_import(path, create_cases=True)
    assert done.new_cases == ("Trust Z",)
    assert len(project.study.participants()) == 2


def test_all_problems_are_reported_at_once_and_nothing_is_written(
    project: qualframe.Project, cases_csv: Path, tmp_path: Path
) -> None:
    project.study.apply_import(cases_csv, "cases")
    project.study.define_attribute("age", "participant", "number")
    path = write_csv(
        tmp_path / "people.csv",
        "participant,case,age,employer\n"
        "P1,Trust crisis,abc,NHS\n"
        "P2,Trust crisis,40,private\n"
        "P1,Trust crisis,41,NHS\n"
        ",Trust crisis,41,\n",
    )
    before = snapshot(project)
    plan = project.study.preview_import(path)
    assert not plan.ok
    with pytest.raises(InputFileError) as error:
        project.study.apply_import(plan)
    message = str(error.value)
    assert message.startswith(f"{path}: 4 problems; nothing was imported:")
    assert "line 2, column 'age': 'abc' is not a number" in message
    assert "line 3, column 'employer': 'private' is not an allowed value" in message
    assert "(allowed: NHS, voluntary sector)" in message
    assert "line 4, column 'participant': the participant 'P1' appears twice, on lines 2 and 4" in (
        message
    )
    assert "line 5, column 'participant': the participant is missing" in message
    assert snapshot(project) == before


def test_rows_of_one_case_must_agree_on_case_attributes(
    project: qualframe.Project, cases_csv: Path, tmp_path: Path
) -> None:
    project.study.apply_import(cases_csv, "cases")
    path = write_csv(
        tmp_path / "people.csv",
        "participant,case,employer\nP1,Trust crisis,NHS\nP2,Trust crisis,voluntary sector\n",
    )
    plan = project.study.preview_import(path)
    assert [str(p) for p in plan.problems] == [
        "line 3, column 'employer': the case 'Trust crisis' gets 'NHS' on line 2 but "
        "'voluntary sector' here; 'employer' describes the whole case, so its rows must agree"
    ]


def test_a_file_without_its_id_column_is_refused(
    project: qualframe.Project, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "people.csv", "name,case\nP1,A\n")
    before = snapshot(project)
    with pytest.raises(InputFileError, match="needs a column 'participant'"):
        project.study.preview_import(path)
    assert snapshot(project) == before


def test_update_only_refuses_unknown_participants(
    project: qualframe.Project, tmp_path: Path
) -> None:
    project.study.add_case("A")
    project.study.add_participant("P1", "A")
    project.study.define_attribute("age", "participant", "number")
    path = write_csv(tmp_path / "ages.csv", "participant,age\nP1,30\nP9,40\n")
    before = snapshot(project)
    with pytest.raises(InputFileError, match="line 3: the participant 'P9' does not exist"):
        project.study.apply_import(path, update_only=True)
    assert snapshot(project) == before
    with pytest.raises(InputFileError, match="line 3: the new participant 'P9' needs a case"):
        project.study.apply_import(path)


def test_participants_can_move_case_through_an_import(
    project: qualframe.Project, tmp_path: Path
) -> None:
    for name in ("A", "B"):
        project.study.add_case(name)
    project.study.add_participant("P1", "A", description="first")
    path = write_csv(tmp_path / "move.csv", "participant,case,description\np1,b,Peer worker\n")
    plan = project.study.preview_import(path)
    assert [(m.identifier, m.old_case, m.new_case) for m in plan.moved_participants] == [
        ("P1", "A", "B")
    ]
    assert [(c.attribute, c.old, c.new) for c in plan.changes] == [
        ("description", "first", "Peer worker")
    ]
    project.study.apply_import(plan)
    person = project.study.participants()[0]
    assert (person.case, person.description) == ("B", "Peer worker")


def test_type_overrides_must_name_new_columns(project: qualframe.Project, tmp_path: Path) -> None:
    project.study.add_case("A")
    path = write_csv(tmp_path / "p.csv", "participant,case,band\nP1,A,3\nP2,A,1\nP3,A,2\n")
    plan = project.study.preview_import(path, types={"band": "ordinal", "colour": "text"})
    assert [str(p) for p in plan.problems] == [
        "column 'colour': the file has no column 'colour' to set the type of"
    ]
    plan = project.study.preview_import(path, types={"band": AttributeType.ORDINAL})
    assert plan.new_attributes[0].levels == ("1", "2", "3")
    project.study.apply_import(plan)
    assert project.study.participants_frame()["band"].cat.ordered


def test_participant_attributes_cannot_come_from_a_cases_file(
    project: qualframe.Project, tmp_path: Path
) -> None:
    project.study.define_attribute("age", "participant", "number")
    path = write_csv(tmp_path / "c.csv", "case,age\nA,3\n")
    plan = project.study.preview_import(path, "cases")
    assert [str(p) for p in plan.problems] == [
        "column 'age': 'age' is a participant attribute; it cannot be set from a file of cases"
    ]


def test_a_typo_in_a_number_column_is_reported_not_turned_into_text(
    project: qualframe.Project, tmp_path: Path
) -> None:
    project.study.add_case("A")
    path = write_csv(
        tmp_path / "p.csv", "participant,case,age\nP1,A,30\nP2,A,abc\nP3,A,41\nP4,A,52\n"
    )
    plan = project.study.preview_import(path)
    assert plan.new_attributes[0].type is AttributeType.NUMBER
    assert [str(p) for p in plan.problems] == [
        "line 3, column 'age': 'abc' is not a number, as the attribute 'age' needs; write a "
        "number such as 3 or 2.5. (the new attribute's type was inferred as number; to keep "
        "such values import the column as text: --type 'age=text')"
    ]
    assert project.study.preview_import(path, types={"age": "text"}).ok


def test_columns_match_existing_attributes_ignoring_letter_case(
    project: qualframe.Project, tmp_path: Path
) -> None:
    project.study.define_attribute(
        "Stakeholder group", "participant", "categorical", ["peer worker"]
    )
    project.study.add_case("A")
    path = write_csv(tmp_path / "p.csv", "PARTICIPANT,Case,STAKEHOLDER GROUP\nP1,a,Peer Worker\n")
    plan = project.study.preview_import(path)
    assert plan.new_attributes == ()
    assert [(c.target, c.attribute, c.new) for c in plan.changes] == [
        ("P1", "Stakeholder group", "peer worker")
    ]
    project.study.apply_import(plan)
    assert project.study.participants()[0].case == "A"


def test_new_columns_cannot_become_document_attributes(
    project: qualframe.Project, tmp_path: Path
) -> None:
    project.study.add_case("A")
    path = write_csv(tmp_path / "p.csv", "participant,case,mode\nP1,A,phone\n")
    plan = project.study.preview_import(path, attribute_levels={"mode": "document"})
    assert [str(p) for p in plan.problems] == [
        "column 'mode': a file of participants cannot define a document attribute"
    ]
