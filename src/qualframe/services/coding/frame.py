"""The codings frame: a :class:`~qualframe.services.coding.listing.CodingListing`
as the typed pandas DataFrame ``project.coding.codings()`` returns.

Built at the Python API's edge, column by column: the fixed
:data:`~qualframe.services.coding.codings.CODING_COLUMNS` (offsets in code
points, ``created_at`` in UTC) and one column per attribute, typed by the
attribute's type (see :func:`qualframe.services.study.attribute_values.typed_series`).
Pure: reads nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from qualframe.services.coding.listing import CodingListing
from qualframe.services.study.attribute_values import column_series

if TYPE_CHECKING:
    import pandas as pd


def frame_of_codings(listing: CodingListing) -> pd.DataFrame:
    """The listing as a DataFrame, one row per coding: ``coding_id, code_id, code,
    document_id, document, start, end, text, speaker, participant, case, coder,
    created_at`` (int64 ids and offsets, UTC times), then one typed column per
    attribute."""
    import pandas as pd

    columns = listing.columns
    data: dict[str, Any] = {}
    for name in ("coding_id", "code_id"):
        data[name] = pd.Series(columns[name], dtype="int64")
    data["code"] = list(columns["code"])
    data["document_id"] = pd.Series(columns["document_id"], dtype="int64")
    data["document"] = list(columns["document"])
    data["start"] = pd.Series(columns["start"], dtype="int64")
    data["end"] = pd.Series(columns["end"], dtype="int64")
    data["text"] = list(columns["text"])
    for name in ("speaker", "participant", "case", "coder"):
        data[name] = pd.Series(columns[name], dtype=object)
    data["created_at"] = _utc(columns["created_at"])
    for column in listing.attributes:
        data[column.name] = column_series(column)
    return pd.DataFrame(data)


def _utc(values: Sequence[datetime]) -> pd.Series[Any]:
    """Timestamps as a UTC datetime column (SQLite returns them naive, in UTC)."""
    import pandas as pd

    index = pd.DatetimeIndex(list(values))
    index = index.tz_localize("UTC") if index.tz is None else index.tz_convert("UTC")
    return pd.Series(index)
