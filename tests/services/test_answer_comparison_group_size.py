"""Structured answers compared across groups below and at the minimum group size:
the test is kept but marked not reliable, and the counts are the result."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import qualframe
from services.group_size_study import build_group_study

TINY = {"peer worker": 2, "service user": 3, "manager": 1}
ENOUGH = {"peer worker": 5, "service user": 6, "manager": 5}


def _study(project: qualframe.Project, sizes: dict[str, int]) -> qualframe.Project:
    build_group_study(project, sizes)
    return project


def test_a_rank_test_on_tiny_groups_is_not_reliable_and_says_why_first(
    project: qualframe.Project,
) -> None:
    result = _study(project, TINY).compare.answers("Q1", by="team")

    test = result.comparison.test
    assert test.name == "Kruskal–Wallis H test" and test.p_value is not None
    assert not result.reliable
    assert [(g.group, g.n) for g in test.small_groups] == [
        ("peer worker", 2), ("service user", 3), ("manager", 1),
    ]  # fmt: skip
    assert result.caveats()[0] == test.caveat
    assert (test.caveat or "").startswith(
        "Groups of fewer than 5 people: the p-value is not reliable "
        "(peer worker: 2 people; service user: 3 people; manager: 1 person)."
    )
    assert result.summary().startswith("Not reliable (groups of fewer than 5 people) — Kruskal")


def test_tiny_ordinal_groups_are_described_by_counts_medians_and_ranges(
    project: qualframe.Project,
) -> None:
    result = _study(project, TINY).compare.answers("Q1", by="team")

    rows = {row.group: row for row in result.group_rows()}
    # peer worker: low, medium; service user: medium, high, low; manager: high.
    assert rows["peer worker"].counts == {"low": 1, "medium": 1, "high": 0}
    assert (rows["peer worker"].median, rows["peer worker"].lowest) == (
        "between low and medium", "low",
    )  # fmt: skip
    assert (rows["service user"].median, rows["service user"].highest) == ("medium", "high")
    assert (rows["manager"].median, rows["manager"].lowest, rows["manager"].highest) == (
        "high", "high", "high",
    )  # fmt: skip
    frame = result.to_frame()
    assert list(frame.columns) == [
        "group", "low", "medium", "high", "n", "no answer", "not asked",
        "median", "lowest", "highest",
    ]  # fmt: skip


def test_a_categorical_test_on_tiny_groups_follows_the_same_rule(
    project: qualframe.Project,
) -> None:
    result = _study(project, {"peer worker": 2, "service user": 3}).compare.answers("Q2", by="team")

    assert result.comparison.test.name == "Fisher's exact test"
    assert not result.reliable
    assert sum("fewer than 5 people" in caveat for caveat in result.caveats()) == 1
    assert all(row.median is None for row in result.group_rows())


@pytest.mark.parametrize("question", ["Q1", "Q2"])
def test_groups_at_the_minimum_show_the_test_as_a_result(
    project: qualframe.Project, question: str
) -> None:
    result = _study(project, ENOUGH).compare.answers(question, by="team")

    assert result.reliable
    assert result.comparison.test.caveat is None
    assert not result.summary().startswith("Not reliable")
    assert not any("fewer than 5 people" in caveat for caveat in result.caveats())


def test_exports_put_the_caveat_before_the_test_marked_not_reliable(
    project: qualframe.Project, tmp_path: Path
) -> None:
    study = _study(project, TINY)
    result = study.compare.answers("Q1", by="team")

    html = study.compare.export(result, tmp_path / "q1.html").read_text("utf-8")
    study.compare.export(result, tmp_path / "q1.xlsx")
    csv = study.compare.export(result, tmp_path / "q1.csv").read_text("utf-8-sig")

    caveat = html.index("Groups of fewer than 5 people: the p-value is not reliable")
    assert caveat < html.index("Not reliable (groups of fewer than 5 people) — Kruskal")
    sheet = openpyxl.load_workbook(tmp_path / "q1.xlsx")["Q1 by team"]
    notes = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    marked = [i for i, note in enumerate(notes) if note.startswith("Not reliable")]
    said = [i for i, note in enumerate(notes) if note.startswith("Groups of fewer than 5")]
    assert len(marked) == len(said) == 1 and said[0] < marked[0]
    assert csv.splitlines()[1] == "peer worker,1,1,0,2,0,0,between low and medium,low,medium"


def test_exports_of_groups_at_the_minimum_carry_no_caveat(
    project: qualframe.Project, tmp_path: Path
) -> None:
    study = _study(project, ENOUGH)
    result = study.compare.answers("Q1", by="team")

    html = study.compare.export(result, tmp_path / "q1.html").read_text("utf-8")

    assert "Kruskal–Wallis H test: H = " in html
    assert "Not reliable" not in html and "fewer than 5 people" not in html
