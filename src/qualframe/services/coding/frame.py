"""The codings frame: listing rows turned into a typed pandas DataFrame.

:func:`qualframe.services.coding.codings.codings_frame` resolves the caller's
filters and fetches the rows; this module builds the frame from them: the
fixed :data:`CODING_COLUMNS` (offsets in code points, ``created_at`` in UTC)
and one typed column per participant, case and document attribute. It also
holds the code-tree helpers the listing needs (paths and sub-codes from
``(id, parent id, name)`` rows, without loading the tree).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pandas as pd

from qualframe.services.codebook.tree import PATH_SEPARATOR
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.study.attribute_values import typed_series
from qualframe.storage import queries
from qualframe.vocabulary import AttributeLevel

#: The fixed columns of :func:`~qualframe.services.coding.codings.codings_frame`, before one
#: column per attribute.
CODING_COLUMNS: tuple[str, ...] = (
    "coding_id", "code_id", "code", "document_id", "document", "start", "end", "text",
    "speaker", "participant", "case", "coder", "created_at",
)  # fmt: skip


def code_paths(links: Sequence[tuple[int, int | None, str]]) -> dict[int, str]:
    """Each code's path "Theme > Sub-code", from ``(id, parent id, name)`` rows."""
    parents = {code_id: (parent_id, name) for code_id, parent_id, name in links}
    paths: dict[int, str] = {}
    for code_id in parents:
        names: list[str] = []
        current: int | None = code_id
        while current is not None and current in parents and len(names) <= len(parents):
            parent_id, name = parents[current]
            names.append(name)
            current = parent_id
        paths[code_id] = PATH_SEPARATOR.join(reversed(names))
    return paths


def descendant_ids(links: Sequence[tuple[int, int | None, str]], code_id: int) -> list[int]:
    """Ids of every code below ``code_id`` in the tree."""
    children: dict[int | None, list[int]] = {}
    for child, parent_id, _ in links:
        children.setdefault(parent_id, []).append(child)
    found: list[int] = []
    stack = list(children.get(code_id, []))
    while stack:
        current = stack.pop()
        if current not in found:  # guards against a (forbidden) cycle
            found.append(current)
            stack.extend(children.get(current, []))
    return found


def codings_table(uow: UnitOfWork, rows: Sequence[Any], paths: Mapping[int, str]) -> pd.DataFrame:
    """The codings frame (:data:`CODING_COLUMNS`, then attribute columns) built
    column-wise from :func:`queries.codings.coding_listing` rows; ``paths``
    maps code ids to their paths. Reads attribute values; writes nothing."""
    listing = queries.codings.LISTING_COLUMNS
    columns = (
        dict(zip(listing, (list(c) for c in zip(*rows, strict=True)), strict=True))
        if rows
        else {name: [] for name in listing}
    )
    data: dict[str, Any] = {}
    for name in ("coding_id", "code_id"):
        data[name] = pd.Series(columns[name], dtype="int64")
    data["code"] = [paths.get(code_id) for code_id in columns["code_id"]]
    data["document_id"] = pd.Series(columns["document_id"], dtype="int64")
    data["document"] = columns["document"]
    data["start"] = pd.Series(columns["start"], dtype="int64")
    data["end"] = pd.Series(columns["end"], dtype="int64")
    data["text"] = columns["text"]
    for name in ("speaker", "participant", "case", "coder"):
        data[name] = pd.Series(columns[name], dtype=object)
    data["created_at"] = _utc(columns["created_at"])
    data.update(_attribute_columns(uow, columns["participant_id"], columns["document_id"]))
    return pd.DataFrame(data)


def _utc(values: Sequence[datetime]) -> pd.Series[Any]:
    """Timestamps as a UTC datetime column (SQLite returns them naive, in UTC)."""
    index = pd.DatetimeIndex(list(values))
    index = index.tz_localize("UTC") if index.tz is None else index.tz_convert("UTC")
    return pd.Series(index)


def _attribute_columns(
    uow: UnitOfWork,
    participants: Sequence[int | None],
    documents: Sequence[int],
) -> dict[str, pd.Series[Any]]:
    """One typed column per attribute, aligned with the rows' participants/documents.

    Participant columns hold the participant's own and inherited case
    values; codings attributed to nobody have missing values there. An
    attribute whose name clashes with a fixed column gets " (attribute)".
    """
    definitions = queries.attributes.definitions_by_name(uow.session, uow.project_id)
    levels = {d.level for d in definitions.values()}
    people: dict[int, dict[str, str]] = {}
    if levels - {AttributeLevel.DOCUMENT}:
        people = queries.attributes.participant_attributes(
            uow.session, uow.project_id, {p for p in participants if p is not None}
        )
    texts: dict[int, dict[str, str]] = {}
    if AttributeLevel.DOCUMENT in levels:
        texts = queries.attributes.owner_attributes(
            uow.session, uow.project_id, AttributeLevel.DOCUMENT, set(documents)
        )
    empty: dict[str, str] = {}
    person_rows = [people.get(p, empty) if p is not None else empty for p in participants]
    document_rows = [texts.get(d, empty) for d in documents]
    result: dict[str, pd.Series[Any]] = {}
    for name, definition in definitions.items():
        owners = document_rows if definition.level is AttributeLevel.DOCUMENT else person_rows
        column = name if name not in CODING_COLUMNS else f"{name} (attribute)"
        values = [owner.get(name) for owner in owners]
        result[column] = typed_series(definition.type, definition.levels, values, column)
    return result
