"""The study design pages: cases and participants tables, attributes, spreadsheet
import with preview, and the interview schedule."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from web.sample_study import SampleStudy


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _post(client: TestClient, page: str, action: str, **kwargs: object):  # type: ignore[no-untyped-def]
    """Post a form from ``page`` (so a refusal comes back there) and follow the redirect."""
    return client.post(action, headers={"Referer": f"http://localhost{page}"}, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def study(sample: SampleStudy) -> SampleStudy:
    """The sample study with an attribute of every other type."""
    sample.project.study.define_attribute("age", "participant", "number")
    sample.project.study.define_attribute("interviewed", "participant", "date")
    sample.project.study.define_attribute("consented", "participant", "boolean")
    sample.project.study.define_attribute("size", "case", "ordinal", ["small", "large"])
    return sample


def _case(study: SampleStudy, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in study.project.study.cases() if c.name == name)


def _person(study: SampleStudy, identifier: str):  # type: ignore[no-untyped-def]
    return next(p for p in study.project.study.participants() if p.identifier == identifier)


# ---------------------------------------------------------------- the tables


def test_each_value_is_edited_with_the_control_of_its_type(
    client: TestClient, study: SampleStudy
) -> None:
    page = client.get(f"/projects/{study.project_id}/study").text
    p01 = _person(study, "P01")
    row = page.split(f'id="participant-row-{p01.id}"')[1].split("</tr>")[0]
    assert '<select name="value:stakeholder group"' in row
    assert "<option selected>peer worker</option>" in row
    assert 'type="number" step="any" name="value:age"' in row
    assert 'type="date" name="value:interviewed"' in row
    assert '<option value="true">yes</option>' in row
    assert f'form="participant-{p01.id}"' in row
    assert 'aria-label="age of participant P01"' in row
    assert '<td class="inherited" data-inherited="employer">NHS</td>' in row


def test_a_case_row_saves_its_name_and_values_together(
    client: TestClient, study: SampleStudy
) -> None:
    trust = _case(study, "Trust A")
    answer = _post(
        client,
        f"/projects/{study.project_id}/study",
        f"/projects/{study.project_id}/study/cases/{trust.id}",
        data={
            "name": "Trust North",
            "description": "Inpatient",
            "value:employer": "nhs",
            "value:size": "Large",
        },
    )
    assert "Saved the case 'Trust North'." in unescape(answer.text)
    saved = _case(study, "Trust North")
    assert (saved.description, saved.attributes) == (
        "Inpatient",
        {"employer": "NHS", "size": "large"},
    )


def test_an_invalid_value_shows_the_message_and_changes_nothing(
    client: TestClient, study: SampleStudy
) -> None:
    p01 = _person(study, "P01")
    before = study.project.audit_log()
    answer = _post(
        client,
        f"/projects/{study.project_id}/study",
        f"/projects/{study.project_id}/study/participants/{p01.id}",
        data={"identifier": "P1", "case": "Trust A", "value:age": "thirty"},
    )
    text = _text(answer.text)
    assert "Nothing was changed." in text and "age" in text and "thirty" in text
    assert _person(study, "P01").attributes.get("age") is None
    assert len(study.project.audit_log()) == len(before)


def test_a_participant_row_moves_them_and_clears_a_value(
    client: TestClient, study: SampleStudy
) -> None:
    p02 = _person(study, "P02")
    answer = _post(
        client,
        f"/projects/{study.project_id}/study",
        f"/projects/{study.project_id}/study/participants/{p02.id}",
        data={
            "identifier": "P02",
            "case": "Charity B",
            "value:stakeholder group": "",
            "value:age": "41",
            "value:consented": "true",
            "description": "",
        },
    )
    assert "Saved the participant 'P02'." in unescape(answer.text)
    moved = _person(study, "P02")
    assert moved.case == "Charity B"
    assert moved.attributes == {"employer": "voluntary sector", "age": "41", "consented": "true"}


def test_cases_and_participants_are_added(client: TestClient, study: SampleStudy) -> None:
    pid = study.project_id
    added = _post(
        client,
        f"/projects/{pid}/study",
        f"/projects/{pid}/study/cases",
        data={"name": "Trust C", "description": "Crisis team"},
    )
    assert "Added the case 'Trust C'." in unescape(added.text)
    person = _post(
        client,
        f"/projects/{pid}/study",
        f"/projects/{pid}/study/participants",
        data={"identifier": "P04", "case": "Trust C"},
    )
    assert "Added the participant 'P04' to 'Trust C'." in unescape(person.text)
    assert _case(study, "Trust C").participants == ("P04",)


def test_a_taken_case_name_is_refused(client: TestClient, study: SampleStudy) -> None:
    pid = study.project_id
    answer = _post(
        client, f"/projects/{pid}/study", f"/projects/{pid}/study/cases", data={"name": "trust a"}
    )
    assert "The project has a case called 'Trust A' already." in unescape(answer.text)
    assert len(study.project.study.cases()) == 2


def test_a_case_in_use_cannot_be_deleted(client: TestClient, study: SampleStudy) -> None:
    pid = study.project_id
    trust = _case(study, "Trust A")
    answer = _post(
        client, f"/projects/{pid}/study", f"/projects/{pid}/study/cases/{trust.id}/delete"
    )
    assert "cannot be deleted: 2 participants belong to it" in unescape(answer.text)
    assert "Nothing was changed." in answer.text
    assert _case(study, "Trust A").participants == ("P01", "P02")


def test_an_empty_case_is_deleted(client: TestClient, study: SampleStudy) -> None:
    empty = study.project.study.add_case("Empty")
    pid = study.project_id
    answer = _post(
        client, f"/projects/{pid}/study", f"/projects/{pid}/study/cases/{empty.id}/delete"
    )
    assert "Deleted the case 'Empty'." in unescape(answer.text)
    assert [c.name for c in study.project.study.cases()] == ["Charity B", "Trust A"]


def test_a_recorded_participant_cannot_be_deleted_but_others_can(
    client: TestClient, study: SampleStudy
) -> None:
    pid = study.project_id
    p01 = _person(study, "P01")
    refused = _post(
        client, f"/projects/{pid}/study", f"/projects/{pid}/study/participants/{p01.id}/delete"
    )
    assert "Unlink the documents first." in unescape(refused.text)
    spare = study.project.study.add_participant("P09", "Trust A")
    deleted = _post(
        client, f"/projects/{pid}/study", f"/projects/{pid}/study/participants/{spare.id}/delete"
    )
    assert "Deleted the participant 'P09'." in unescape(deleted.text)
    assert [p.identifier for p in study.project.study.participants()] == ["P01", "P02", "P03"]


# ---------------------------------------------------------------- attributes


def test_attributes_are_listed_by_level_with_their_levels(
    client: TestClient, study: SampleStudy
) -> None:
    text = _text(client.get(f"/projects/{study.project_id}/study/attributes").text)
    assert "Cases employer Categorical · 2 values recorded NHS voluntary sector" in text
    assert "size Ordinal, lowest first · 0 values recorded small large" in text
    assert "No attributes of documents yet." in text


def test_an_attribute_is_defined_with_one_level_per_line(
    client: TestClient, study: SampleStudy
) -> None:
    pid = study.project_id
    answer = _post(
        client,
        f"/projects/{pid}/study/attributes",
        f"/projects/{pid}/study/attributes",
        data={
            "name": "setting",
            "level": "case",
            "type": "categorical",
            "levels": "inpatient\r\n\r\ncommunity\n",
            "description": "Where",
        },
    )
    assert "Defined the case attribute 'setting'." in unescape(answer.text)
    setting = study.project.study.attributes("case")[-1]
    assert (setting.name, setting.levels, setting.description) == (
        "setting",
        ("inpatient", "community"),
        "Where",
    )


def test_a_categorical_attribute_without_values_is_refused(
    client: TestClient, study: SampleStudy
) -> None:
    pid = study.project_id
    before = len(study.project.study.attributes())
    answer = _post(
        client,
        f"/projects/{pid}/study/attributes",
        f"/projects/{pid}/study/attributes",
        data={"name": "setting", "level": "case", "type": "categorical"},
    )
    assert "The categorical attribute 'setting' needs its allowed values." in unescape(answer.text)
    assert len(study.project.study.attributes()) == before


def test_levels_are_reordered_but_a_level_in_use_stays(
    client: TestClient, study: SampleStudy
) -> None:
    pid = study.project_id
    employer = study.project.study.attributes("case")[0]
    page = f"/projects/{pid}/study/attributes"
    action = f"{page}/{employer.id}"
    saved = _post(
        client,
        page,
        action,
        data={
            "name": "employer",
            "description": "Who employs",
            "levels": "voluntary sector\nNHS\ncouncil",
        },
    )
    assert "Saved the attribute 'employer'." in unescape(saved.text)
    refused = _post(client, page, action, data={"name": "employer", "levels": "council"})
    assert "cannot drop 'NHS', 'voluntary sector'" in unescape(refused.text)
    assert study.project.study.attributes("case")[0].levels == (
        "voluntary sector",
        "NHS",
        "council",
    )


def test_deleting_an_attribute_asks_first_and_says_what_goes(
    client: TestClient, study: SampleStudy
) -> None:
    pid = study.project_id
    employer = study.project.study.attributes("case")[0]
    confirm = _text(client.get(f"/projects/{pid}/study/attributes/{employer.id}/delete").text)
    assert "has 2 values recorded. They will be deleted with it" in confirm
    assert study.project.study.attributes("case")[0].name == "employer"
    done = client.post(f"/projects/{pid}/study/attributes/{employer.id}/delete")
    assert "Deleted the attribute 'employer' and its 2 values." in unescape(done.text)
    assert [a.name for a in study.project.study.attributes("case")] == ["size"]


def test_an_unknown_attribute_has_no_delete_page(client: TestClient, study: SampleStudy) -> None:
    answer = client.get(f"/projects/{study.project_id}/study/attributes/999/delete")
    assert answer.status_code == 404
    assert "There is no attribute with id 999 in this project." in answer.text


# ---------------------------------------------------------------- versions


def test_each_row_carries_its_version_and_a_stale_row_is_not_saved(
    client: TestClient, study: SampleStudy
) -> None:
    trust = _case(study, "Trust A")
    page = client.get(f"/projects/{study.project_id}/study").text
    row = page.split(f'id="case-row-{trust.id}"')[1].split("</tr>")[0]
    assert row.count('<input type="hidden" name="if_version" value="1" data-version>') == 2
    study.project.study.edit_case("Trust A", description="Changed elsewhere")
    before = len(study.project.activity())
    answer = _post(
        client,
        f"/projects/{study.project_id}/study",
        f"/projects/{study.project_id}/study/cases/{trust.id}",
        data={"name": "Trust North", "value:employer": "NHS", "if_version": "1"},
    )
    text = _text(answer.text)
    assert "The case 'Trust A' was changed by someone else since you read it" in text
    assert "Reload it and make your change again." in text
    # What was typed survives in the message (the page shows the stored row).
    assert "What you typed, not saved: name 'Trust North' (stored: 'Trust A')." in text
    assert _case(study, "Trust A").description == "Changed elsewhere"
    assert len(study.project.activity()) == before


def test_a_stale_participant_row_names_each_typed_value_that_differs(
    client: TestClient, study: SampleStudy
) -> None:
    p01 = _person(study, "P01")
    study.project.study.update_participant("P01", description="Their note")
    answer = _post(
        client,
        f"/projects/{study.project_id}/study",
        f"/projects/{study.project_id}/study/participants/{p01.id}",
        data={
            "identifier": "P01",
            "case": "Trust A",
            "description": "My note",
            "value:stakeholder group": "service user",
            "if_version": "1",
        },
    )
    text = _text(answer.text)
    assert "The participant 'P01' was changed by someone else since you read it" in text
    assert (
        "What you typed, not saved: description 'My note' (stored: 'Their note'); "
        "stakeholder group 'service user' (stored: 'peer worker')."
    ) in text
    person = _person(study, "P01")
    assert (person.description, person.attributes["stakeholder group"]) == (
        "Their note",
        "peer worker",
    )


def test_a_stale_attribute_form_is_not_saved(client: TestClient, study: SampleStudy) -> None:
    age = next(a for a in study.project.study.attributes() if a.name == "age")
    page = f"/projects/{study.project_id}/study/attributes"
    assert f'<input type="hidden" name="if_version" value="{age.version}">' in client.get(page).text
    study.project.study.edit_attribute("age", description="In years.")
    answer = _post(
        client,
        page,
        f"{page}/{age.id}",
        data={"name": "years", "description": "", "if_version": str(age.version)},
    )
    assert "The attribute 'age' was changed by someone else" in _text(answer.text)
    assert "age" in [a.name for a in study.project.study.attributes()]
