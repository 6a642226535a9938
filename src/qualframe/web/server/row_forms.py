"""Reading the study tables' row forms: one table row is one HTML form whose
attribute inputs are named ``value:<attribute name>``.

Form fields with names chosen by the data (attribute names, import columns)
cannot be declared as route parameters, so routes take every field through
:data:`FormItems` and pick what they need here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

#: Prefix of a row form's attribute inputs ("value:employer").
VALUE_PREFIX = "value:"


async def form_items(request: Request) -> list[tuple[str, str]]:
    """Every text field of the request's form, in order (files left out)."""
    form = await request.form()
    return [(key, value) for key, value in form.multi_items() if isinstance(value, str)]


#: A route parameter: the posted form's text fields as (name, value) pairs.
FormItems = Annotated[list[tuple[str, str]], Depends(form_items)]


def field(items: list[tuple[str, str]], name: str) -> str | None:
    """The first value of field ``name``, or None when the form has no such field."""
    return next((value for key, value in items if key == name), None)


def attribute_values(items: list[tuple[str, str]]) -> dict[str, str]:
    """``{attribute name: value as typed}`` of the ``value:`` fields ("" clears a value)."""
    return {
        key.removeprefix(VALUE_PREFIX): value.strip()
        for key, value in items
        if key.startswith(VALUE_PREFIX)
    }


def lines(text: str | None) -> list[str]:
    """The non-blank lines of a text area, stripped (e.g. an attribute's levels)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
