"""Reading a choice (a member of one of the vocabulary's enumerations) from text."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from qualframe.errors import ValidationError

E = TypeVar("E", bound=Enum)


def parse_choice(choices: type[E], value: E | str | object, refusal: str) -> E:
    """``value`` as a member of ``choices`` (by value, ignoring letter case and
    surrounding spaces; a member is taken as it is).

    Raises :class:`ValidationError` with ``refusal`` filled in (``{value}``:
    the value given, quoted; ``{allowed}``: the values allowed, comma-separated).
    """
    if isinstance(value, choices):
        return value
    try:
        return choices(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(str(choice.value) for choice in choices)
        raise ValidationError(refusal.format(value=repr(value), allowed=allowed)) from None
