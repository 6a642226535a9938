"""Attribute filters written as text: ``NAME=VALUE``, the form the command line
(``--where``), the pages' query strings and the JSON API (``where=``) share.

A name given twice matches any of its values; blank items (an empty select)
are skipped. The result is the ``where`` mapping every listing accepts.
"""

from __future__ import annotations

from collections.abc import Iterable

from qualframe.errors import ValidationError

#: An attribute filter: attribute name -> one value, or several (any may match).
Where = dict[str, str | list[str]]


def parse_where(items: Iterable[str] | None) -> Where | None:
    """``NAME=VALUE`` items as a filter (None when none are given).

    Raises :class:`ValidationError` naming the item when it has no ``=``,
    no name or no value.
    """
    values: dict[str, list[str]] = {}
    for item in items or ():
        if not item.strip():
            continue
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ValidationError(
                f"{item!r} is not a filter; write it as ATTRIBUTE=VALUE, "
                "like 'stakeholder group=peer worker'."
            )
        values.setdefault(name.strip(), []).append(value.strip())
    if not values:
        return None
    return {name: found[0] if len(found) == 1 else found for name, found in values.items()}
