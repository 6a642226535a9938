"""Agreement on units (qualframe.analysis.agreement).

Expected figures are published ones where a source gives them (Krippendorff
2011; the worked examples of Wikipedia's "Cohen's kappa" and "Fleiss'
kappa" articles) or computed by hand, with the arithmetic in the test's
docstring; larger data are checked against plain loops written from the
definitions and against the ``krippendorff`` package.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import subprocess
import sys
from collections.abc import Callable

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from qualframe.analysis.agreement import UnitFigures, binary_unit_agreement, unit_agreement
from qualframe.errors import ValidationError


def _close(figures: UnitFigures, expected: UnitFigures) -> bool:
    """Field by field: counts and ``None`` exactly, coefficients to 1e-9."""
    return dataclasses.astuple(figures) == pytest.approx(dataclasses.astuple(expected), abs=1e-9)


def _pairs(counts: list[tuple[str, str, int]]) -> pd.DataFrame:
    """Two coders' ratings reproducing a 2 × 2 (or larger) table of (first, second, units)."""
    rows = [(first, second) for first, second, n in counts for _ in range(n)]
    return pd.DataFrame(rows, columns=["A", "B"])


def _from_counts(table: list[list[int]]) -> pd.DataFrame:
    """Ratings whose category counts per unit are ``table`` (raters filled in category order)."""
    rows = [[k for k, n in enumerate(counts) for _ in range(n)] for counts in table]
    return pd.DataFrame(rows, columns=[f"r{i}" for i in range(len(rows[0]))])


# --- published examples -----------------------------------------------------------


def test_krippendorff_alpha_matches_krippendorffs_published_example_with_missing_values() -> None:
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", §C: 4 observers,
    12 units, nominal data with missing values; nominal α = 0.743. Unit 12 has one value
    only, so 11 units are pairable."""
    na = None
    ratings = pd.DataFrame(
        {
            "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, na, na, na],
            "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, na, 3],
            "C": [na, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, na],
            "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, na],
        }
    )

    figures = unit_agreement(ratings)

    assert figures.krippendorff_alpha == pytest.approx(0.743, abs=5e-4)
    assert figures.units == 11
    assert figures.coders == 4
    assert figures.fleiss_kappa is None  # missing ratings
    assert figures.cohen_kappa is None  # four coders
    package = krippendorff.alpha(np.array(ratings.T, dtype=float), level_of_measurement="nominal")
    assert figures.krippendorff_alpha == pytest.approx(package, abs=1e-12)


def test_fleiss_kappa_matches_the_published_worked_example() -> None:
    """Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories;
    P̄ = 0.378, P̄e = 0.213, κ = 0.210."""
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]

    figures = unit_agreement(_from_counts(table))

    assert figures.fleiss_kappa == pytest.approx(0.210, abs=5e-4)
    assert figures.percent == pytest.approx(0.378, abs=5e-4)
    assert (figures.units, figures.coders) == (10, 14)


def test_cohen_kappa_and_the_others_on_the_published_two_coder_table() -> None:
    """Wikipedia, "Cohen's kappa", first example: 50 proposals, both yes 20, A yes / B no 5,
    A no / B yes 10, both no 15: p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4.

    By hand for the same table: pooled shares yes 55/100, no 45/100, so Fleiss
    P_e = 0.55² + 0.45² = 0.505 and κ = (0.7 − 0.505) / 0.495 = 0.393939…; Gwet's
    π_yes = (20 + 15·½) / 50 = 0.55, p_e = 2·0.55·0.45 / (2 − 1) = 0.495, AC1 =
    0.205 / 0.505 = 0.405940…; Krippendorff's α = 1 − (100 − 1)·(2·15) / (2·55·45) = 0.4.
    """
    ratings = _pairs([("yes", "yes", 20), ("yes", "no", 5), ("no", "yes", 10), ("no", "no", 15)])

    figures = unit_agreement(ratings)

    assert _close(
        figures,
        UnitFigures(
            units=50,
            coders=2,
            percent=0.7,
            cohen_kappa=0.4,
            fleiss_kappa=0.195 / 0.495,
            gwet_ac1=0.205 / 0.505,
            krippendorff_alpha=0.4,
        ),
    )


def test_ac1_stays_high_where_kappa_collapses_under_high_agreement() -> None:
    """The high-agreement paradox (Feinstein & Cicchetti 1990; Gwet 2008): 125 units,
    both + 118, A+ B− 5, A− B+ 2, both − 0, by hand.

    p_a = 118/125 = 0.944. Cohen: A+ 123/125 = 0.984, B+ 120/125 = 0.96, p_e = 0.984·0.96
    + 0.016·0.04 = 0.94528, κ = (0.944 − 0.94528)/(1 − 0.94528) = −0.0233918….
    AC1: π+ = (118 + 7·½)/125 = 0.972, p_e = 2·0.972·0.028 = 0.054432, AC1 =
    (0.944 − 0.054432)/(1 − 0.054432) = 0.9407762….
    """
    ratings = _pairs([("+", "+", 118), ("+", "-", 5), ("-", "+", 2)])

    figures = unit_agreement(ratings)

    assert figures.percent == pytest.approx(0.944)
    assert figures.cohen_kappa == pytest.approx((0.944 - 0.94528) / (1 - 0.94528))
    assert figures.gwet_ac1 == pytest.approx((0.944 - 0.054432) / (1 - 0.054432))
    assert figures.cohen_kappa is not None and figures.gwet_ac1 is not None
    assert figures.cohen_kappa < 0 < 0.94 < figures.gwet_ac1


# --- many coders, missing ratings: plain loops and the package --------------------


def _reference(ratings: pd.DataFrame, q: int) -> dict[str, float | None]:
    """Percent, Fleiss' κ and AC1 by plain loops over units and pairs of coders."""
    rows = [[v for v in row if v is not None and not pd.isna(v)] for row in ratings.to_numpy()]
    pairable = [row for row in rows if len(row) >= 2]
    per_unit = [
        sum(a == b for a, b in itertools.permutations(row, 2)) / (len(row) * (len(row) - 1))
        for row in pairable
    ]
    percent = sum(per_unit) / len(per_unit)
    labels = sorted({v for row in rows for v in row})
    rated = [row for row in rows if row]
    pi = {k: sum(row.count(k) / len(row) for row in rated) / len(rated) for k in labels}
    chance = sum(p * (1 - p) for p in pi.values()) / (q - 1)
    fleiss = None
    if all(len(row) == ratings.shape[1] for row in rows):
        total = sum(len(row) for row in rows)
        p_e = sum((sum(row.count(k) for row in rows) / total) ** 2 for k in labels)
        fleiss = (percent - p_e) / (1 - p_e)
    return {"percent": percent, "ac1": (percent - chance) / (1 - chance), "fleiss": fleiss}


