"""The study's tables as pandas DataFrames, for the Python API's edge.

The use cases return typed records (:class:`~qualframe.services.study.cases.CaseTable`,
:class:`~qualframe.services.study.answers.AnswerTable`, typology
placements); these functions turn them into DataFrames whose columns are
typed as the attributes and questions are (see
:func:`~qualframe.services.study.attribute_values.typed_series`). Nothing
here touches a session.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualframe.services.study.attribute_values import AttributeColumn, column_series

if TYPE_CHECKING:
    import pandas as pd

if TYPE_CHECKING:
    from qualframe.services.study.answers import AnswerTable
    from qualframe.services.study.cases import CaseTable, ParticipantTable
    from qualframe.services.study.typologies import Placement

#: Columns of :func:`assignments_frame`.
ASSIGNMENT_COLUMNS = ("dimension", "level", "object", "category")


def _texts(values: Sequence[object]) -> pd.Series:
    """Names or labels as an object column (kept as given; None stays None)."""
    import pandas as pd

    return pd.Series(list(values), dtype=object)


def _with_attributes(frame: pd.DataFrame, columns: Sequence[AttributeColumn]) -> pd.DataFrame:
    for column in columns:
        frame[column.name] = column_series(column)
    return frame


def cases_frame(table: CaseTable) -> pd.DataFrame:
    """One row per case: ``case``, ``participants`` (count, int64), then each case
    attribute, typed."""
    import pandas as pd

    frame = pd.DataFrame(
        {
            "case": _texts(table.cases),
            "participants": pd.Series(list(table.participants), dtype="int64"),
        }
    )
    return _with_attributes(frame, table.attributes)


def participants_frame(table: ParticipantTable) -> pd.DataFrame:
    """One row per participant: ``participant``, ``case``, the case attributes
    (inherited) and the participant attributes, typed."""
    import pandas as pd

    frame = pd.DataFrame({"participant": _texts(table.participants), "case": _texts(table.cases)})
    return _with_attributes(frame, table.attributes)


def _answer_ids(table: AnswerTable) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "participant": _texts([row.participant for row in table.rows]),
            "case": _texts([row.case for row in table.rows]),
        }
    )


def answers_frame(table: AnswerTable) -> pd.DataFrame:
    """One row per participant: ``participant``, ``case``, then one column per
    structured question (named by its identifier, in schedule order).

    Values are Categoricals of the question's levels (ordered for an ordinal
    scale). A missing value means asked and not answered, not asked, or
    nothing recorded; :func:`asked_frame` tells them apart.
    """
    import pandas as pd

    frame = _answer_ids(table)
    for question in table.questions:
        frame[question.question] = pd.Categorical(
            [row.values[question.question] for row in table.rows],
            categories=list(question.levels),
            ordered=question.ordinal,
        )
    return frame


def asked_frame(table: AnswerTable) -> pd.DataFrame:
    """The shape of :func:`answers_frame`, saying whether each question was asked:
    ``True`` asked (answered or not), ``False`` not asked, ``<NA>`` nothing recorded."""
    import pandas as pd

    frame = _answer_ids(table)
    for question in table.questions:
        flags = [row.asked[question.question] for row in table.rows]
        frame[question.question] = pd.array(flags, dtype="boolean")
    return frame


def assignments_frame(placements: Sequence[Placement]) -> pd.DataFrame:
    """One row per case or participant and dimension: ``dimension``, ``level``
    (``"case"``/``"participant"``), ``object``, ``category`` (None: not assigned)."""
    import pandas as pd

    rows = [(p.dimension, p.level.value, p.object, p.category) for p in placements]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(ASSIGNMENT_COLUMNS)
    # Column by column, as object Series: an unassigned category stays None, not NaN.
    return pd.DataFrame(
        {name: _texts(values) for name, values in zip(ASSIGNMENT_COLUMNS, columns, strict=True)}
    )
