"""Comparing structured answers across groups (qualframe.analysis.statistics).

Expected statistics are computed by hand in the tests (hypergeometric sums,
(O − E)² / E, pair counts, rank sums), not taken from scipy.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from qualframe.analysis.statistics import (
    NO_ANSWER,
    NOT_ASKED,
    compare_answers,
    format_p,
)
from qualframe.errors import ValidationError
from qualframe.vocabulary import ScaleType


def _answers(table: dict[str, dict[str, int]], levels: list[str]) -> tuple[pd.Series, pd.Series]:
    """Answers and groups (one row per participant) reproducing a groups × levels table."""
    values: list[str] = []
    groups: list[str] = []
    for group, row in table.items():
        for level, count in row.items():
            values += [level] * count
            groups += [group] * count
    index = [f"P{i}" for i in range(len(values))]
    answers = pd.Series(pd.Categorical(values, categories=levels), index=index)
    return answers, pd.Series(groups, index=index)


def _ordinal(samples: dict[str, list[int]], levels: int) -> tuple[pd.Series, pd.Series]:
    """Ordinal answers given as level positions per group."""
    names = [f"L{i:02d}" for i in range(levels)]
    values = [names[p] for sample in samples.values() for p in sample]
    groups = [g for g, sample in samples.items() for _ in sample]
    index = [f"P{i}" for i in range(len(values))]
    answers = pd.Series(pd.Categorical(values, categories=names, ordered=True), index=index)
    return answers, pd.Series(groups, index=index)


# ---------------------------------------------------------------- categorical


def test_fisher_exact_p_matches_the_hypergeometric_sum_by_hand() -> None:
    values, groups = _answers(
        {"peer worker": {"yes": 8, "no": 2}, "line manager": {"yes": 1, "no": 5}},
        ["yes", "no"],
    )
    result = compare_answers(values, groups, scale="categorical")

    # Rows (line manager, peer worker) sorted; first column "yes": x = yes among
    # the 6 line managers; 16 people, 9 said yes. P(x) = C(6,x)C(10,9-x)/C(16,9).
    def pmf(x: int) -> float:
        return math.comb(6, x) * math.comb(10, 9 - x) / math.comb(16, 9)

    observed = pmf(1)
    expected_p = sum(pmf(x) for x in range(0, 7) if pmf(x) <= observed * (1 + 1e-9))
    assert result.test.name == "Fisher's exact test"
    assert result.test.p_value == pytest.approx(expected_p)
    assert result.test.p_value == pytest.approx(0.03497, abs=1e-5)
    assert result.test.statistic == pytest.approx((1 * 2) / (5 * 8))  # odds ratio ad/bc
    assert result.test.warning is None


def test_chi_square_statistic_matches_the_sum_of_o_minus_e_squared_over_e() -> None:
    observed = np.array([[12, 8, 10], [6, 14, 10]])
    values, groups = _answers(
        {
            "A": dict(zip(["agree", "unsure", "disagree"], observed[0].tolist(), strict=True)),
            "B": dict(zip(["agree", "unsure", "disagree"], observed[1].tolist(), strict=True)),
        },
        ["agree", "unsure", "disagree"],
    )
    result = compare_answers(values, groups, scale="categorical")

    total = observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / total
    chi2 = float(((observed - expected) ** 2 / expected).sum())
    assert chi2 == pytest.approx(2 + 18 / 11)
    assert result.test.name == "Chi-square test of independence"
    assert result.test.statistic == pytest.approx(chi2)
    assert result.test.dof == 2
    assert result.test.p_value == pytest.approx(math.exp(-chi2 / 2))  # chi² survival, 2 df
    assert result.test.effect_size == pytest.approx(math.sqrt(chi2 / total))  # Cramér's V
    assert result.test.warning is None


def test_small_expected_counts_use_fisher_freeman_halton_and_say_why() -> None:
    observed = [[3, 0, 1], [0, 3, 1]]
    values, groups = _answers(
        {"A": {"x": 3, "y": 0, "z": 1}, "B": {"x": 0, "y": 3, "z": 1}}, ["x", "y", "z"]
    )
    result = compare_answers(values, groups, scale="categorical")

    # Exact p by enumerating every table with the same margins (rows 4, 4; columns 3, 3, 2).
    def probability(first_row: tuple[int, ...]) -> float:
        second = [c - f for c, f in zip((3, 3, 2), first_row, strict=True)]
        cells = [*first_row, *second]
        numerator = math.prod(math.factorial(k) for k in (4, 4, 3, 3, 2))
        return numerator / (math.factorial(8) * math.prod(math.factorial(k) for k in cells))

    tables = [
        row
        for row in itertools.product(range(4), range(4), range(3))
        if sum(row) == 4 and all(c - f >= 0 for c, f in zip((3, 3, 2), row, strict=True))
    ]
    p_observed = probability(tuple(observed[0]))
    exact = sum(probability(t) for t in tables if probability(t) <= p_observed * (1 + 1e-9))
    assert result.test.name == "Fisher–Freeman–Halton exact test"
    assert result.test.p_value == pytest.approx(exact, abs=0.01)
    assert "may not be meaningful" in (result.test.warning or "")
    assert "6 of 6 expected counts are below 5" in (result.test.warning or "")
    again = compare_answers(values, groups, scale="categorical")
    assert again.test.p_value == result.test.p_value  # fixed seed: reproducible


def test_counts_show_every_level_and_group_even_when_nobody_is_in_them() -> None:
    index = ["P1", "P2", "P3"]
    values = pd.Series(pd.Categorical(["yes", "yes", "no"], categories=["yes", "no", "unsure"]))
    values.index = index
    groups = pd.Series(
        pd.Categorical(["NHS", "NHS", "NHS"], categories=["NHS", "voluntary sector"]), index=index
    )
    result = compare_answers(values, groups, scale="categorical")

    assert result.levels == ["yes", "no", "unsure"]
    assert result.groups == ["NHS", "voluntary sector"]
    assert result.counts.loc["NHS"].tolist() == [2, 1, 0]
    assert result.counts.loc["voluntary sector"].tolist() == [0, 0, 0]
    assert result.n.tolist() == [3, 0]
    assert result.percentages.loc["NHS", "yes"] == pytest.approx(200 / 3)
    assert result.percentages.loc["voluntary sector"].isna().all()
    assert not result.test.ran
    assert "Fewer than two groups" in (result.test.warning or "")


def test_no_answer_not_asked_and_no_group_are_counted_apart() -> None:
    index = [f"P{i}" for i in range(7)]
    values = pd.Series(["yes", "no", None, None, "yes", "no", "yes"], index=index)
    groups = pd.Series(["A", "A", "A", "B", "B", "B", None], index=index)
    asked = pd.Series([True, True, True, False, True, True, True], index=index)
    result = compare_answers(values, groups, scale="categorical", asked=asked)

    assert result.n.to_dict() == {"A": 2, "B": 2}
    assert result.excluded.loc["A"].to_dict() == {NO_ANSWER: 1, NOT_ASKED: 0}
    assert result.excluded.loc["B"].to_dict() == {NO_ANSWER: 0, NOT_ASKED: 1}
    assert result.no_group == 1


def test_everyone_giving_the_same_answer_runs_no_test() -> None:
    values, groups = _answers({"A": {"yes": 3}, "B": {"yes": 4}}, ["yes", "no"])
    result = compare_answers(values, groups, scale=ScaleType.CATEGORICAL)

    assert result.test.p_value is None
    assert result.test.warning == "Everyone who answered chose 'yes', so there is nothing to test."
    assert result.test.summary().startswith("No test: Everyone")


# ---------------------------------------------------------------- ordinal


def test_mann_whitney_u_matches_the_pair_count_and_exact_p_by_hand() -> None:
    first, second = [0, 2, 4], [1, 3, 5, 6]
    values, groups = _ordinal({"A": first, "B": second}, levels=7)
    result = compare_answers(values, groups, scale="ordinal")

    u = sum(1 for a in first for b in second if a > b)
    assert u == 3
    # Exact null distribution: every way of choosing which 3 of the 7 ranks are A's.
    null = [
        sum(1 for a in chosen for b in set(range(7)) - set(chosen) if a > b)
        for chosen in itertools.combinations(range(7), 3)
    ]
    p = 2 * sum(1 for value in null if value <= u) / len(null)
    assert p == pytest.approx(0.4)
    assert result.test.name == "Mann–Whitney U test"
    assert result.test.statistic == pytest.approx(u)
    assert result.test.p_value == pytest.approx(p)
    assert result.test.effect_size == pytest.approx(2 * u / 12 - 1)
    assert not result.test.reliable
    assert "the p-value is not reliable (A: 3 people; B: 4 people)" in (result.test.caveat or "")


def test_kruskal_wallis_h_matches_the_rank_sum_formula() -> None:
    samples = {"A": [1, 4, 7, 10, 13], "B": [2, 5, 8, 11, 14], "C": [0, 3, 6, 9, 12]}
    index = [f"P{i}" for i in range(15)]
    values = pd.Series([v for s in samples.values() for v in s], index=index)
    groups = pd.Series([g for g, s in samples.items() for _ in s], index=index)
    result = compare_answers(values, groups, scale="ordinal")

    n = 15
    rank_sums = [sum(v + 1 for v in s) for s in samples.values()]  # values 0..14 are ranks - 1
    h = 12 / (n * (n + 1)) * sum(r**2 / 5 for r in rank_sums) - 3 * (n + 1)
    assert result.test.name == "Kruskal–Wallis H test"
    assert result.test.statistic == pytest.approx(h)
    assert result.test.dof == 2
    assert result.test.p_value == pytest.approx(math.exp(-h / 2))  # chi² survival, 2 df
    assert result.test.effect_size == pytest.approx(h / (n - 1))
    assert result.test.warning is None


def test_ordinal_levels_are_compared_by_position_not_by_spelling() -> None:
    levels = ["strongly disagree", "disagree", "agree", "strongly agree"]
    index = [f"P{i}" for i in range(10)]
    values = pd.Series(
        pd.Categorical(
            ["strongly agree"] * 5 + ["strongly disagree"] * 5, categories=levels, ordered=True
        ),
        index=index,
    )
    groups = pd.Series(["peer"] * 5 + ["staff"] * 5, index=index)
    result = compare_answers(values, groups, scale="ordinal")

    assert result.test.statistic == pytest.approx(25.0)  # every peer answer is higher
    assert result.test.effect_size == pytest.approx(1.0)
    assert result.counts.columns.tolist() == levels


def test_an_ordinal_comparison_needs_ordered_levels() -> None:
    values = pd.Series(pd.Categorical(["low", "high"], categories=["low", "high"]))
    groups = pd.Series(["A", "B"])
    with pytest.raises(ValidationError, match="needs the levels in order"):
        compare_answers(values, groups, scale="ordinal")
    with pytest.raises(ValidationError, match="ordered Categorical or numbers"):
        compare_answers(pd.Series(["low", "high"]), groups, scale="ordinal")


def test_unknown_scales_and_mismatched_participants_are_rejected() -> None:
    values = pd.Series(["yes", "no"], index=["P1", "P2"])
    with pytest.raises(ValidationError, match="Unknown response scale 'likert'"):
        compare_answers(values, pd.Series(["A", "B"], index=["P1", "P2"]), scale="likert")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="same participants"):
        compare_answers(values, pd.Series(["A", "B"], index=["P1", "P3"]), scale="categorical")


# ---------------------------------------------------------------- reporting


def test_summary_reads_like_a_line_of_a_results_section() -> None:
    values, groups = _answers({"B": {"yes": 1, "no": 5}, "A": {"yes": 8, "no": 2}}, ["yes", "no"])
    summary = compare_answers(values, groups, scale="categorical").test.summary()

    assert summary.startswith("Fisher's exact test: odds ratio = 20.00, p = 0.035, Cramér's V = ")
    assert format_p(0.0004) == "p < 0.001"
    assert format_p(None) == "p not available"


def test_long_frame_has_one_row_per_group_and_level() -> None:
    values, groups = _answers({"A": {"yes": 3, "no": 1}, "B": {"yes": 1, "no": 1}}, ["yes", "no"])
    long = compare_answers(values, groups, scale="categorical").long()

    assert long.columns.tolist() == ["group", "level", "count", "n", "percent"]
    row = long[(long.group == "A") & (long.level == "yes")].iloc[0]
    assert (row["count"], row["n"], row["percent"]) == (3, 4, 75.0)
    assert len(long) == 4