def _random_ratings(seed: int, units: int, coders: int, missing: float) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    labels = np.array(["none", "partly", "mostly", "fully"], dtype=object)
    # coders agree more than chance: each unit has a "true" label most coders give
    truth = rng.integers(0, 4, size=units)
    noise = rng.integers(0, 4, size=(units, coders))
    values = np.where(rng.random((units, coders)) < 0.6, truth[:, None], noise)
    frame = pd.DataFrame(labels[values], columns=[f"coder {i}" for i in range(coders)])
    return frame.mask(rng.random((units, coders)) < missing)


def test_ten_coders_with_missing_values_agree_with_the_package_and_the_definitions() -> None:
    ratings = _random_ratings(seed=14, units=120, coders=10, missing=0.3)
    ratings.iloc[0, 1:] = None  # a unit only one coder rated: not pairable
    ratings.iloc[1, :] = None  # a unit nobody rated

    figures = unit_agreement(ratings)

    expected = _reference(ratings, q=4)
    numbers = ratings.replace({"none": 0, "partly": 1, "mostly": 2, "fully": 3})
    package = krippendorff.alpha(np.array(numbers.T, dtype=float), level_of_measurement="nominal")
    assert figures.units == 118
    assert figures.coders == 10
    assert figures.percent == pytest.approx(expected["percent"])
    assert figures.gwet_ac1 == pytest.approx(expected["ac1"])
    assert figures.krippendorff_alpha == pytest.approx(package)
    assert figures.krippendorff_alpha is not None and 0.3 < figures.krippendorff_alpha < 0.8
    assert figures.fleiss_kappa is None
    assert figures.cohen_kappa is None


def test_ten_coders_without_missing_values_get_fleiss_kappa_as_defined() -> None:
    ratings = _random_ratings(seed=3, units=80, coders=10, missing=0.0)

    figures = unit_agreement(ratings)

    expected = _reference(ratings, q=4)
    assert figures.fleiss_kappa == pytest.approx(expected["fleiss"])
    assert figures.percent == pytest.approx(expected["percent"])
    assert figures.gwet_ac1 == pytest.approx(expected["ac1"])


