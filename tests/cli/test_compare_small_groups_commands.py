"""``qualframe compare answers`` on groups below and at the minimum group size:
a caveat line, and the test still printed but marked not reliable."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database
from services.group_size_study import build_group_study

runner = CliRunner()


def _compare(database_url: str, sizes: dict[str, int], question: str) -> str:
    database = Database(database_url)
    build_group_study(qualframe.create_project("Groups", database=database, user="tester"), sizes)
    database.close()
    result = runner.invoke(
        build_app(), ["--database", database_url, "compare", "answers", question, "--by", "team"]
    )
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_tiny_groups_get_a_caveat_line_and_the_test_marked(database_url: str) -> None:
    output = _compare(database_url, {"A": 2, "B": 3, "C": 1}, "Q1")

    caveat = output.index(
        "Caveat: Groups of fewer than 5 people: the p-value is not reliable "
        "(A: 2 people; B: 3 people; C: 1 person)."
    )
    marked = output.index("Not reliable (groups of fewer than 5 people) — Kruskal–Wallis H test:")
    assert caveat < marked
    # The counts table describes each group by its median and range too.
    assert "┃ median" in output and "┃ range" in output


@pytest.mark.parametrize("question", ["Q1", "Q2"])
def test_groups_at_the_minimum_print_the_test_without_a_caveat(
    database_url: str, question: str
) -> None:
    output = _compare(database_url, {"A": 5, "B": 5, "C": 6}, question)

    assert "Caveat:" not in output and "Not reliable" not in output
    assert "p = " in output
