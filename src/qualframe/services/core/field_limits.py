"""The one limit on the length of a free-text field, checked before it is written.

Memos, code definitions, cell summaries, descriptions, question texts and
text attribute values are prose people write, and every page that shows
them sends them whole: one 120 MB code definition made the codebook page
240 MB for everyone. So each such field is at most the declared limit
``field_characters`` (:mod:`qualframe.limits`, raised with
``QUALFRAME_LIMIT_FIELD_CHARACTERS``), counted in code points of the value
as given, checked by the service that writes it, before anything is
written: the same rule and message on every database and at every edge
(CLI, web, Python API).

Names (of codes, cases, projects...) have their own, shorter rules in the
services that check them.
"""

from __future__ import annotations

from collections.abc import Mapping

from qualframe import limits
from qualframe.errors import ValidationError
from qualframe.services.core.text_rules import text_problem


def field_problem(value: str | None, what: str) -> str | None:
    """Why ``value`` cannot be stored as the text field ``what`` ("the memo's
    text"), or None when it fits (None and "" always fit): longer than the
    limit (read now), or holding what no database stores as text (a NUL, half
    a character; see :func:`~qualframe.services.core.text_rules.text_problem`)."""
    if value is None:
        return None
    unstorable = text_problem(value, what)
    if unstorable is not None:
        return unstorable
    limit = limits.limit("field_characters")
    if len(value) <= limit:
        return None
    variable = limits.declared("field_characters").env
    return (
        f"The {what} is {len(value):,} characters long; one text field holds at most "
        f"{limit:,} characters. Shorten it (or split it into several), or ask the "
        f"administrator to raise the limit with {variable}."
    )


def check_field(value: str | None, what: str) -> None:
    """Raise :class:`ValidationError` naming the field ``what`` (e.g. "memo's
    text", "definition of the code 'Trust'") when :func:`field_problem` finds
    one: longer than ``field_characters``, or a NUL or half a character."""
    problem = field_problem(value, what)
    if problem is not None:
        raise ValidationError(problem)


def check_fields(values: Mapping[str, str | None], of: str) -> None:
    """:func:`check_field` for each ``{field: value}``, each named "<field> <of>"
    (``of`` e.g. "of the code 'Trust'"); raises at the first too long."""
    for name, value in values.items():
        check_field(value, f"{name} {of}".strip())


__all__ = ["check_field", "check_fields", "field_problem"]