def test_a_declared_scale_changes_only_gwets_ac1() -> None:
    """With 3 declared categories of which 2 occur, AC1's chance term divides by q − 1 = 2."""
    ratings = _pairs([("a", "a", 6), ("a", "b", 2), ("b", "b", 2)])

    observed = unit_agreement(ratings)
    declared = unit_agreement(ratings, categories=["a", "b", "c"])

    # π_a = (6 + 2·½)/10 = 0.7, π_b = 0.3, π_c = 0: p_e = (0.21 + 0.21 + 0)/2 = 0.21
    assert declared.gwet_ac1 == pytest.approx((0.8 - 0.21) / (1 - 0.21))
    assert observed.gwet_ac1 == pytest.approx((0.8 - 0.42) / (1 - 0.42))
    assert declared.krippendorff_alpha == observed.krippendorff_alpha
    assert declared.cohen_kappa == observed.cohen_kappa


# --- undefined figures ---------------------------------------------------------------


def test_one_category_only_leaves_the_chance_corrected_figures_undefined() -> None:
    ratings = pd.DataFrame({"A": ["x"] * 5, "B": ["x"] * 5, "C": ["x", "x", None, "x", "x"]})

    figures = unit_agreement(ratings)

    assert figures == UnitFigures(5, 3, 1.0, None, None, None, None)


def test_a_code_nobody_applied_has_perfect_ac1_and_undefined_kappas() -> None:
    """Two categories (present/absent) with every rating "absent": π = (0, 1), p_e = 0,
    AC1 = (1 − 0)/(1 − 0) = 1; κ and α are 0/0."""
    figures = binary_unit_agreement({}, units=4, coders=["A", "B"])

    assert figures == UnitFigures(4, 2, 1.0, None, None, 1.0, None)


def test_units_rated_by_one_coder_each_give_no_figures() -> None:
    ratings = pd.DataFrame({"A": ["x", None], "B": [None, "y"]})

    assert unit_agreement(ratings) == UnitFigures(0, 2, None, None, None, None, None)


def test_figures_are_plain_floats_never_nan() -> None:
    figures = unit_agreement(_random_ratings(seed=1, units=30, coders=2, missing=0.1))

    for name in ("percent", "cohen_kappa", "gwet_ac1", "krippendorff_alpha"):
        value = getattr(figures, name)
        assert type(value) is float and math.isfinite(value), name


# --- binary_unit_agreement ----------------------------------------------------------------


def test_binary_agreement_is_unit_agreement_on_present_and_absent() -> None:
    applied = {"A": {0, 1, 2, 5}, "B": [1, 2, 3], "C": (2, 5)}

    figures = binary_unit_agreement(applied, units=7, coders=["A", "B", "C", "D"])

    frame = pd.DataFrame({name: [i in applied.get(name, ()) for i in range(7)] for name in "ABCD"})
    assert figures == unit_agreement(frame, categories=[False, True])
    assert figures.units == 7 and figures.coders == 4
    assert figures.fleiss_kappa is not None


def test_a_coder_who_did_not_rate_units_is_missing_there_not_absent() -> None:
    """B coded only units 0–2 (one document): units 3–5 are A's alone and not pairable.
    On units 0–2 A and B agree on all three (1 present, 2 absent), so percent is 1."""
    figures = binary_unit_agreement(
        {"A": [0, 4, 5], "B": [0]},
        units=6,
        coders=["A", "B"],
        rated={"A": range(6), "B": [0, 1, 2]},
    )

    assert figures.units == 3
    assert figures.percent == 1.0
    assert figures.fleiss_kappa is None
    assert figures.cohen_kappa == 1.0
    assert figures.krippendorff_alpha == 1.0


