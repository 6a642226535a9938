"""The scope filters as a page or the JSON API is asked them: one model, for
query strings and request bodies alike.

``where`` items are ``NAME=VALUE`` (repeat a name for any of its values);
``document``, ``participant`` and ``case`` are names (a document's name, a
participant's identifier, a case's name) and ``document_id``,
``participant_id`` and ``case_id`` ids, never guessed from one another (see
:mod:`~qualframe.web.server.refs`); ``speaker`` items are speaker labels;
``section`` items words of section titles; ``coder`` a coder's name. In a
query string each is repeated (``?document=P01.txt&document=P02.txt``,
``?document_id=4``); in a body each is a list.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from qualframe.services.core.refs import Ref
from qualframe.services.core.scope import Scope
from qualframe.services.core.where_filters import parse_where
from qualframe.web.server.refs import Ids, refs_of


def _refs(names: list[str], ids: list[int]) -> list[Ref] | None:
    return refs_of(names, ids) or None


class ScopeParams(BaseModel):
    """Which codings or text to look at (see the module docstring); every filter
    is optional, and a blank item (an empty select) is ignored."""

    where: list[str] = Field(
        default_factory=list,
        description='Attribute filters "name=value" (repeat a name for any of its values).',
    )
    document: list[str] = Field(
        default_factory=list, description="Documents by name (repeat for several)."
    )
    document_id: Ids = Field(
        default_factory=list, description="Documents by id (repeat for several)."
    )
    participant: list[str] = Field(
        default_factory=list,
        description="Participants by identifier, their name (repeat for several).",
    )
    participant_id: Ids = Field(
        default_factory=list, description="Participants by id (repeat for several)."
    )
    case: list[str] = Field(default_factory=list, description="Cases by name (repeat for several).")
    case_id: Ids = Field(default_factory=list, description="Cases by id (repeat for several).")
    speaker: list[str] = Field(
        default_factory=list, description="Speaker labels, by name as transcribed."
    )
    section: list[str] = Field(
        default_factory=list,
        description="Words of section titles: only text under such a heading (ignoring case).",
    )
    coder: str | None = Field(default=None, description="Only this coder's codings (by name).")

    def to_scope(self) -> Scope:
        """The :class:`Scope`; raises :class:`ValidationError` for a bad ``where`` item."""
        return Scope(
            documents=_refs(self.document, self.document_id),
            participants=_refs(self.participant, self.participant_id),
            cases=_refs(self.case, self.case_id),
            speakers=[s for s in self.speaker if s.strip()] or None,
            coder=(self.coder or "").strip() or None,
            where=parse_where(self.where),
            sections=[s for s in self.section if s.strip()] or None,
        )

    def items(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, in declared order (blank items left out)."""
        pairs: list[tuple[str, str]] = []
        lists = [name for name in ScopeParams.model_fields if name != "coder"]
        for name in lists:
            pairs += [(name, str(value)) for value in getattr(self, name) if str(value).strip()]
        return pairs + ([("coder", self.coder)] if self.coder else [])
