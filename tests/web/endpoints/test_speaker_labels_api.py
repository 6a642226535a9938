"""The JSON API of speaker labels: decisions, mapping many labels, sections and
their suggestions, and mappings within a section."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import qualframe

DAY = (
    "Ms Jane Smith (affirmed)\n------------------------\n\n"
    "**Counsel**: Did you attend the meetings?\n\n"
    "**The Witness**: I attended most of them. We met weekly.\n\n"
    "**You say**: we met weekly, but the minutes say monthly.\n\n"
    "Evidence of Professor Alan Jones\n--------------------------------\n\n"
    "**Counsel**: Professor, what did you advise?\n\n"
    "**The Witness**: I advised caution.\n"
)


@pytest.fixture
def api(database: qualframe.Database) -> str:
    """A project with one hearing day and witnesses W01 and W02; its API base."""
    project = qualframe.create_project("Inquiry", database=database, user="tester")
    project.study.add_case("Witnesses")
    project.study.add_participant("W01", "Witnesses", description="Jane Smith, chief nurse")
    project.study.add_participant("W02", "Witnesses", description="Alan Jones")
    project.documents.import_bytes("day4.txt", DAY.encode())
    project.documents.map_speaker("Counsel", role="interviewer")
    return f"/api/projects/{project.info.id}/speakers"


def test_a_label_is_rejected_listed_and_undone(client: TestClient, api: str) -> None:
    change = client.put(f"{api}/decisions", json={"label": "You say", "is_speaker": False})
    assert change.status_code == 200, change.text
    assert change.json() == {
        "label": "You say",
        "is_speaker": False,
        "documents": 1,
        "turns_added": 0,
        "turns_removed": 1,
        "mappings_removed": 0,
        "codings_changed": 0,
        "turn_mappings_removed": [],
    }
    [decision] = client.get(f"{api}/decisions").json()
    assert (decision["label"], decision["is_speaker"], decision["decided_by"]) == (
        "You say",
        False,
        "tester",
    )
    undone = client.delete(f"{api}/decisions", params={"label": "You say"})
    assert undone.json()["turns_added"] == 1 and undone.json()["is_speaker"] is None
    missing = client.delete(f"{api}/decisions", params={"label": "You say"})
    assert missing.status_code == 404
    assert "No decision about the label 'You say'" in missing.json()["error"]["message"]
    accepted = client.put(f"{api}/decisions", json={"label": "Chairman", "is_speaker": True})
    assert accepted.status_code == 404
    assert client.get(f"{api}/decisions").json() == []


def test_unmapped_labels_are_mapped_and_participants_made(client: TestClient, api: str) -> None:
    refused = client.post(f"{api}/map-unmapped", json={"role": "participant"})
    assert refused.status_code == 422
    result = client.post(f"{api}/map-unmapped", json={"role": "other", "documents": ["day4.txt"]})
    assert result.status_code == 200, result.text
    assert result.json() | {"codings_changed": 0} == {
        "role": "other",
        "labels": ["The Witness", "You say"],
        "documents": ["day4.txt"],
        "mappings": 2,
        "documents_reattributed": 1,
        "codings_changed": 0,
    }
    made = client.post(f"{api}/participants", json={"labels": ["You say"], "case": "Witnesses"})
    assert made.json() == {
        "participants": ["You say"],
        "cases": [],
        "documents_reattributed": 1,
        "codings_changed": 0,
    }
    taken = client.post(f"{api}/participants", json={"labels": ["You say"]})
    assert taken.status_code == 409


def test_sections_suggestions_and_a_section_mapping(client: TestClient, api: str) -> None:
    sections = client.get(f"{api}/sections", params={"document": "day4.txt"}).json()
    assert [(s["number"], s["title"]) for s in sections] == [
        (1, "Ms Jane Smith (affirmed)"),
        (2, "Evidence of Professor Alan Jones"),
    ]
    assert {row["label"]: row["level"] for row in sections[0]["speakers"]} == {
        "Counsel": "project",
        "The Witness": None,
        "You say": None,
    }
    suggested = client.get(f"{api}/suggestions", params={"document": "day4.txt"}).json()
    assert [(s["label"], s["section"], s["participant"]) for s in suggested] == [
        ("The Witness", 1, "W01"),
        ("The Witness", 2, "W02"),
    ]
    change = client.put(
        f"{api}/mappings",
        json={
            "label": "The Witness",
            "participant": "W02",
            "document": "day4.txt",
            "section_number": 2,
        },
    )
    assert change.status_code == 200, change.text
    assert (change.json()["section"], change.json()["section_title"]) == (
        2,
        "Evidence of Professor Alan Jones",
    )
    listed = [m for m in client.get(f"{api}/mappings").json() if m["section"]]
    assert [(m["label"], m["participant"], m["participant_description"]) for m in listed] == [
        ("The Witness", "W02", "Alan Jones")
    ]
    both = client.put(
        f"{api}/mappings",
        json={
            "label": "The Witness",
            "participant": "W01",
            "document": "day4.txt",
            "section": "Ms Jane Smith (affirmed)",
            "section_number": 1,
        },
    )
    assert both.status_code == 422 and "not both" in both.json()["error"]["message"]
    removed = client.delete(
        f"{api}/mappings",
        params={
            "label": "The Witness",
            "document": "day4.txt",
            "section": "Evidence of Professor Alan Jones",
        },
    )
    assert removed.status_code == 200 and removed.json()["role"] is None
    nowhere = client.get(f"{api}/sections", params={"document": "day9.txt"})
    assert nowhere.status_code == 404
    unnamed = client.get(f"{api}/suggestions")
    assert unnamed.status_code == 422
