"""Study spreadsheets given as uploads (bytes and the user's file name)."""

from __future__ import annotations

import pytest

import qualframe
from qualframe import UploadedFile
from qualframe.errors import InputFileError
from services.builders import INTERVIEW, add_people


def test_a_participants_upload_is_previewed_and_imported_under_its_own_name(
    project: qualframe.Project,
) -> None:
    upload = UploadedFile("people.csv", b"participant,case,age\nP01,Site A,34\nP02,Site A,51\n")
    plan = project.study.preview_import(upload, create_cases=True)
    assert (plan.name, plan.ok, len(plan.new_participants)) == ("people.csv", True, 2)
    project.study.apply_import(upload, create_cases=True)
    assert [p.identifier for p in project.study.participants()] == ["P01", "P02"]
    assert "from people.csv" in project.audit_log()["summary"].iloc[-1]


def test_an_unreadable_upload_is_named_as_the_user_named_it(project: qualframe.Project) -> None:
    with pytest.raises(InputFileError, match=r"^cases\.csv: .*needs a column 'case'"):
        project.study.preview_import(UploadedFile("cases.csv", b"site\nA\n"), "cases")


def test_schedule_and_answers_uploads_are_previewed_then_imported(
    project: qualframe.Project,
) -> None:
    add_people(project, "P01")
    schedule = UploadedFile("schedule.csv", b"identifier,question,levels\nQ1,Helped?,yes;no\n")
    assert project.study.preview_import_schedule(schedule).created == ("Q1",)
    assert project.study.questions() == []
    project.study.import_schedule(schedule)
    answers = UploadedFile("answers.csv", b"participant,Q1\nP01,yes\n")
    assert project.study.preview_import_answers(answers).changed == 1
    assert project.study.import_answers(answers).source == "answers.csv"


def test_a_speaker_map_upload_names_its_bad_line(project: qualframe.Project) -> None:
    add_people(project, "P01")
    project.documents.import_bytes("interview.txt", INTERVIEW.encode())
    bad = UploadedFile("speakers.csv", b"label,participant\nP01,P01\nP02,P07\n")
    with pytest.raises(InputFileError, match=r"^speakers\.csv, line 3: "):
        project.documents.import_speaker_map(bad)
    assert project.documents.speaker_mappings().empty
    good = UploadedFile("speakers.csv", b"label,role\nInterviewer,interviewer\n")
    assert project.documents.import_speaker_map(good).mappings == 1
    assert "from speakers.csv" in project.audit_log()["summary"].iloc[-1]
