"""Comparing structured answers across groups of participants.

A structured question has a response scale (categorical or ordinal levels);
a comparison asks whether the answers differ between groups such as
stakeholder groups or employers. :func:`compare_answers` returns the counts
(groups × levels, every level even when nobody chose it), row percentages,
the number of answers per group, who was left out and why, and one
significance test chosen by the scale:

- categorical, 2 groups × 2 levels: Fisher's exact test (two-sided);
- categorical, larger tables: chi-square test of independence; when
  Cochran's rule fails (more than 20% of expected counts below 5, or any
  below 1) the p-value comes instead from the Fisher–Freeman–Halton exact
  test, estimated from random tables with a fixed seed (reproducible);
- ordinal, 2 groups: Mann–Whitney U (two-sided) on the level positions;
- ordinal, 3 or more groups: Kruskal–Wallis H on the level positions.

Every test obeys one rule (:data:`MIN_GROUP_SIZE`): when a group tested has
fewer than 5 people, the result is kept but marked not reliable
(:attr:`TestResult.reliable` false, :attr:`TestResult.caveat` saying why in
plain words), and the counts per group (with medians and ranges on an
ordinal scale, :meth:`AnswerComparison.spread`) are the result to read.

Qualitative samples are small and purposive: the tests describe the answers
at hand and every result carries a warning when it should not be read as
evidence. Nothing here touches a database; bad arguments raise
:class:`~qualframe.errors.ValidationError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

# scipy, numpy and pandas are imported where used: importing this module (for
# its records and constants, as the web does) stays cheap.
from qualframe.errors import ValidationError
from qualframe.vocabulary import ScaleType

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

Scale = Literal["categorical", "ordinal"] | ScaleType

#: Columns of :attr:`AnswerComparison.excluded`.
NO_ANSWER = "no answer"
NOT_ASKED = "not asked"

#: Random tables drawn for the Fisher–Freeman–Halton test; the seed makes
#: the estimate the same on every run (the standard error at p = 0.05 is
#: about 0.0015).
MONTE_CARLO_RESAMPLES = 20_000
MONTE_CARLO_SEED = 20_140_219

MIN_GROUP_SIZE = 5
"""The smallest group, in people (one answer each), whose test result is shown
as a result; below it the result is kept but marked not reliable.

Why 5: Kruskal–Wallis H is read against the chi-square distribution, an
approximation trusted only when every group has at least 5 observations
(Kruskal & Wallis 1952, and the usual textbook rule); the chi-square test
of independence asks the same of its expected counts (Cochran's rule, see
:data:`MIN_EXPECTED`). Fisher's exact test and the Fisher–Freeman–Halton
test compute exact p-values (and Mann–Whitney U does for small samples
without ties), but with 1–4 people in a group any "difference" is how those
few answered: one person more or less turns the result over. So every test
here follows the same rule."""

#: Cochran's rule: a chi-square test is trusted when at most 20% of the
#: expected counts are below this (and none below 1).
MIN_EXPECTED = 5


@dataclass(frozen=True)
class GroupSize:
    """A group tested and its size: ``n`` people (answers) in ``group``."""

    group: str
    n: int


@dataclass(frozen=True)
class TestResult:
    """One significance test, or the reason none was run.

    ``statistic`` and ``p_value`` are None when no test was run (``name`` is
    then "no test" and ``warning`` says why). ``dof`` is set for chi-square
    and Kruskal–Wallis. ``warning`` is a sentence for the researcher about
    how the p-value was found (e.g. an exact test instead of chi-square) or
    why no test ran. ``effect_size`` is Cramér's V (categorical), the
    rank-biserial correlation (Mann–Whitney; positive when the first group
    tends to answer higher) or epsilon squared (Kruskal–Wallis).

    ``reliable``: a test ran and every group tested has at least
    ``min_group_size`` people (:data:`MIN_GROUP_SIZE`); when a test ran on
    smaller groups it is False, ``small_groups`` names them and ``caveat``
    says in plain words why the p-value is not to be read as a result.
    """

    __test__ = False  # not a pytest test class, despite its name

    name: str
    statistic: float | None
    p_value: float | None
    dof: int | None = None
    warning: str | None = None
    statistic_name: str | None = None
    effect_size: float | None = None
    effect_size_name: str | None = None
    reliable: bool = True
    caveat: str | None = None
    small_groups: tuple[GroupSize, ...] = ()
    min_group_size: int = MIN_GROUP_SIZE

    @property
    def ran(self) -> bool:
        """True when a test was run (there is a p-value)."""
        return self.p_value is not None

    def summary(self) -> str:
        """One line for people, e.g. "Fisher's exact test: odds ratio = 20.00, p = 0.035";
        a test on groups below :data:`MIN_GROUP_SIZE` starts "Not reliable (...)"."""
        import numpy as np

        if not self.ran:
            return f"No test: {self.warning}" if self.warning else "No test."
        parts = [f"{self.name}:"]
        if not self.reliable:
            parts.insert(0, f"{self.marker()} —")
        if self.statistic is not None and self.statistic_name:
            dof = f" ({self.dof} df)" if self.dof is not None else ""
            # An odds ratio is infinite when a cell of the 2 × 2 table is zero.
            shown = "∞" if np.isinf(self.statistic) else f"{self.statistic:.2f}"
            parts.append(f"{self.statistic_name} = {shown}{dof},")
        parts.append(format_p(self.p_value))
        if self.effect_size is not None and self.effect_size_name:
            parts[-1] += f", {self.effect_size_name} = {self.effect_size:.2f}"
        text = " ".join(parts)
        return f"{text}. {self.warning}" if self.warning else text

    def marker(self) -> str:
        """The short label of a test below the minimum group size, e.g. "Not
        reliable (groups of fewer than 5 people)"; empty for a reliable test."""
        if self.reliable or not self.ran:
            return ""
        return f"Not reliable (groups of fewer than {self.min_group_size} people)"


