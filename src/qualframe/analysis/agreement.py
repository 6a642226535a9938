"""Inter-coder agreement on units: percent, Cohen's κ, Fleiss' κ, Gwet's AC1, Krippendorff's α.

A *unit* is whatever the coders judged one by one: a speaker turn, a
paragraph, a sentence, or a matrix cell. Each coder gives each unit one
category (a code applied or not; a cell's status) or nothing (missing: the
coder did not code that document). :func:`unit_agreement` takes those
ratings as a units × coders frame; :func:`binary_unit_agreement` builds it
for one code from the units each coder applied the code to.

The figures, all in :class:`UnitFigures` (``None`` where undefined, never
NaN):

- **percent** — observed agreement: for each unit rated by two coders or
  more, the share of agreeing pairs of coders; then the mean over those
  units (Fleiss' P̄; with two coders, the share of units they agree on).
- **Cohen's κ** (Cohen 1960) — two coders only, over the units both rated;
  chance from each coder's own category shares.
- **Fleiss' κ** (Fleiss 1971) — any number of coders, but only when every
  coder rated every unit rated at all (a unit nobody rated is left out);
  chance from the pooled category shares.
- **Gwet's AC1** (Gwet 2008; missing ratings as in Gwet 2014, *Handbook of
  Inter-Rater Reliability*, 4th ed., ch. 2) — chance agreement
  ``Σ_k π_k (1 − π_k) / (q − 1)`` where ``π_k`` is the mean share of
  category *k* in the units rated at all and *q* the number of categories;
  steady when a code is rare, where κ can collapse although coders agree.
- **Krippendorff's α**, nominal (Krippendorff 2011, "Computing
  Krippendorff's Alpha-Reliability"), computed by the ``krippendorff``
  package; any number of coders, missing ratings allowed (units with one
  rating do not count).

Spans of text (where the coders marked passages, rather than units given
in advance) are in :mod:`qualframe.analysis.unitizing`. Matrix-cell
statuses are the unit case with nominal values: pass the statuses as the
ratings frame.

Nothing here touches a database; bad input raises
:class:`~qualframe.errors.ValidationError` naming the problem.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

# numpy, pandas and krippendorff are imported where used: importing this
# module for its records stays cheap (the web and the CLI do).
from qualframe.errors import ValidationError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

#: Agreement is measured between at least this many coders.
MIN_CODERS = 2

#: Below this, an expected disagreement (1 − chance agreement) counts as
#: zero: the coefficient is 0/0, undefined.
_EPSILON = 1e-12


@dataclass(frozen=True)
class UnitFigures:
    """Agreement on one binary or nominal question over units.

    ``units`` counts the units rated by at least two coders (the pairable
    ones: the only units any figure here uses); ``coders`` the coders
    compared (the columns). Coefficients are 1 for perfect agreement, 0 for
    what chance would give and negative below it; ``percent`` is a share
    0..1. ``None`` means undefined: no pairable unit, the wrong number of
    coders (Cohen: exactly 2), missing ratings (Fleiss), or a single
    category in use, where chance agreement is already perfect and the
    coefficient is 0/0.
    """

    units: int
    coders: int
    percent: float | None
    cohen_kappa: float | None
    fleiss_kappa: float | None
    gwet_ac1: float | None
    krippendorff_alpha: float | None


def unit_agreement(
    ratings: pd.DataFrame, *, categories: Collection[Hashable] | None = None
) -> UnitFigures:
    """Agreement of two or more coders who each gave units one category.

    ``ratings``: one row per unit, one column per coder (at least 2, unique
    names); values are category labels (str, int or bool, compared by
    equality) or NA (``None``, ``NaN``, ``pd.NA``) where the coder did not
    rate the unit. ``categories``: the full scale, when some of its
    categories may not occur (for example ``(False, True)`` for a code
    that nobody applied); it changes only Gwet's AC1, whose chance term
    depends on the number of categories. Without it the scale is the
    categories that occur.

    Takes about 15 ms for 10,000 units × 10 coders (vectorised; the frame
    is not modified). Raises :class:`ValidationError` for a frame with
    fewer than 2 coders, no units, duplicate coder names, unhashable
    values, or a value outside ``categories``.
    """
    codes, categories_count = _encode(ratings, categories)
    return _figures(codes, categories_count)


def binary_unit_agreement(
    applied: Mapping[str, Collection[int]],
    units: int,
    coders: Sequence[str],
    rated: Mapping[str, Collection[int]] | None = None,
) -> UnitFigures:
    """Agreement on one code over ``units`` units numbered ``0 .. units - 1``.

    ``applied[coder]``: the indexes of the units where the coder applied the
    code; a coder in ``coders`` but not in ``applied`` applied it nowhere.
    ``rated``: when given, the units each coder coded at all (for example
    the units of the documents the coder worked on); a coder's rating is
    missing, not "absent", for every other unit, and a coder in ``coders``
    but not in ``rated`` rated nothing. Without ``rated`` every coder rated
    every unit. The scale is always present/absent (two categories), even
    where nobody applied the code.

    Raises :class:`ValidationError` for fewer than 2 coders, duplicate
    coders, ``units`` below 1, a coder in ``applied`` or ``rated`` who is
    not in ``coders``, a unit index outside ``0 .. units - 1``, or a unit in
    ``applied`` that the coder did not rate.
    """
    import numpy as np

    names = _coder_names(coders)
    count = _unit_count(units)
    for what, mapping in (("applied", applied), ("rated", rated or {})):
        unknown = sorted(set(mapping) - set(names))
        if unknown:
            raise ValidationError(
                f"Coders in {what} who are not among the coders compared "
                f"({_listing(names)}): {_listing(unknown)}."
            )
    codes = np.zeros((count, len(names)), dtype=np.int64)
    if rated is not None:
        codes[:] = -1
    for column, coder in enumerate(names):
        if rated is not None:
            codes[_indexes(rated.get(coder, ()), count, coder, "rated"), column] = 0
        hits = _indexes(applied.get(coder, ()), count, coder, "applied")
        unrated = hits[codes[hits, column] < 0]
        if unrated.size:
            raise ValidationError(
                f"Coder {coder!r} applied the code to unit {int(unrated[0])}, "
                "which is not among the units they rated."
            )
        codes[hits, column] = 1
    return _figures(codes, 2)


# --- input checks and encoding -------------------------------------------------


def _coder_names(coders: Sequence[str]) -> list[str]:
    names = list(coders)
    if len(names) < MIN_CODERS:
        raise ValidationError(
            f"Agreement needs at least {MIN_CODERS} coders; got {len(names)}: {_listing(names)}."
        )
    duplicates = sorted({str(name) for name in names if names.count(name) > 1})
    if duplicates:
        raise ValidationError(
            f"Each coder can be named only once; repeated: {_listing(duplicates)}."
        )
    return names


def _unit_count(units: int) -> int:
    if isinstance(units, bool):
        raise ValidationError(f"The number of units must be a whole number; got {units!r}.")
    try:
        count = operator.index(units)
    except TypeError:
        raise ValidationError(
            f"The number of units must be a whole number; got {units!r}."
        ) from None
    if count < 1:
        raise ValidationError(f"There are no units to compare (units = {count}).")
    return count


def _indexes(values: Collection[int], units: int, coder: str, what: str) -> npt.NDArray[np.int64]:
    """The unit indexes ``values`` as an array, each checked to be in range."""
    import numpy as np

    out = np.empty(len(values), dtype=np.int64)
    for position, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ValidationError(
                f"Units are numbered 0 .. {units - 1}; {what} for coder {coder!r} has {value!r}."
            )
        out[position] = value
    outside = out[(out < 0) | (out >= units)]
    if outside.size:
        raise ValidationError(
            f"Units are numbered 0 .. {units - 1}; {what} for coder {coder!r} "
            f"has unit {int(outside[0])}."
        )
    return out


def _encode(
    ratings: pd.DataFrame, categories: Collection[Hashable] | None
) -> tuple[npt.NDArray[np.int64], int]:
    """The ratings as category numbers (``-1`` missing) and the number of categories."""
    import numpy as np
    import pandas as pd

    if not isinstance(ratings, pd.DataFrame):
        raise ValidationError(
            "The ratings must be a table (a pandas DataFrame) with one row per unit "
            "and one column per coder."
        )
    _coder_names([str(column) for column in ratings.columns])
    if len(ratings) == 0:
        raise ValidationError("There are no units to compare (the ratings have no rows).")
    flat = ratings.to_numpy(dtype=object, copy=True).ravel()  # a copy: the caller's frame stays
    flat[pd.isna(flat)] = None
    try:
        numbers, uniques = pd.factorize(flat, use_na_sentinel=True)
    except TypeError as error:
        raise ValidationError(
            f"Ratings must be category labels (text, whole numbers or true/false): {error}."
        ) from None
    codes = np.asarray(numbers, dtype=np.int64).reshape(ratings.shape)
    if categories is None:
        return codes, len(uniques)
    scale = list(categories)
    position = {category: index for index, category in enumerate(scale)}
    if len(position) != len(scale) or any(_is_missing(category) for category in scale):
        raise ValidationError("The categories must be distinct labels, none of them missing.")
    unknown = [value for value in uniques if value not in position]
    if unknown:
        raise ValidationError(
            f"Ratings outside the categories ({_listing(scale)}): {_listing(unknown)}."
        )
    lookup = np.array([position[value] for value in uniques] + [-1], dtype=np.int64)
    return lookup[codes], len(scale)


def _is_missing(value: object) -> bool:
    import numpy as np
    import pandas as pd

    holder = np.empty(1, dtype=object)  # so that a list-like label is one value, not many
    holder[0] = value
    return bool(pd.isna(holder)[0])


def _listing(values: Collection[object], most: int = 5) -> str:
    shown = [repr(value) if not isinstance(value, str) else f"'{value}'" for value in values]
    more = len(shown) - most
    if not shown:
        return "none"
    return ", ".join(shown[:most]) + (f" and {more} more" if more > 0 else "")


# --- the figures -------------------------------------------------------------------


@dataclass(frozen=True)
class _Tally:
    """Who gave what: per unit the number of ratings, and the nonzero (unit, category) counts."""

    rated: npt.NDArray[np.int64]  # ratings per unit
    unit: npt.NDArray[np.int64]  # of each (unit, category) pair present
    category: npt.NDArray[np.int64]
    count: npt.NDArray[np.int64]


def _tally(codes: npt.NDArray[np.int64], categories: int) -> _Tally:
    import numpy as np

    units = codes.shape[0]
    row, column = np.nonzero(codes >= 0)
    keys, count = np.unique(row * categories + codes[row, column], return_counts=True)
    rated = np.bincount(row, minlength=units)
    return _Tally(rated, keys // categories, keys % categories, count)


def _figures(codes: npt.NDArray[np.int64], categories: int) -> UnitFigures:
    """Every figure from category numbers (units × coders, ``-1`` missing)."""
    import numpy as np

    tally = _tally(codes, max(categories, 1))
    pairable = tally.rated >= 2
    coders = codes.shape[1]
    if not pairable.any():
        return UnitFigures(0, coders, None, None, None, None, None)
    agreeing = np.bincount(
        tally.unit, weights=tally.count * (tally.count - 1.0), minlength=codes.shape[0]
    )
    pairs = tally.rated * (tally.rated - 1.0)
    percent = float(np.mean(agreeing[pairable] / pairs[pairable]))
    return UnitFigures(
        units=int(pairable.sum()),
        coders=coders,
        percent=percent,
        cohen_kappa=_cohen_kappa(codes, categories) if coders == 2 else None,
        fleiss_kappa=_fleiss_kappa(tally, percent, coders, categories),
        gwet_ac1=_gwet_ac1(tally, percent, categories),
        krippendorff_alpha=_krippendorff_alpha(tally, pairable, categories),
    )


def _chance_corrected(observed: float, chance: float) -> float | None:
    if 1.0 - chance < _EPSILON:
        return None
    return float((observed - chance) / (1.0 - chance))


def _cohen_kappa(codes: npt.NDArray[np.int64], categories: int) -> float | None:
    """Cohen's κ over the units both coders rated (each coder's own shares for chance)."""
    import numpy as np

    both = (codes[:, 0] >= 0) & (codes[:, 1] >= 0)
    first, second = codes[both, 0], codes[both, 1]
    observed = float(np.mean(first == second))
    shares_first = np.bincount(first, minlength=categories) / first.size
    shares_second = np.bincount(second, minlength=categories) / second.size
    return _chance_corrected(observed, float(shares_first @ shares_second))


def _fleiss_kappa(tally: _Tally, percent: float, coders: int, categories: int) -> float | None:
    """Fleiss' κ: P̄ against the squared pooled shares; only without missing ratings."""
    import numpy as np

    # A unit nobody rated (a document no coder coded) says nothing either way.
    rated = tally.rated[tally.rated > 0]
    if not rated.size or not (rated == coders).all():
        return None
    counts = np.bincount(tally.category, weights=tally.count, minlength=categories)
    shares = counts / counts.sum()
    return _chance_corrected(percent, float(shares @ shares))


