"""Importing cases, participants, the interview schedule and answers from
spreadsheets: upload, preview (nothing written), confirm or cancel."""

from __future__ import annotations

import io
import re
from html import unescape
from urllib.parse import urlsplit

import openpyxl
from fastapi.testclient import TestClient

from web.sample_study import SampleStudy

PEOPLE = (
    "participant,case,stakeholder group,age,site type\n"
    "P01,Trust A,peer worker,34,inpatient\n"
    "P04,Trust A,service user,51,inpatient\n"
    "P05,Clinic C,peer worker,29,community\n"
)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _upload(client: TestClient, pid: int, name: str, data: bytes, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/projects/{pid}/study/import",
        data={"kind": "participants", **fields},
        files={"file": (name, data, "text/csv")},
        headers={"Referer": f"http://localhost/projects/{pid}/study"},
    )


def _state(sample: SampleStudy) -> tuple[object, ...]:
    study = sample.project.study
    return (
        study.cases(),
        study.participants(),
        study.attributes(),
        len(sample.project.audit_log()),
    )


def test_a_participants_file_is_previewed_before_anything_is_imported(
    client: TestClient, sample: SampleStudy
) -> None:
    before = _state(sample)
    preview = _upload(client, sample.project_id, "people.csv", PEOPLE.encode(), create_cases="1")
    assert preview.status_code == 200
    assert re.fullmatch(r"/projects/\d+/study/import/[0-9a-f]{32}", preview.url.path)
    text = _text(preview.text)
    assert "Import people.csv: preview" in text
    assert "This would import 2 cases and 3 participants from people.csv" in text
    assert "New cases Clinic C" in text
    assert "P04 Trust A 3" in text  # new participant, case, line
    assert "age (type worked out)" in text
    assert 'data-testid="confirm-import"' in preview.text
    assert _state(sample) == before


def test_confirming_imports_the_previewed_file_with_its_choices(
    client: TestClient, sample: SampleStudy
) -> None:
    preview = _upload(client, sample.project_id, "people.csv", PEOPLE.encode(), create_cases="1")
    done = client.post(preview.url.path, data={"kind": "participants", "create_cases": "1"})
    assert "Imported 2 cases and 3 participants from people.csv" in unescape(done.text)
    study = sample.project.study
    assert [p.identifier for p in study.participants()] == ["P01", "P02", "P03", "P04", "P05"]
    age = next(a for a in study.attributes() if a.name == "age")
    assert (age.type, age.level) == ("number", "participant")
    site = next(a for a in study.attributes() if a.name == "site type")
    assert site.level == "case"  # the same on every row of a case


def test_the_type_and_level_of_a_new_column_can_be_changed(
    client: TestClient, sample: SampleStudy
) -> None:
    preview = _upload(client, sample.project_id, "people.csv", PEOPLE.encode(), create_cases="1")
    path = preview.url.path
    changed = client.get(
        path,
        params={
            "kind": "participants",
            "create_cases": "1",
            "type:age": "text",
            "level:site type": "participant",
        },
    )
    assert "<option selected>text</option>" in changed.text
    assert 'value="participant" selected' in changed.text
    done = client.post(
        path,
        data={
            "kind": "participants",
            "create_cases": "1",
            "type:age": "text",
            "level:site type": "participant",
        },
    )
    assert done.status_code == 200
    attributes = {a.name: a for a in sample.project.study.attributes()}
    assert attributes["age"].type == "text"
    assert attributes["site type"].level == "participant"


def test_a_file_with_problems_lists_them_and_offers_no_import(
    client: TestClient, sample: SampleStudy
) -> None:
    before = _state(sample)
    bad = "participant,case,stakeholder group\nP01,Trust A,nurse\nP01,Trust A,peer worker\n"
    preview = _upload(client, sample.project_id, "bad.csv", bad.encode())
    assert preview.status_code == 200  # a page showing the problems
    text = _text(preview.text)
    assert "2 problems in bad.csv: nothing can be imported" in text
    assert "bad.csv, line 2, column “stakeholder group”:" in text
    assert "bad.csv, line 3, column “participant”: the participant 'P01' appears twice" in text
    assert 'data-testid="confirm-import"' not in preview.text
    assert _state(sample) == before


def test_an_unknown_case_is_a_problem_unless_cases_may_be_added(
    client: TestClient, sample: SampleStudy
) -> None:
    preview = _upload(client, sample.project_id, "people.csv", PEOPLE.encode())
    assert "the case 'Clinic C' does not exist" in unescape(preview.text)
    assert 'data-testid="confirm-import"' not in preview.text


def test_a_file_without_its_id_column_is_named_with_the_problem(
    client: TestClient, sample: SampleStudy
) -> None:
    before = _state(sample)
    preview = _upload(
        client, sample.project_id, "sites.csv", b"site,employer\nA,NHS\n", kind="cases"
    )
    assert preview.status_code == 200  # a page showing the problems
    text = _text(preview.text)
    assert "This file cannot be imported as a file of cases." in text
    assert "sites.csv: a file of cases needs a column 'case'" in text
    assert 'data-testid="confirm-import"' not in preview.text
    assert _state(sample) == before


