"""The group size rule: a test on groups of fewer than MIN_GROUP_SIZE people
is kept but marked not reliable, with a plain caveat (no database)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from qualframe.analysis import statistics
from qualframe.analysis.statistics import (
    MIN_GROUP_SIZE,
    GroupSize,
    Scale,
    Spread,
    TestResult,
    compare_answers,
    group_size_rule,
)


def _answers(table: dict[str, list[str]], levels: list[str], *, ordinal: bool):
    """Answers and groups, one row per participant: group -> its answers."""
    values = [v for answers in table.values() for v in answers]
    groups = [g for g, answers in table.items() for _ in answers]
    index = [f"P{i}" for i in range(len(values))]
    answers = pd.Series(pd.Categorical(values, categories=levels, ordered=ordinal), index=index)
    return answers, pd.Series(groups, index=index)


def _ordinal(sizes: dict[str, int]) -> tuple[pd.Series, pd.Series]:
    levels = ["low", "medium", "high"]
    table = {g: [levels[(i + j) % 3] for j in range(n)] for i, (g, n) in enumerate(sizes.items())}
    return _answers(table, levels, ordinal=True)


def _categorical(sizes: dict[str, int], levels: list[str]) -> tuple[pd.Series, pd.Series]:
    table = {
        g: [levels[(i + j) % len(levels)] for j in range(n)]
        for i, (g, n) in enumerate(sizes.items())
    }
    return _answers(table, levels, ordinal=False)


def test_the_minimum_group_size_is_five_people_and_says_why() -> None:
    assert MIN_GROUP_SIZE == 5
    source = Path(statistics.__file__).read_text(encoding="utf-8")
    why = source.split("MIN_GROUP_SIZE = 5", 1)[1].split('"""')[1]
    assert "Kruskal–Wallis" in why and "Cochran" in why


@pytest.mark.parametrize(
    ("sizes", "scale", "levels", "name"),
    [
        ({"A": 2, "B": 3}, "categorical", ["yes", "no"], "Fisher's exact test"),
        ({"A": 3, "B": 2, "C": 4}, "categorical", ["yes", "no", "unsure"],
         "Fisher–Freeman–Halton exact test"),
        ({"A": 30, "B": 30, "C": 30, "D": 30, "E": 4}, "categorical", ["yes", "no"],
         "Chi-square test of independence"),
        ({"A": 3, "B": 4}, "ordinal", None, "Mann–Whitney U test"),
        ({"A": 1, "B": 2, "C": 3}, "ordinal", None, "Kruskal–Wallis H test"),
    ],
)  # fmt: skip
def test_every_test_on_a_group_below_the_minimum_is_kept_but_marked_not_reliable(
    sizes: dict[str, int], scale: Scale, levels: list[str] | None, name: str
) -> None:
    values, groups = _ordinal(sizes) if levels is None else _categorical(sizes, levels)

    test = compare_answers(values, groups, scale=scale).test

    assert test.name == name
    assert test.ran and test.p_value is not None  # still computed, for completeness
    assert not test.reliable
    small = [GroupSize(g, n) for g, n in sizes.items() if n < MIN_GROUP_SIZE]
    assert list(test.small_groups) == small
    assert test.min_group_size == MIN_GROUP_SIZE
    assert (test.caveat or "").startswith(
        "Groups of fewer than 5 people: the p-value is not reliable ("
    )
    assert "Read the counts per group instead." in (test.caveat or "")
    assert test.summary().startswith(f"Not reliable (groups of fewer than 5 people) — {name}:")


@pytest.mark.parametrize(
    ("sizes", "scale", "levels", "name"),
    [
        ({"A": 5, "B": 5}, "categorical", ["yes", "no"], "Fisher's exact test"),
        ({"A": 5, "B": 6}, "ordinal", None, "Mann–Whitney U test"),
        ({"A": 5, "B": 5, "C": 7}, "ordinal", None, "Kruskal–Wallis H test"),
    ],
)
def test_tests_on_groups_at_the_minimum_show_as_results(
    sizes: dict[str, int], scale: Scale, levels: list[str] | None, name: str
) -> None:
    values, groups = _ordinal(sizes) if levels is None else _categorical(sizes, levels)

    test = compare_answers(values, groups, scale=scale).test

    assert test.name == name
    assert test.reliable
    assert (test.caveat, test.small_groups, test.marker()) == (None, (), "")
    assert test.summary().startswith(f"{name}:")


def test_a_group_without_answers_takes_no_part_and_does_not_spoil_the_test() -> None:
    values, groups = _ordinal({"A": 5, "B": 6})
    groups = pd.Series(pd.Categorical(groups, categories=["A", "B", "C"]), index=groups.index)

    result = compare_answers(values, groups, scale="ordinal")

    assert int(result.n["C"]) == 0
    assert result.test.reliable


def test_the_caveat_names_each_small_group_with_its_people() -> None:
    values, groups = _ordinal({"peer worker": 1, "manager": 2, "service user": 6})

    caveat = compare_answers(values, groups, scale="ordinal").test.caveat or ""

    assert "(manager: 2 people; peer worker: 1 person)" in caveat


def test_no_test_is_not_reliable_and_has_no_group_caveat() -> None:
    values, groups = _categorical({"A": 6}, ["yes", "no"])

    test = compare_answers(values, groups, scale="categorical").test

    assert not test.ran and not test.reliable
    assert (test.caveat, test.marker()) == (None, "")
    assert test.summary().startswith("No test: Fewer than two groups")


def test_the_rule_takes_another_minimum_and_leaves_a_test_not_run_alone() -> None:
    ran = TestResult(name="Kruskal–Wallis H test", statistic=1.0, p_value=0.5, dof=2)
    not_run = TestResult(name="no test", statistic=None, p_value=None, reliable=False)

    strict = group_size_rule(ran, {"A": 8, "B": 12}, minimum=10)

    assert not strict.reliable and strict.min_group_size == 10
    assert strict.small_groups == (GroupSize("A", 8),)
    assert "Groups of fewer than 10 people" in (strict.caveat or "")
    assert group_size_rule(ran, {"A": 8, "B": 12}).reliable
    assert group_size_rule(not_run, {"A": 1}) is not_run


def test_ordinal_groups_are_described_by_median_and_range() -> None:
    values, groups = _answers(
        {"A": ["low", "high", "high"], "B": ["low", "medium"], "C": ["medium"]},
        ["low", "medium", "high"],
        ordinal=True,
    )
    groups = pd.Series(pd.Categorical(groups, categories=["A", "B", "C", "D"]), index=groups.index)

    spread = compare_answers(values, groups, scale="ordinal").spread()

    assert spread == [
        Spread("A", "high", "low", "high"),
        Spread("B", "between low and medium", "low", "medium"),
        Spread("C", "medium", "medium", "medium"),
        Spread("D", None, None, None),
    ]


def test_categorical_answers_have_no_median() -> None:
    values, groups = _categorical({"A": 2, "B": 2}, ["yes", "no"])

    assert compare_answers(values, groups, scale="categorical").spread() == []