def test_a_coder_absent_from_rated_rated_nothing() -> None:
    figures = binary_unit_agreement(
        {"A": [0]}, units=3, coders=["A", "B", "C"], rated={"A": range(3), "B": range(3)}
    )

    assert figures.coders == 3
    assert figures.fleiss_kappa is None  # C is missing everywhere
    assert figures.percent == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: binary_unit_agreement({}, 3, ["A"]), r"at least 2 coders; got 1: 'A'"),
        (lambda: binary_unit_agreement({}, 3, ["A", "A"]), r"only once; repeated: 'A'"),
        (lambda: binary_unit_agreement({}, 0, ["A", "B"]), r"no units to compare \(units = 0\)"),
        (
            lambda: binary_unit_agreement({}, 2.5, ["A", "B"]),  # type: ignore[arg-type]
            r"whole number; got 2\.5",
        ),
        (
            lambda: binary_unit_agreement({"Z": [1]}, 3, ["A", "B"]),
            r"Coders in applied who are not among the coders compared \('A', 'B'\): 'Z'",
        ),
        (
            lambda: binary_unit_agreement({}, 3, ["A", "B"], rated={"Q": [0]}),
            r"Coders in rated who are not among the coders compared \('A', 'B'\): 'Q'",
        ),
        (
            lambda: binary_unit_agreement({"A": [3]}, 3, ["A", "B"]),
            r"numbered 0 \.\. 2; applied for coder 'A' has unit 3",
        ),
        (
            lambda: binary_unit_agreement({"A": [-1]}, 3, ["A", "B"]),
            r"applied for coder 'A' has unit -1",
        ),
        (
            lambda: binary_unit_agreement({"A": ["1"]}, 3, ["A", "B"]),  # type: ignore[list-item]
            r"applied for coder 'A' has '1'",
        ),
        (
            lambda: binary_unit_agreement({"A": [2]}, 3, ["A", "B"], rated={"A": [0, 1]}),
            r"'A' applied the code to unit 2, which is not among the units they rated",
        ),
    ],
)
def test_bad_binary_input_is_refused_with_a_clear_message(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        call()


# --- bad ratings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        (pd.DataFrame({"A": [1, 2]}), r"at least 2 coders; got 1"),
        (pd.DataFrame({"A": [], "B": []}), r"no units to compare \(the ratings have no rows\)"),
        (pd.DataFrame([[1, 2]], columns=["A", "A"]), r"only once; repeated: 'A'"),
        ([[1, 2], [1, 2]], r"must be a table"),
        (pd.DataFrame({"A": [[1]], "B": [[2]]}), r"must be category labels"),
    ],
)
def test_bad_ratings_are_refused_with_a_clear_message(ratings: object, message: str) -> None:
    before = ratings.copy() if isinstance(ratings, pd.DataFrame) else None
    with pytest.raises(ValidationError, match=message):
        unit_agreement(ratings)  # type: ignore[arg-type]
    if isinstance(ratings, pd.DataFrame) and before is not None:
        pd.testing.assert_frame_equal(ratings, before)


def test_a_rating_outside_the_declared_categories_is_refused() -> None:
    ratings = pd.DataFrame({"A": ["yes", "no"], "B": ["yes", "maybe"]})

    with pytest.raises(ValidationError, match=r"outside the categories \('yes', 'no'\): 'maybe'"):
        unit_agreement(ratings, categories=["yes", "no"])
    with pytest.raises(ValidationError, match=r"distinct labels"):
        unit_agreement(ratings, categories=["yes", "yes", "no", "maybe"])


def test_the_ratings_frame_is_not_changed() -> None:
    ratings = _random_ratings(seed=5, units=20, coders=3, missing=0.2)
    before = ratings.copy()

    unit_agreement(ratings)

    pd.testing.assert_frame_equal(ratings, before)


# --- properties ----------------------------------------------------------------------------


ratings_frames = st.integers(min_value=2, max_value=5).flatmap(
    lambda coders: st.lists(
        st.lists(st.sampled_from(["a", "b", "c", None]), min_size=coders, max_size=coders),
        min_size=1,
        max_size=25,
    )
)


@given(rows=ratings_frames, data=st.data())
def test_figures_do_not_depend_on_the_order_of_coders_or_units(
    rows: list[list[str | None]], data: st.DataObject
) -> None:
    frame = pd.DataFrame(rows, columns=[f"c{i}" for i in range(len(rows[0]))])
    coders = data.draw(st.permutations(list(frame.columns)))
    units = data.draw(st.permutations(list(range(len(frame)))))

    figures = unit_agreement(frame)
    shuffled = unit_agreement(frame[coders].iloc[units])

    assert _close(shuffled, figures)
    if figures.percent is not None:
        assert 0.0 <= figures.percent <= 1.0
    for value in (figures.cohen_kappa, figures.fleiss_kappa, figures.gwet_ac1):
        assert value is None or -1.0 - 1e-9 <= value <= 1.0 + 1e-9
    assert figures.krippendorff_alpha is None or figures.krippendorff_alpha <= 1.0 + 1e-9


def test_importing_the_module_loads_no_numerics() -> None:
    script = (
        "import sys\n"
        "import qualframe.analysis.agreement, qualframe.analysis.unitizing\n"
        "heavy = {'numpy', 'pandas', 'krippendorff'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_fleiss_kappa_leaves_out_units_nobody_rated() -> None:
    """A document nobody coded in scope adds units without ratings: Fleiss' κ
    is that of the rated units, not undefined."""
    ratings = _random_ratings(seed=5, units=30, coders=3, missing=0.0)
    unrated = pd.DataFrame(
        {column: [pd.NA] * 4 for column in ratings.columns}, dtype=ratings.dtypes.iloc[0]
    )
    with_unrated = pd.concat([ratings, unrated], ignore_index=True)

    figures = unit_agreement(with_unrated)

    assert figures.fleiss_kappa is not None
    assert figures.fleiss_kappa == pytest.approx(unit_agreement(ratings).fleiss_kappa)