def test_an_empty_or_missing_file_is_refused_on_the_study_page(
    client: TestClient, sample: SampleStudy
) -> None:
    empty = _upload(client, sample.project_id, "people.csv", b"")
    assert empty.url.path == f"/projects/{sample.project_id}/study"
    assert "people.csv: the file is empty" in unescape(empty.text)
    missing = client.post(
        f"/projects/{sample.project_id}/study/import",
        data={"kind": "participants"},
        headers={"Referer": f"http://localhost/projects/{sample.project_id}/study"},
    )
    assert "Choose a CSV or Excel file to upload." in missing.text


def test_a_cases_workbook_is_imported(client: TestClient, sample: SampleStudy) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sites"
    sheet.append(["case", "employer", "opened"])
    sheet.append(["Charity B", "voluntary sector", "2019-04-01"])
    sheet.append(["Trust Z", "NHS", "2020-01-15"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = _upload(
        client, sample.project_id, "sites.xlsx", buffer.getvalue(), kind="cases", sheet="Sites"
    )
    assert "This would import 2 cases from sites.xlsx" in _text(preview.text)
    done = client.post(preview.url.path, data={"kind": "cases", "sheet": "Sites"})
    assert "Imported 2 cases from sites.xlsx" in unescape(done.text)
    assert [c.name for c in sample.project.study.cases()] == ["Charity B", "Trust A", "Trust Z"]


def test_cancelling_forgets_the_upload(client: TestClient, sample: SampleStudy) -> None:
    preview = _upload(client, sample.project_id, "people.csv", PEOPLE.encode(), create_cases="1")
    cancelled = client.post(preview.url.path + "/cancel", data={"next": "//elsewhere.example/"})
    assert urlsplit(str(cancelled.url)).path == f"/projects/{sample.project_id}/study"
    assert "Nothing was imported." in cancelled.text
    gone = client.get(preview.url.path)
    assert gone.status_code == 404
    assert "That upload has expired; please choose the file again." in gone.text
    assert len(sample.project.study.participants()) == 3


def test_an_import_that_no_longer_fits_changes_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    preview = _upload(client, sample.project_id, "people.csv", PEOPLE.encode(), create_cases="1")
    sample.project.study.delete_attribute("stakeholder group")
    sample.project.study.define_attribute("stakeholder group", "participant", "number")
    before = _state(sample)
    answer = client.post(
        preview.url.path,
        data={"kind": "participants", "create_cases": "1"},
        headers={"Referer": f"http://localhost{preview.url.path}"},
    )
    assert "Nothing was changed." in answer.text
    assert "nothing was imported" in unescape(answer.text)
    assert _state(sample) == before


# ---------------------------------------------------------------- schedule and answers


def test_the_schedule_page_lists_questions_and_answers(
    client: TestClient, sample: SampleStudy
) -> None:
    text = _text(client.get(f"/projects/{sample.project_id}/study/schedule").text)
    assert "1 Q1 Has peer support helped you? structured categorical: yes, no 2" in text
    assert "P01 Trust A yes" in text and "P03 Charity B —" in text


def _schedule_upload(client: TestClient, pid: int, what: str, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        f"/projects/{pid}/study/schedule/import",
        data={"what": what},
        files={"file": (name, data, "text/csv")},
        headers={"Referer": f"http://localhost/projects/{pid}/study/schedule"},
    )


def test_a_schedule_is_previewed_then_imported(client: TestClient, sample: SampleStudy) -> None:
    schedule = b"identifier,question,levels\nQ1,Has peer support helped you?,yes;no\nQ2,Why?,\n"
    preview = _schedule_upload(client, sample.project_id, "schedule", "schedule.csv", schedule)
    text = _text(preview.text)
    assert "Would import 2 questions from schedule.csv" in text
    assert "New questions: Q2" in text
    assert len(sample.project.study.questions()) == 1
    done = client.post(preview.url.path, data={"what": "schedule"})
    assert "Imported 2 questions from schedule.csv" in unescape(done.text)
    assert [q.identifier for q in sample.project.study.questions()] == ["Q1", "Q2"]


def test_answers_with_a_bad_value_show_the_line_and_import_nothing(
    client: TestClient, sample: SampleStudy
) -> None:
    before = sample.project.study.answers_frame().to_dict()
    answers = b"participant,Q1\nP02,yes\nP03,maybe\n"
    preview = _schedule_upload(client, sample.project_id, "answers", "answers.csv", answers)
    assert preview.status_code == 200  # a page showing the problems
    text = _text(preview.text)
    assert "This file cannot be imported as structured answers." in text
    assert "line 3" in text and "maybe" in text
    assert 'data-testid="confirm-import"' not in preview.text
    assert sample.project.study.answers_frame().to_dict() == before


def test_answers_are_previewed_then_imported(client: TestClient, sample: SampleStudy) -> None:
    preview = _schedule_upload(
        client, sample.project_id, "answers", "answers.csv", b"participant,Q1\nP03,yes\n"
    )
    assert "Answers set or changed: 1" in _text(preview.text)
    done = client.post(preview.url.path, data={"what": "answers"})
    assert "Imported answers of 1 participant to 1 question from answers.csv" in done.text
    frame = sample.project.study.answers_frame().set_index("participant")
    assert frame.loc["P03", "Q1"] == "yes"