def _gwet_ac1(tally: _Tally, percent: float, categories: int) -> float | None:
    """Gwet's AC1: π_k averaged over the units rated at all (Gwet 2014 for missing ratings)."""
    import numpy as np

    if categories < 2:
        return None
    share_in_unit = tally.count / tally.rated[tally.unit]
    summed = np.bincount(tally.category, weights=share_in_unit, minlength=categories)
    pi = summed / np.count_nonzero(tally.rated)
    chance = float(np.sum(pi * (1.0 - pi)) / (categories - 1))
    return _chance_corrected(percent, chance)


def _krippendorff_alpha(
    tally: _Tally, pairable: npt.NDArray[np.bool_], categories: int
) -> float | None:
    """Nominal α by the ``krippendorff`` package, over the pairable units and the values in them."""
    import krippendorff
    import numpy as np

    keep = pairable[tally.unit]
    unit, category, count = tally.unit[keep], tally.category[keep], tally.count[keep]
    used, category = np.unique(category, return_inverse=True)
    if used.size < 2:
        return None  # one value only: no disagreement possible, α is 0/0
    rows = np.unique(unit, return_inverse=True)[1]
    value_counts = np.zeros((int(rows.max()) + 1, used.size), dtype=np.int64)
    value_counts[rows, category] = count
    alpha = float(krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal"))
    return alpha if math.isfinite(alpha) else None
