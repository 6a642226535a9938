"""A study-table row saved through the JSON API on a stale version: 409, nothing
saved, a message naming the record and each field sent with what it holds now,
and the stored record in the body for the page to show beside what was typed;
a save of other fields on the current version leaves the concurrent edit intact."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from web.sample_study import SampleStudy


def _api(sample: SampleStudy) -> str:
    return f"/api/projects/{sample.project_id}"


def _record(client: TestClient, sample: SampleStudy, kind: str, key: str, name: str) -> Any:
    return next(r for r in client.get(f"{_api(sample)}/{kind}").json() if r[key] == name)


def test_a_stale_participant_save_is_a_409_naming_the_record_and_field(
    client: TestClient, sample: SampleStudy
) -> None:
    p01 = _record(client, sample, "participants", "identifier", "P01")
    path = f"{_api(sample)}/participants/{p01['id']}"
    theirs = client.patch(path, json={"description": "Their note", "if_version": 1})
    assert theirs.status_code == 200
    stale = client.patch(path, json={"description": "My note", "if_version": 1})
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["type"] == "StaleVersionError"
    assert error["message"].startswith("The participant 'P01' was changed by someone else")
    assert "you read version 1; it is now at version 2" in error["message"]
    assert (
        "Your change was to description; stored now: description is 'Their note'."
        in (error["message"])
    )
    assert error["fields"] == ["description"]
    assert (error["current"]["version"], error["current"]["description"]) == (2, "Their note")
    assert _record(client, sample, "participants", "identifier", "P01")["description"] == (
        "Their note"
    )


def test_a_stale_case_save_names_each_attribute_sent_and_saves_none(
    client: TestClient, sample: SampleStudy
) -> None:
    trust = _record(client, sample, "cases", "name", "Trust A")
    path = f"{_api(sample)}/cases/{trust['id']}"
    client.patch(path, json={"description": "Theirs", "if_version": trust["version"]})
    stale = client.patch(
        path,
        json={"name": "Trust North", "values": {"employer": None}, "if_version": trust["version"]},
    )
    assert stale.status_code == 409
    message = stale.json()["error"]["message"]
    assert message.startswith("The case 'Trust A' was changed by someone else")
    assert (
        "Your change was to name, employer; stored now: name is 'Trust A'; employer is 'NHS'."
        in (message)
    )
    after = _record(client, sample, "cases", "name", "Trust A")
    assert (after["version"], after["attributes"]) == (trust["version"] + 1, {"employer": "NHS"})


def test_a_participant_move_refused_as_stale_names_the_case(
    client: TestClient, sample: SampleStudy
) -> None:
    p03 = _record(client, sample, "participants", "identifier", "P03")
    path = f"{_api(sample)}/participants/{p03['id']}"
    client.patch(path, json={"values": {"stakeholder group": "service user"}, "if_version": 1})
    stale = client.patch(path, json={"case": "Trust A", "description": "", "if_version": 1})
    assert stale.status_code == 409
    sent = "Your change was to case, description; stored now: case is 'Charity B'; "
    assert sent + "description is empty." in stale.json()["error"]["message"]
    assert _record(client, sample, "participants", "identifier", "P03")["case"] == "Charity B"


def test_a_save_of_one_field_on_the_current_version_keeps_the_other_edit(
    client: TestClient, sample: SampleStudy
) -> None:
    p02 = _record(client, sample, "participants", "identifier", "P02")
    path = f"{_api(sample)}/participants/{p02['id']}"
    theirs = client.patch(path, json={"description": "Their note", "if_version": 1}).json()
    mine = client.patch(
        path,
        json={"values": {"stakeholder group": "peer worker"}, "if_version": theirs["version"]},
    )
    assert mine.status_code == 200
    saved = mine.json()
    assert (saved["version"], saved["description"], saved["attributes"]["stakeholder group"]) == (
        3,
        "Their note",
        "peer worker",
    )
