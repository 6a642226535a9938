"""Who acts: the one home of the person a unit of work's changes are attributed to."""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.services.core.text_rules import check_name


@dataclass(frozen=True, slots=True)
class Actor:
    """The person (or importer) acting in a unit of work.

    ``name`` is the display name written with every change (the audit log's
    ``actor``, a coding's ``coder``, a cell's or a memo's ``author``, a
    document's ``imported_by``); those columns keep the name so that the
    history reads the same after an account is renamed or removed.
    ``account_id`` is the account behind the name when a team server
    authenticated one (None for a local user, a script or an import).
    Raises :class:`~qualframe.errors.ValidationError` for a name holding a
    NUL or half a character, or longer than
    :data:`~qualframe.services.core.text_rules.NAME_CHARS` (the columns it is
    written to).
    """

    name: str
    account_id: int | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("an actor needs a name")
        # Written with every change, so refused before anything is written:
        # the same message on every database (--user, a web visitor's name).
        check_name(self.name, "user name")

    @classmethod
    def of(cls, who: str | Actor) -> Actor:
        """``who`` as an actor: a display name becomes a local actor."""
        return who if isinstance(who, Actor) else cls(who)

    def __str__(self) -> str:
        return self.name
