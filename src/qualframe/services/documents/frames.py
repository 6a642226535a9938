"""The documents area's records as the DataFrames of the Python API.

``project.documents.documents()``, ``speakers()``, ``speaker_mappings()``
and ``turns()`` return DataFrames built here, at the API's edge, from the
records the use cases return (the web and the CLI read the records). Pure:
reads nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from qualframe.services.documents.library import DOCUMENT_COLUMNS, DocumentInfo, document_row
from qualframe.services.documents.speakers import MappingInfo, SpeakerLabel, TurnInfo

if TYPE_CHECKING:
    import pandas as pd

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


def documents_frame(documents: Sequence[DocumentInfo]) -> pd.DataFrame:
    """One row per document (see :func:`~qualframe.services.documents.library.document_row`),
    columns :data:`~qualframe.services.documents.library.DOCUMENT_COLUMNS`;
    ``position`` is a nullable integer."""
    import pandas as pd

    rows = [document_row(info) for info in documents]
    frame = pd.DataFrame(rows, columns=list(DOCUMENT_COLUMNS))
    return frame.astype({"position": "Int64"})


def speakers_frame(labels: Sequence[SpeakerLabel]) -> pd.DataFrame:
    """One row per speaker label: the fields of
    :class:`~qualframe.services.documents.speakers.SpeakerLabel` (``role`` as text)."""
    roles = [None if label.role is None else label.role.value for label in labels]
    return _frame(SpeakerLabel, labels, role=roles)


def mappings_frame(mappings: Sequence[MappingInfo]) -> pd.DataFrame:
    """One row per speaker mapping: ``label, document`` (None: project-wide),
    ``role`` (text), ``participant``."""
    return _frame(MappingInfo, mappings, role=[mapping.role.value for mapping in mappings])


def turns_frame(turns: Sequence[TurnInfo]) -> pd.DataFrame:
    """One row per speaker turn: ``turn_id, label, start, end`` (code points, end
    exclusive), ``participant``, ``text`` (the first 80 characters)."""
    return _frame(TurnInfo, turns)


def _frame(
    kind: type[DataclassInstance],
    records: Sequence[DataclassInstance],
    **values: Sequence[Any],
) -> pd.DataFrame:
    """``records`` of the dataclass ``kind`` as rows, its fields as columns;
    ``values`` give some columns' values instead of the fields'."""
    import pandas as pd

    names = [field.name for field in fields(kind)]
    rows = [
        [values[name][i] if name in values else getattr(record, name) for name in names]
        for i, record in enumerate(records)
    ]
    return pd.DataFrame(rows, columns=names)
