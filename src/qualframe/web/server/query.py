"""Choices read from a query string that write themselves back as one.

A page whose choices live in its address (a comparison, a search) declares
them as one pydantic model deriving from :class:`QueryChoices`; the same
model reads the query string (``Annotated[Model, Query()]``) and writes the
links that keep the choices (exports, charts, paging).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar
from urllib.parse import urlencode

from pydantic import BaseModel

from qualframe.web.server.scope import ScopeParams

#: The scope filters, in the order a query string lists them.
SCOPE_FIELDS = tuple(ScopeParams.model_fields)


class QueryChoices(BaseModel):
    """Choices read from a query string that write themselves back as one."""

    #: The fields in the order they are written (None: as declared).
    query_order: ClassVar[tuple[str, ...] | None] = None

    def query_pairs(self, names: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """The choices (those ``names``, else :attr:`query_order`) as
        ``(name, value)`` pairs: a list item by item, a flag as ``"true"``
        (``"false"`` only when it is on by default), empty values left out."""
        model = type(self).model_fields
        pairs: list[tuple[str, str]] = []
        for name in names or self.query_order or tuple(model):
            value = getattr(self, name)
            if isinstance(value, bool):
                pairs.append((name, "true" if value else "false" if model[name].default else ""))
            elif isinstance(value, list):
                pairs.extend((name, str(item)) for item in value)
            elif value is not None:
                pairs.append((name, str(value)))
        return [(name, value) for name, value in pairs if value != ""]

    def query(self) -> str:
        """These choices as a query string."""
        return urlencode(self.query_pairs())