def format_p(p_value: float | None) -> str:
    """A p-value as researchers write it: "p = 0.035", "p < 0.001", "p = 1.000"."""
    import numpy as np

    if p_value is None or np.isnan(p_value):
        return "p not available"
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


@dataclass(frozen=True)
class Spread:
    """One group's ordinal answers in brief: the ``median`` answer ("between
    X and Y" when the two middle answers differ), the ``lowest`` and the
    ``highest`` (levels as text; all None for a group without answers)."""

    group: str
    median: str | None
    lowest: str | None
    highest: str | None


@dataclass(frozen=True)
class AnswerComparison:
    """Answers to one structured question compared across groups.

    ``counts``: groups × levels (ints; every level and every group, zeros
    included). ``percentages``: the same shape, each row as percentages of
    the group's answers (0–100; NaN for a group with no answers). ``n``:
    answers per group. ``excluded``: per group, participants left out
    because they were asked and gave no answer (``"no answer"``) or were not
    asked (``"not asked"``). ``no_group``: participants left out because
    their group value is missing. ``test``: the significance test.
    """

    scale: ScaleType
    counts: pd.DataFrame
    percentages: pd.DataFrame
    n: pd.Series
    excluded: pd.DataFrame
    no_group: int
    test: TestResult

    @property
    def groups(self) -> list[Any]:
        """The groups, in table order."""
        return list(self.counts.index)

    @property
    def levels(self) -> list[Any]:
        """The levels of the scale, in order."""
        return list(self.counts.columns)

    def spread(self) -> list[Spread]:
        """Per group, in table order, the median, lowest and highest answer
        (levels as text; None for a group without answers). Empty for a
        categorical scale, whose levels have no order."""
        if self.scale is not ScaleType.ORDINAL:
            return []
        levels = [str(level) for level in self.levels]
        found = []
        for group, row in self.counts.iterrows():
            # One position per answer, in level order.
            positions = [i for i, count in enumerate(row.tolist()) for _ in range(int(count))]
            if not positions:
                found.append(Spread(str(group), None, None, None))
                continue
            middle = len(positions) // 2
            low, high = (
                (positions[middle - 1], positions[middle])
                if len(positions) % 2 == 0
                else (positions[middle], positions[middle])
            )
            median = levels[low] if low == high else f"between {levels[low]} and {levels[high]}"
            found.append(Spread(str(group), median, levels[positions[0]], levels[positions[-1]]))
        return found

    def long(self) -> pd.DataFrame:
        """A tidy frame: ``group, level, count, n, percent`` (one row per cell),
        ready for :func:`qualframe.analysis.charts.comparison_bars` after
        choosing one level."""
        import numpy as np
        import pandas as pd

        counts = self.counts.to_numpy(dtype=np.int64)
        percent = self.percentages.to_numpy(dtype=float)
        n = self.n.to_numpy(dtype=np.int64)
        rows = [
            {
                "group": group,
                "level": level,
                "count": int(counts[i, j]),
                "n": int(n[i]),
                "percent": float(percent[i, j]),
            }
            for i, group in enumerate(self.counts.index)
            for j, level in enumerate(self.counts.columns)
        ]
        return pd.DataFrame(rows, columns=["group", "level", "count", "n", "percent"])


