"""The JSON API says whether a comparison's test is reliable, why, and the
minimum group size; exports follow the same rule."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from services.group_size_study import build_group_study


def _answers(client: TestClient, database: Database, sizes: dict[str, int], question: str):
    project = qualframe.create_project("Groups", database=database, user="tester")
    build_group_study(project, sizes)
    url = f"/api/projects/{project.info.id}/compare/answers"
    answer = client.get(url, params={"question": question, "by": "team"})
    assert answer.status_code == 200
    return project, answer.json()


def test_a_test_on_tiny_groups_is_marked_not_reliable_with_the_reason(
    client: TestClient, database: Database
) -> None:
    _, body = _answers(client, database, {"A": 2, "B": 3, "C": 1}, "Q1")

    test = body["test"]
    assert test["name"] == "Kruskal–Wallis H test" and test["ran"]
    assert test["p_value"] is not None  # still given, marked
    assert test["reliable"] is False
    assert test["min_group_size"] == 5
    assert test["small_groups"] == [
        {"group": "A", "n": 2}, {"group": "B", "n": 3}, {"group": "C", "n": 1},
    ]  # fmt: skip
    assert test["caveat"].startswith("Groups of fewer than 5 people: the p-value is not reliable")
    assert test["summary"].startswith("Not reliable (groups of fewer than 5 people)")
    assert body["caveats"][0] == test["caveat"]
    row = body["rows"][0]
    assert (row["median"], row["lowest"], row["highest"]) == (
        "between low and medium",
        "low",
        "medium",
    )


@pytest.mark.parametrize("question", ["Q1", "Q2"])
def test_a_test_on_groups_at_the_minimum_is_reliable(
    client: TestClient, database: Database, question: str
) -> None:
    _, body = _answers(client, database, {"A": 5, "B": 5, "C": 6}, question)

    test = body["test"]
    assert (test["reliable"], test["caveat"], test["small_groups"]) == (True, None, [])
    assert test["min_group_size"] == 5


def test_the_html_export_of_tiny_groups_puts_the_caveat_before_the_marked_test(
    client: TestClient, database: Database
) -> None:
    project, _ = _answers(client, database, {"A": 2, "B": 3, "C": 1}, "Q1")

    report = client.get(
        f"/api/projects/{project.info.id}/compare/answers/export",
        params={"question": "Q1", "by": "team", "format": "html"},
    ).text

    caveat = report.index("Groups of fewer than 5 people: the p-value is not reliable")
    assert caveat < report.index("Not reliable (groups of fewer than 5 people) — Kruskal")
