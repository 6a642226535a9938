"""Service records as the web's JSON-ready models: copied field by field, with links.

The services hand typed records; a web view is usually the same record with
what the web adds (a link into the document view, enum values as text).
These two functions make such views without restating the fields.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

from pydantic import BaseModel

from qualframe.services.coding.passage import Passage
from qualframe.web.server.links import document_link

#: A passage view with a ``link`` (see :func:`linked`).
L = TypeVar("L", bound=Passage)
M = TypeVar("M", bound=BaseModel)


def from_record(model: type[M], record: object, **values: Any) -> M:
    """``record`` (a service's result) as ``model``: each field not given in
    ``values`` is read from the record's attribute or property of that name,
    nested records alike; tuples become lists and enum members their text."""
    read = {name: getattr(record, name) for name in model.model_fields if name not in values}
    return model.model_validate({**read, **values}, from_attributes=True)


def linked(view: type[L], passage: Passage, project_id: int) -> L:
    """``passage`` as ``view`` (its record type with a ``link`` field): the same
    fields, and a link to its place in the document view of ``project_id``."""
    values: dict[str, Any] = {field.name: getattr(passage, field.name) for field in fields(passage)}
    values["link"] = document_link(project_id, passage.document_id, passage.start, passage.end)
    return view(**values)