def compare_answers(
    values: pd.Series,
    groups: pd.Series,
    *,
    scale: Scale,
    asked: pd.Series | None = None,
    monte_carlo_resamples: int = MONTE_CARLO_RESAMPLES,
) -> AnswerComparison:
    """Compare one question's answers across groups.

    ``values``: one answer per participant (index = participant); ordinal
    answers as an ordered Categorical (as ``answers_frame`` gives them) or
    numbers, categorical answers as a Categorical (all its categories become
    columns) or plain values. A missing value means no answer. ``groups``:
    the group of each participant, same index (a Categorical keeps its
    category order and shows empty groups). ``asked``: optional booleans,
    same index, False where the question was not asked (``asked_frame``), so
    "not asked" is counted apart from "no answer".

    Raises :class:`ValidationError` for an unknown scale, mismatched
    indexes, or ordinal answers without an order.
    """
    import pandas as pd

    scale_type = _scale(scale)
    groups = _aligned(values, groups, "groups")
    asked_flags = (
        pd.Series(True, index=values.index)
        if asked is None
        else _aligned(values, asked, "asked").fillna(True).astype(bool)
    )
    levels, positions = _levels(values, scale_type)
    group_order = _group_order(groups)
    has_group = groups.notna()
    answered = values.notna() & asked_flags
    used = has_group & answered

    counts = pd.crosstab(groups[used], values[used].astype(object))
    counts = counts.reindex(index=group_order, columns=levels, fill_value=0).astype("int64")
    counts.index.name, counts.columns.name = "group", "level"
    n = counts.sum(axis=1).rename("n")
    percentages = counts.div(n.where(n > 0), axis=0) * 100.0

    excluded = pd.DataFrame(
        {
            NO_ANSWER: (has_group & asked_flags & values.isna()).groupby(groups).sum(),
            NOT_ASKED: (has_group & ~asked_flags).groupby(groups).sum(),
        }
    ).reindex(group_order, fill_value=0)
    excluded = excluded.fillna(0).astype("int64")
    excluded.index.name = "group"

    if scale_type is ScaleType.ORDINAL:
        samples = {g: positions[used & (groups == g)].to_numpy(float) for g in group_order}
        test = _ordinal_test({g: s for g, s in samples.items() if len(s)})
    else:
        test = _categorical_test(counts, monte_carlo_resamples)
    return AnswerComparison(
        scale=scale_type,
        counts=counts,
        percentages=percentages,
        n=n,
        excluded=excluded,
        no_group=int((~has_group).sum()),
        test=group_size_rule(test, {group: int(size) for group, size in n.items()}),
    )


# ---------------------------------------------------------------- inputs


def _scale(scale: Scale) -> ScaleType:
    try:
        return ScaleType(scale)
    except ValueError:
        raise ValidationError(
            f"Unknown response scale {scale!r}: use 'categorical' or 'ordinal'."
        ) from None


def _aligned(values: pd.Series, other: pd.Series, name: str) -> pd.Series:
    """``other`` in the order of ``values``' index; both must cover the same participants."""
    if values.index.has_duplicates or other.index.has_duplicates:
        raise ValidationError(f"Answers and {name} must have one row per participant.")
    if set(values.index) != set(other.index):
        raise ValidationError(
            f"Answers and {name} must describe the same participants (the same index)."
        )
    return other.reindex(values.index)


def _levels(values: pd.Series, scale: ScaleType) -> tuple[list[Any], pd.Series]:
    """The scale's levels in order and each answer's position among them (NaN if missing)."""
    import numpy as np
    import pandas as pd

    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        if scale is ScaleType.ORDINAL and not dtype.ordered:
            raise ValidationError(
                "An ordinal comparison needs the levels in order: pass the answers as an "
                "ordered Categorical (answers_frame does this for ordinal questions)."
            )
        codes = pd.Series(values.cat.codes, index=values.index).astype(float)
        return list(dtype.categories), codes.where(codes >= 0)
    if scale is ScaleType.ORDINAL:
        if not pd.api.types.is_numeric_dtype(dtype):
            raise ValidationError(
                "An ordinal comparison needs ordered answers: an ordered Categorical or numbers."
            )
        return sorted(values.dropna().unique().tolist()), values.astype(float)
    observed = values.dropna().unique().tolist()
    return sorted(observed, key=str), pd.Series(np.nan, index=values.index)


def _group_order(groups: pd.Series) -> list[Any]:
    import pandas as pd

    if isinstance(groups.dtype, pd.CategoricalDtype):
        return list(groups.dtype.categories)
    return sorted(groups.dropna().unique().tolist(), key=str)


# ---------------------------------------------------------------- tests


def _no_test(reason: str) -> TestResult:
    return TestResult(name="no test", statistic=None, p_value=None, warning=reason, reliable=False)


