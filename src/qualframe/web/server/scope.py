"""The scope filters as a page or the JSON API is asked them: one model, for
query strings and request bodies alike.

``where`` items are ``NAME=VALUE`` (repeat a name for any of its values);
``document``, ``participant`` and ``case`` are ids (digits) or names;
``speaker`` items are speaker labels; ``coder`` a coder's name. In a query
string each is repeated (``?document=P01.txt&document=P02.txt``); in a body
each is a list.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from qualframe.services.core.refs import Ref
from qualframe.services.core.scope import Scope
from qualframe.services.core.where_filters import parse_where


def ref_of(text: str | int) -> Ref:
    """An object reference as a form or query string gives it: digits are an
    id, anything else a name (or a code's path)."""
    value = str(text).strip()
    return int(value) if value.isdecimal() else value


def _refs(items: list[str]) -> list[Ref] | None:
    found = [ref_of(item) for item in items if item.strip()]
    return found or None


class ScopeParams(BaseModel):
    """Which codings or text to look at (see the module docstring); every filter
    is optional, and a blank item (an empty select) is ignored."""

    where: list[str] = Field(
        default_factory=list,
        description='Attribute filters "name=value" (repeat a name for any of its values).',
    )
    document: list[str] = Field(default_factory=list, description="Documents (ids or names).")
    participant: list[str] = Field(
        default_factory=list, description="Participants (ids or identifiers)."
    )
    case: list[str] = Field(default_factory=list, description="Cases (ids or names).")
    speaker: list[str] = Field(default_factory=list, description="Speaker labels.")
    coder: str | None = Field(default=None, description="Only this coder's codings.")

    def to_scope(self) -> Scope:
        """The :class:`Scope`; raises :class:`ValidationError` for a bad ``where`` item."""
        return Scope(
            documents=_refs(self.document),
            participants=_refs(self.participant),
            cases=_refs(self.case),
            speakers=[s for s in self.speaker if s.strip()] or None,
            coder=(self.coder or "").strip() or None,
            where=parse_where(self.where),
        )

    def items(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs (blank items left out)."""
        pairs = [
            (name, value)
            for name in ("where", "document", "participant", "case", "speaker")
            for value in getattr(self, name)
            if value.strip()
        ]
        return pairs + ([("coder", self.coder)] if self.coder else [])
