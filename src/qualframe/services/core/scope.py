"""Which codings (or which text) a use case looks at: the scope, declared once.

Listing codings, auto-coding, searching, co-occurrence and the comparisons
all narrow their data the same way: by document, participant, case, speaker
label, coder and attribute values. :class:`Scope` is that group as one
value; use cases take it as ``scope=`` or as the keyword filters of
:class:`ScopeFilters`, and build it with :meth:`Scope.of`::

    project.coding.codings("Hope", where={"employer": "NHS"}, documents=["P01.txt"])
    project.coding.codings("Hope", scope=Scope(where={"employer": "NHS"}))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import TypedDict, Unpack

from qualframe.errors import ValidationError
from qualframe.services.core.refs import Refs, Where

#: Speaker labels, as written in the transcripts: one or several.
Labels = str | Sequence[str] | None


class ScopeFilters(TypedDict, total=False):
    """The keyword filters a use case with a scope accepts (all optional).

    ``documents``, ``participants``, ``cases``: ids or names (one or
    several); ``speakers``: speaker labels; ``coder``: whose codings;
    ``where``: attribute values (``{"stakeholder group": "peer worker"}``;
    case attributes reach participants through their case); ``sections``:
    words of section titles (text inside a section whose heading contains
    one of them, ignoring case). The one-item spellings ``document``,
    ``participant``, ``case``, ``speaker`` and ``section`` mean the same as
    the plural ones.
    """

    documents: Refs
    participants: Refs
    cases: Refs
    speakers: Labels
    coder: str | None
    where: Where | None
    sections: Labels
    document: Refs
    participant: Refs
    case: Refs
    speaker: Labels
    section: Labels


#: One-item spellings of the filters and the field each stands for.
_ALIASES = {"document": "documents", "participant": "participants", "case": "cases",
            "speaker": "speakers", "section": "sections"}  # fmt: skip


@dataclass(frozen=True)
class Scope:
    """Which codings or text a use case looks at; None (the default) means any.

    See :class:`ScopeFilters` for the fields. Only the filters a use case
    documents apply to it: the others must be None (see :meth:`only`).
    """

    documents: Refs = None
    participants: Refs = None
    cases: Refs = None
    speakers: Labels = None
    coder: str | None = None
    where: Where | None = None
    sections: Labels = None

    @classmethod
    def of(cls, scope: Scope | None = None, **filters: Unpack[ScopeFilters]) -> Scope:
        """``scope`` with the keyword ``filters`` added (one-item spellings too).

        Raises :class:`ValidationError` when a filter is given twice (in
        ``scope`` and as a keyword, or in both spellings), and ``TypeError``
        for an unknown keyword, as a call would.
        """
        base = scope or cls()
        given: dict[str, object] = {}
        known = {field.name for field in fields(cls)}
        for name, value in filters.items():
            field = _ALIASES.get(name, name)
            if field not in known:
                raise TypeError(f"unexpected keyword argument {name!r}")
            if value is None:
                continue
            if field in given or getattr(base, field) is not None:
                raise ValidationError(f"The filter {field!r} is given twice.")
            given[field] = value
        return replace(base, **given) if given else base  # type: ignore[arg-type]

    def only(self, *allowed: str, what: str) -> Scope:
        """This scope, after checking it uses only the ``allowed`` filters.

        Raises :class:`ValidationError` naming ``what`` (the use case) and the
        filter it cannot apply.
        """
        for field in fields(self):
            if field.name not in allowed and getattr(self, field.name) is not None:
                raise ValidationError(f"{what} cannot be filtered by {field.name}.")
        return self

    @property
    def empty(self) -> bool:
        """Whether no filter is set."""
        return all(getattr(self, field.name) is None for field in fields(self))