def group_size_rule(
    test: TestResult, sizes: Mapping[Any, int], minimum: int = MIN_GROUP_SIZE
) -> TestResult:
    """``test`` judged by the group size rule: not reliable, with the small
    groups named and a plain caveat, when a group tested (``sizes``: group ->
    people; groups of 0 take no part in a test) has fewer than ``minimum``
    people. A test that did not run is returned as it is."""
    if not test.ran:
        return test
    small = tuple(GroupSize(str(g), n) for g, n in sizes.items() if 0 < n < minimum)
    if not small:
        return replace(test, reliable=True, caveat=None, small_groups=(), min_group_size=minimum)
    names = "; ".join(f"{s.group}: {_people(s.n)}" for s in small)
    caveat = (
        f"Groups of fewer than {minimum} people: the p-value is not reliable ({names}). "
        "With so few people in a group, one answer more or less can turn the result "
        "over, so the test cannot tell a real difference from chance. Read the counts "
        "per group instead."
    )
    return replace(test, reliable=False, caveat=caveat, small_groups=small, min_group_size=minimum)


def _people(count: int) -> str:
    return f"{count} person" if count == 1 else f"{count} people"


def _categorical_test(counts: pd.DataFrame, resamples: int) -> TestResult:
    """Fisher for 2×2, chi-square otherwise (exact Fisher–Freeman–Halton when counts are small)."""
    import numpy as np
    from scipy import stats

    table = counts.loc[counts.sum(axis=1) > 0, counts.sum(axis=0) > 0]
    if table.shape[0] < 2:
        return _no_test("Fewer than two groups have answers, so there is nothing to compare.")
    if table.shape[1] < 2:
        only = table.columns[0]
        return _no_test(f"Everyone who answered chose {only!r}, so there is nothing to test.")
    observed = table.to_numpy(dtype=np.int64)
    cramer = float(stats.contingency.association(observed, method="cramer"))
    if observed.shape == (2, 2):
        fisher = stats.fisher_exact(observed, alternative="two-sided")
        return TestResult(
            name="Fisher's exact test",
            statistic=float(fisher.statistic),
            p_value=float(fisher.pvalue),
            statistic_name="odds ratio",
            effect_size=cramer,
            effect_size_name="Cramér's V",
        )
    chi2 = stats.chi2_contingency(observed, correction=False)
    expected = np.asarray(chi2.expected_freq)
    small = int((expected < MIN_EXPECTED).sum())
    if small <= 0.2 * expected.size and not (expected < 1).any():
        return TestResult(
            name="Chi-square test of independence",
            statistic=float(chi2.statistic),
            p_value=float(chi2.pvalue),
            dof=int(chi2.dof),
            statistic_name="χ²",
            effect_size=cramer,
            effect_size_name="Cramér's V",
        )
    return _freeman_halton(observed, small, cramer, resamples)


def _freeman_halton(observed: np.ndarray, small: int, cramer: float, resamples: int) -> TestResult:
    """Fisher's exact test for an r×c table, p-value estimated from random tables."""
    import numpy as np
    from scipy import stats

    method = stats.MonteCarloMethod(
        n_resamples=resamples, rng=np.random.default_rng(MONTE_CARLO_SEED)
    )
    result = stats.fisher_exact(observed, method=method)
    return TestResult(
        name="Fisher–Freeman–Halton exact test",
        statistic=None,
        p_value=float(result.pvalue),
        warning=(
            f"{small} of {observed.size} expected counts are below 5, so the chi-square test "
            "may not be meaningful; the p-value comes from Fisher's exact test instead, "
            f"estimated from {resamples:,} random tables."
        ),
        effect_size=cramer,
        effect_size_name="Cramér's V",
    )


def _ordinal_test(samples: dict[Any, np.ndarray]) -> TestResult:
    """Mann–Whitney U for two groups, Kruskal–Wallis H for more, on level positions."""
    import numpy as np
    from scipy import stats

    if len(samples) < 2:
        return _no_test("Fewer than two groups have answers, so there is nothing to compare.")
    pooled = np.concatenate(list(samples.values()))
    if np.all(pooled == pooled[0]):
        return _no_test("Everyone who answered gave the same answer, so there is nothing to test.")
    if len(samples) == 2:
        first, second = samples.values()
        result = stats.mannwhitneyu(first, second, alternative="two-sided")
        u = float(result.statistic)
        return TestResult(
            name="Mann–Whitney U test",
            statistic=u,
            p_value=float(result.pvalue),
            statistic_name="U",
            effect_size=2.0 * u / (len(first) * len(second)) - 1.0,
            effect_size_name="rank-biserial correlation",
        )
    kruskal = stats.kruskal(*samples.values())
    h = float(kruskal.statistic)
    return TestResult(
        name="Kruskal–Wallis H test",
        statistic=h,
        p_value=float(kruskal.pvalue),
        dof=len(samples) - 1,
        statistic_name="H",
        effect_size=h / (len(pooled) - 1),
        effect_size_name="epsilon squared",
    )
