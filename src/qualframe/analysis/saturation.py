"""Saturation: how many new codes each interview brings, in the order of data collection.

Interviews (documents, or participants, or any column of the codings frame)
are taken in the order the researcher gives — the order of interview dates,
or of coding. A code is **new** at the first step where it appears and
**already seen** at every later step; a code counts once per step however
often it was applied there (as in the R package novelqualcodes, whose
"novel" and "duplicate" are our "new" and "already seen"). A flattening
cumulative curve and a run of steps without new codes are the usual signs
of saturation; they are evidence for a judgement, not a rule.

With ``by`` each group (e.g. each stakeholder group) gets its own curve and
a code is new the first time it appears *within that group*.

Units listed in ``order`` without codings stay in the curve as steps with
zero new codes, so list only units whose coding is done (or at least
started): an interview nobody has coded yet brought no codes only because
nobody looked, and would flatten the curve falsely. The services leave such
documents out and flag those coded but not marked done
(:mod:`qualframe.services.compare.coding_saturation`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qualframe.errors import ValidationError

if TYPE_CHECKING:
    import pandas as pd

    Order = Sequence[Any] | pd.Series | pd.Index
    GroupBy = str | Mapping[Any, Any] | pd.Series | None

#: Units listed in an error message before "and N more".
SHOWN_IN_ERRORS = 10


@dataclass(frozen=True)
class SaturationCurve:
    """New codes per step, in order (see the module docstring).

    ``steps`` has one row per step (per group first when ``by`` was given):
    ``group`` (only with ``by``), ``step`` (1-based within the group),
    the unit column (e.g. ``document``), ``codings`` (codings at this step),
    ``codes`` (distinct codes at this step), ``new`` (codes appearing for
    the first time), ``already_seen`` (``codes - new``), ``new_codes``
    (tuple of the new codes' paths, sorted), ``cumulative_codes`` (distinct
    codes so far) and ``cumulative_codings`` (codings so far).
    """

    steps: pd.DataFrame
    unit: str
    by: str | None

    @property
    def groups(self) -> list[Any]:
        """The groups, in order of first step; ``[None]`` without ``by``."""
        if "group" not in self.steps.columns:
            return [None]
        return list(dict.fromkeys(self.steps["group"]))

    def curve(self, group: Any = None) -> pd.DataFrame:
        """The steps of one group (all steps without ``by``)."""
        if "group" not in self.steps.columns:
            return self.steps
        if group not in self.groups:
            raise ValidationError(f"The saturation curve has no group {group!r}.")
        chosen = self.steps[self.steps["group"] == group]
        return chosen.drop(columns="group").reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """One row per group: ``group, steps, codes`` (distinct), ``last_new_step``
        (the last step that brought a new code; 0 when none did) and
        ``steps_since_new`` (steps after it: the final run without new codes)."""
        import pandas as pd

        rows = []
        for group in self.groups:
            steps = self.curve(group)
            with_new = steps.loc[steps["new"] > 0, "step"]
            last = int(with_new.max()) if len(with_new) else 0
            rows.append(
                {
                    "group": group,
                    "steps": len(steps),
                    "codes": int(steps["cumulative_codes"].max()) if len(steps) else 0,
                    "last_new_step": last,
                    "steps_since_new": len(steps) - last,
                }
            )
        return pd.DataFrame(
            rows, columns=["group", "steps", "codes", "last_new_step", "steps_since_new"]
        )

    def novelty_table(self) -> pd.DataFrame:
        """Per step, new versus already seen codes, as in novelqualcodes' ``score_codes``.

        Columns: ``group`` (only with ``by``), ``step``, the unit column,
        ``codes``, ``new``, ``already_seen``, ``share_new``,
        ``share_already_seen`` (0–1; NaN at a step without codes) and
        ``cumulative_new``. novelqualcodes calls these n_codes, n_novel,
        n_duplicate, prop_novel, prop_duplicate and cumsum_novel.
        """
        table = self.steps.drop(columns=["new_codes", "codings", "cumulative_codings"])
        codes = table["codes"].where(table["codes"] > 0)
        table["share_new"] = table["new"] / codes
        table["share_already_seen"] = table["already_seen"] / codes
        table = table.rename(columns={"cumulative_codes": "cumulative_new"})
        columns = [c for c in table.columns if c != "cumulative_new"] + ["cumulative_new"]
        return table[columns]


def saturation(
    codings: pd.DataFrame,
    order: Order,
    *,
    unit: str = "document",
    by: GroupBy = None,
) -> SaturationCurve:
    """The saturation curve of ``codings`` taken unit by unit in ``order``.

    ``order``: the units (values of the ``unit`` column, e.g. document
    names) in collection order, or a Series of sort keys indexed by unit
    (interview dates, positions); every unit with codings must be placed,
    and units without codings may be listed too (they get zero rows).
    ``unit``: the codings-frame column a step stands for (``"document"``,
    ``"participant"``...). ``by``: a codings-frame column giving each
    coding's group (a unit then belongs to every group it has codings in,
    e.g. a focus group with several stakeholder groups), or a mapping /
    Series unit -> group (every unit in ``order`` then belongs to one group,
    uncoded ones included; units without a group are left out). Codings
    with no ``unit`` value or no code are left out.

    Raises :class:`ValidationError` for a missing column, a unit listed
    twice or not placed, or a sort key missing.
    """
    import pandas as pd

    for column in ("code", unit, *([by] if isinstance(by, str) else [])):
        if column not in codings.columns:
            raise ValidationError(f"The codings frame lacks the column {column!r}.")
    frame = codings[codings[unit].notna() & codings["code"].notna()]
    units = _ordered_units(order, unit)
    _check_placed(units, frame[unit], unit)
    if by is None:
        steps = _steps(frame, units, unit)
        return SaturationCurve(steps=steps, unit=unit, by=None)
    curves = []
    for group, group_units, group_codings in _split(frame, units, unit, by):
        steps = _steps(group_codings, group_units, unit)
        steps.insert(0, "group", group)
        curves.append(steps)
    steps = pd.concat(curves, ignore_index=True) if curves else _steps(frame[:0], [], unit)
    if not curves:
        steps.insert(0, "group", pd.Series(dtype=object))
    return SaturationCurve(steps=steps, unit=unit, by=by if isinstance(by, str) else "group")


def novelty_table(
    codings: pd.DataFrame, order: Order, *, unit: str = "document", by: GroupBy = None
) -> pd.DataFrame:
    """Per unit, codes new versus already seen, like novelqualcodes' ``score_codes``;
    see :meth:`SaturationCurve.novelty_table` (arguments as :func:`saturation`)."""
    return saturation(codings, order, unit=unit, by=by).novelty_table()


# ---------------------------------------------------------------- order


def _ordered_units(order: Order, unit: str) -> list[Any]:
    """The units in order: as listed, or sorted by their keys (ties by unit, as text)."""
    import pandas as pd

    if isinstance(order, pd.Series):
        missing = [str(u) for u, key in order.items() if pd.isna(key)]
        if missing:
            raise ValidationError(f"The order has no sort key for {unit}(s): {_listing(missing)}.")
        keyed = pd.DataFrame({"key": order.to_numpy(), "name": order.index.astype(str)})
        keyed["unit"] = list(order.index)
        units = keyed.sort_values(["key", "name"], kind="stable")["unit"].tolist()
    else:
        units = list(order)
    counts = pd.Series(units, dtype=object).value_counts(sort=False)
    twice = [str(u) for u in counts[counts > 1].index]
    if twice:
        raise ValidationError(f"The order lists {unit}(s) more than once: {_listing(twice)}.")
    return units


def _check_placed(units: Sequence[Any], present: pd.Series, unit: str) -> None:
    placed = set(units)
    unplaced = sorted({str(u) for u in present.unique() if u not in placed})
    if unplaced:
        raise ValidationError(
            f"The order does not place {len(unplaced)} {unit}(s) that have codings: "
            f"{_listing(unplaced)}."
        )


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(names[:SHOWN_IN_ERRORS])
    more = len(names) - SHOWN_IN_ERRORS
    return f"{shown} and {more} more" if more > 0 else shown


def _split(
    frame: pd.DataFrame, units: Sequence[Any], unit: str, by: str | Mapping[Any, Any] | pd.Series
) -> list[tuple[Any, list[Any], pd.DataFrame]]:
    """(group, its units in order, its codings) for each group."""
    import pandas as pd

    if isinstance(by, str):
        frame = frame[frame[by].notna()]
        groups = _group_order(frame[by])
        found = []
        for group in groups:
            mine = frame[frame[by] == group]
            with_codings = set(mine[unit].unique())
            found.append((group, [u for u in units if u in with_codings], mine))
        return found
    mapping = by if isinstance(by, pd.Series) else pd.Series(dict(by), dtype=object)
    unit_group = pd.Series([mapping.get(u) for u in units], index=range(len(units)), dtype=object)
    groups = _group_order(unit_group.dropna())
    found = []
    for group in groups:
        group_units = [u for u, g in zip(units, unit_group, strict=True) if g == group]
        found.append((group, group_units, frame[frame[unit].isin(group_units)]))
    return found


def _group_order(values: pd.Series) -> list[Any]:
    import pandas as pd

    if isinstance(values.dtype, pd.CategoricalDtype):
        present = set(values.dropna().unique())
        return [c for c in values.dtype.categories if c in present]
    return sorted(values.dropna().unique().tolist(), key=str)


# ---------------------------------------------------------------- counting


def _steps(frame: pd.DataFrame, units: Sequence[Any], unit: str) -> pd.DataFrame:
    """The step table of one curve: ``frame``'s codings taken unit by unit in ``units``."""
    import numpy as np
    import pandas as pd

    position = {u: i for i, u in enumerate(units)}
    step = frame[unit].map(position).to_numpy(dtype=np.int64)
    codes = frame["code"].astype(str).to_numpy()
    size = len(units)
    codings_per_step = np.bincount(step, minlength=size)
    distinct = pd.DataFrame({"step": step, "code": codes}).drop_duplicates()
    codes_per_step = np.bincount(distinct["step"].to_numpy(np.int64), minlength=size)
    first = distinct.groupby("code", sort=True)["step"].min()
    new_per_step = np.bincount(first.to_numpy(np.int64), minlength=size)
    names: list[list[str]] = [[] for _ in range(size)]
    for code, at in first.items():  # sorted by code, so each list is sorted
        names[int(at)].append(str(code))
    return pd.DataFrame(
        {
            "step": np.arange(1, size + 1, dtype=np.int64),
            unit: pd.Series(list(units), dtype=object),
            "codings": codings_per_step,
            "codes": codes_per_step,
            "new": new_per_step,
            "already_seen": codes_per_step - new_per_step,
            "new_codes": pd.Series([tuple(n) for n in names], dtype=object),
            "cumulative_codes": np.cumsum(new_per_step),
            "cumulative_codings": np.cumsum(codings_per_step),
        }
    )
