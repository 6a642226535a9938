"""The study design through the JSON API: attributes, cases, participants,
spreadsheet imports, the interview schedule and answers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from web.sample_study import SampleStudy

PEOPLE = b"participant,case,age\nP04,Trust A,44\nP05,Clinic C,29\n"


def _api(sample: SampleStudy) -> str:
    return f"/api/projects/{sample.project_id}"


def _case_id(sample: SampleStudy, name: str) -> int:
    return next(c.id for c in sample.project.study.cases() if c.name == name)


def test_attributes_are_defined_listed_edited_and_deleted(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    created = client.post(
        f"{api}/attributes",
        json={"name": "size", "level": "case", "type": "ordinal", "levels": ["small", "large"]},
    )
    assert created.status_code == 201
    size = created.json()
    assert (size["type"], size["levels"], size["values"]) == ("ordinal", ["small", "large"], 0)
    listed = client.get(f"{api}/attributes", params={"level": "case"}).json()
    assert [a["name"] for a in listed] == ["employer", "size"]
    edited = client.patch(f"{api}/attributes/{size['id']}", json={"add_levels": ["medium"]})
    assert edited.json()["levels"] == ["small", "large", "medium"]
    gone = client.delete(f"{api}/attributes/{size['id']}")
    assert gone.json() == {"id": size["id"], "values_deleted": 0}


def test_a_bad_attribute_is_a_422_and_a_taken_name_a_409(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    before = client.get(f"{api}/attributes").json()
    bad = client.post(f"{api}/attributes", json={"name": "x", "level": "case", "type": "ordinal"})
    assert bad.status_code == 422
    assert bad.json()["error"]["message"] == "The ordinal attribute 'x' needs its ordered levels."
    taken = client.post(
        f"{api}/attributes", json={"name": "Employer", "level": "case", "type": "text"}
    )
    assert taken.status_code == 409
    dropping = client.patch(
        f"{api}/attributes/{before[0]['id']}", json={"levels": ["NHS", "council"]}
    )
    assert dropping.status_code == 422
    assert "cannot drop 'voluntary sector'" in dropping.json()["error"]["message"]
    assert client.get(f"{api}/attributes").json() == before


def test_cases_are_added_changed_and_deleted(client: TestClient, sample: SampleStudy) -> None:
    api = _api(sample)
    added = client.post(f"{api}/cases", json={"name": "Clinic C", "values": {"employer": "nhs"}})
    assert added.status_code == 201
    assert added.json()["attributes"] == {"employer": "NHS"}
    case_id = added.json()["id"]
    changed = client.patch(
        f"{api}/cases/{case_id}",
        json={"name": "Clinic D", "description": "Day service", "values": {"employer": None}},
    )
    assert changed.json() == {
        "id": case_id,
        "guid": added.json()["guid"],
        "version": 2,
        "name": "Clinic D",
        "description": "Day service",
        "participants": [],
        "attributes": {},
    }
    stale = client.delete(f"{api}/cases/{case_id}", params={"if_version": 1})
    assert stale.status_code == 409
    assert "nothing was saved" in stale.json()["error"]["message"]
    assert client.delete(f"{api}/cases/{case_id}", params={"if_version": 2}).status_code == 204
    assert [c["name"] for c in client.get(f"{api}/cases").json()] == ["Charity B", "Trust A"]


def test_a_bad_case_change_changes_nothing(client: TestClient, sample: SampleStudy) -> None:
    api = _api(sample)
    before = client.get(f"{api}/cases").json()
    trust = _case_id(sample, "Trust A")
    answer = client.patch(
        f"{api}/cases/{trust}", json={"name": "Renamed", "values": {"employer": "council"}}
    )
    assert answer.status_code == 422
    assert "employer" in answer.json()["error"]["message"]
    in_use = client.delete(f"{api}/cases/{trust}")
    assert in_use.status_code == 409
    assert "2 participants belong to it" in in_use.json()["error"]["message"]
    assert client.get(f"{api}/cases").json() == before


def test_participants_are_listed_added_moved_and_deleted(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    listed = client.get(f"{api}/participants", params={"case": "Trust A"}).json()
    assert [(p["identifier"], p["attributes"]["employer"]) for p in listed] == [
        ("P01", "NHS"),
        ("P02", "NHS"),
    ]
    added = client.post(
        f"{api}/participants",
        json={
            "identifier": "P04",
            "case": "Trust A",
            "values": {"stakeholder group": "peer worker"},
        },
    )
    assert added.status_code == 201
    person = added.json()
    moved = client.patch(
        f"{api}/participants/{person['id']}",
        json={"case_id": _case_id(sample, "Charity B"), "values": {"stakeholder group": ""}},
    )
    assert (moved.json()["case"], moved.json()["attributes"]) == (
        "Charity B",
        {"employer": "voluntary sector"},
    )
    assert client.delete(f"{api}/participants/{person['id']}").status_code == 204


def test_a_participant_cannot_override_an_inherited_value(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    p01 = next(p for p in client.get(f"{api}/participants").json() if p["identifier"] == "P01")
    answer = client.patch(f"{api}/participants/{p01['id']}", json={"values": {"employer": "x"}})
    assert answer.status_code == 422
    assert "participants inherit it from their case" in answer.json()["error"]["message"]
    recorded = client.delete(f"{api}/participants/{p01['id']}")
    assert recorded.status_code == 409
    assert len(client.get(f"{api}/participants").json()) == 3


def test_an_import_is_previewed_then_applied_by_its_token(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    preview = client.post(
        f"{api}/study/import/preview",
        data={"kind": "participants", "create_cases": "true", "types": ["age=text"]},
        files={"file": ("people.csv", PEOPLE, "text/csv")},
    )
    assert preview.status_code == 200
    answer = preview.json()
    plan = answer["plan"]
    assert (plan["file"], plan["ok"], plan["new_cases"]) == ("people.csv", True, ["Clinic C"])
    assert plan["new_attributes"] == [
        {"name": "age", "level": "participant", "type": "text", "levels": [], "inferred": False}
    ]
    assert len(sample.project.study.participants()) == 3
    applied = client.post(
        f"{api}/study/import",
        data={
            "token": answer["token"],
            "kind": "participants",
            "create_cases": "true",
            "types": ["age=text"],
        },
    )
    assert applied.status_code == 200
    assert applied.json()["summary"].startswith("Imported 2 cases and 2 participants")
    assert len(sample.project.study.participants()) == 5


def test_an_import_with_problems_is_a_422_listing_them(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    preview = client.post(
        f"{api}/study/import/preview",
        data={"kind": "participants"},
        files={"file": ("people.csv", PEOPLE, "text/csv")},
    ).json()
    assert not preview["plan"]["ok"]
    assert preview["plan"]["problems"][0]["line"] == 3
    applied = client.post(
        f"{api}/study/import",
        data={"kind": "participants"},
        files={"file": ("people.csv", PEOPLE, "text/csv")},
    )
    assert applied.status_code == 422
    error = applied.json()["error"]
    assert error["file"] == "people.csv"
    assert "the case 'Clinic C' does not exist" in error["message"]
    assert len(sample.project.study.participants()) == 3
    bad_override = client.post(
        f"{api}/study/import",
        data={"kind": "participants", "types": ["age"]},
        files={"file": ("people.csv", PEOPLE, "text/csv")},
    )
    assert bad_override.status_code == 422
    assert 'Give each type as "column=value"' in bad_override.json()["error"]["message"]


def test_questions_and_answers_are_listed_and_imported(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    assert [q["identifier"] for q in client.get(f"{api}/questions").json()] == ["Q1"]
    assert client.get(f"{api}/answers").json()[0] == {
        "participant": "P01",
        "case": "Trust A",
        "Q1": "yes",
    }
    schedule = client.post(
        f"{api}/questions/import",
        data={"dry_run": "true"},
        files={"file": ("schedule.csv", b"identifier,question\nQ2,Why?\n", "text/csv")},
    )
    assert schedule.json()["created"] == ["Q2"] and schedule.json()["dry_run"] is True
    assert len(client.get(f"{api}/questions").json()) == 1
    answers = client.post(
        f"{api}/answers/import", files={"file": ("a.csv", b"participant,Q1\nP03,no\n", "text/csv")}
    )
    assert answers.json()["changed"] == 1
    bad = client.post(
        f"{api}/answers/import", files={"file": ("a.csv", b"participant,Q1\nP09,no\n", "text/csv")}
    )
    assert bad.status_code == 422 and "a.csv" in bad.json()["error"]["message"]


def test_a_participant_change_states_the_version_it_read(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    p01 = next(p for p in client.get(f"{api}/participants").json() if p["identifier"] == "P01")
    path = f"{api}/participants/{p01['id']}"
    saved = client.patch(path, json={"description": "First", "if_version": p01["version"]})
    assert saved.json()["version"] == p01["version"] + 1
    stale = client.patch(path, json={"description": "Second", "if_version": p01["version"]})
    assert stale.status_code == 409
    message = stale.json()["error"]["message"]
    assert message.startswith("The participant 'P01' was changed by someone else")
    assert "nothing was saved" in message
    assert client.get(f"{api}/participants").json()[0]["description"] == "First"
    assert client.delete(path, params={"if_version": p01["version"]}).status_code == 409


def test_an_attribute_change_states_the_version_it_read(
    client: TestClient, sample: SampleStudy
) -> None:
    api = _api(sample)
    employer = next(a for a in client.get(f"{api}/attributes").json() if a["name"] == "employer")
    path = f"{api}/attributes/{employer['id']}"
    edited = client.patch(path, json={"description": "Who employs", "if_version": 1}).json()
    assert edited["version"] == 2
    stale = client.patch(path, json={"description": "Late", "if_version": 1})
    assert stale.status_code == 409
    assert client.delete(path, params={"if_version": 1}).status_code == 409
    assert client.delete(path, params={"if_version": 2}).json()["values_deleted"] == 2
