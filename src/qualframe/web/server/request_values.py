"""Every value a request brings, checked once before any route runs.

Some values no database can take would otherwise reach one and fail there
as a bug (500), or differently on SQLite and PostgreSQL. So before a route
(and before the project is opened) :func:`checked_request_values` looks at
the path parameters, the query string, and the body the route reads (JSON
or a form, upload file names included):

* a NUL character or half a character (a lone surrogate such as the JSON
  escape ``"\\ud800"``) in any text, names of JSON fields included, is
  refused with a :class:`~qualframe.errors.ValidationError` (422, or back to
  the form with the message) naming the parameter or field; the rule and
  its message are :func:`qualframe.services.core.text_rules.text_problem`;
* a whole number beyond :data:`~qualframe.web.server.refs.MAX_ID` either
  way (every number qualframe stores is a 32-bit ``INTEGER`` on
  PostgreSQL): in a parameter or field named like an id (``code_id``,
  ``document_ids``) it names nothing, a :class:`~qualframe.errors.NotFoundError`
  (404); in any other (a position, an offset) it is refused as too large
  (422). A number is a JSON number, or the text of a parameter the route
  declares as a whole number (a search for "12345678901" stays text).

Installed for every route by :func:`qualframe.web.app.create_app`. The body
is the one FastAPI has already read and parsed for the route (Starlette
keeps it on the request), so nothing is read twice. Cost: one pass over the
values, C-speed checks per string.
"""

from __future__ import annotations

import types
import typing
import weakref
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from qualframe.errors import ValidationError
from qualframe.services.core.text_rules import text_problem
from qualframe.web.server.refs import MAX_ID, beyond_range, id_beyond_range, is_id_name

#: Content types whose body FastAPI parses as a form (kept on the request).
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
#: Per route (by identity: routes are not hashable; the weak reference tells a
#: reused id apart): the names of its parameters and form fields declared as
#: whole numbers.
_INTEGER_NAMES: dict[int, tuple[weakref.ref[Any], frozenset[str]]] = {}
#: Routes remembered before the memory is started afresh (applications made in tests).
_MAX_REMEMBERED = 5000


async def checked_request_values(request: Request) -> None:
    """Refuse the request when one of its values cannot be stored or looked up
    (see the module docstring). Raises :class:`ValidationError` or
    :class:`~qualframe.errors.NotFoundError`; returns nothing otherwise."""
    route = request.scope.get("route")
    numbers = _integer_names(route)
    for name, value in request.path_params.items():
        _check(f"value of {name} in the address", name, value, whole=name in numbers)
    for name, value in request.query_params.multi_items():
        _check(f"value of {name!r}", name, value, whole=name in numbers)
    if getattr(route, "body_field", None) is None:
        return  # the route reads no body: it was not read, and is not read here
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in _FORM_TYPES:
        form = await request.form()  # already parsed for the route: Starlette keeps it
        for what, name, value in _form_values(form.multi_items()):
            _check(what, name, value, whole=name in numbers)
    elif (content_type == "application/json" or content_type.endswith("+json")) and (
        await request.body()
    ):
        for what, name, value in _json_values(await request.json()):
            _check(what, name, value, whole=False)


def _form_values(items: list[tuple[str, str | UploadFile]]) -> Iterator[tuple[str, str, object]]:
    for name, value in items:
        if isinstance(value, UploadFile):
            yield f"name of the file uploaded as {name!r}", "", value.filename or ""
        else:
            yield f"value of {name!r}", name, value


def _json_values(body: Any) -> Iterator[tuple[str, str, object]]:
    """(what it is, field name, value) of every string and number in a parsed JSON
    body, field names included, walked without recursion (a deeply nested body
    must not exhaust the stack)."""
    stack: list[tuple[str, str, Any]] = [("", "", body)]
    while stack:
        where, name, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                yield f"name of a field in {repr(where) if where else 'the body'}", "", key
                stack.append((f"{where}.{key}" if where else str(key), str(key), item))
        elif isinstance(value, list):
            # Items of a list of ids keep the list's name (``code_ids``).
            stack.extend((f"{where}[{index}]", name, item) for index, item in enumerate(value))
        else:
            yield (f"value of {where!r}" if where else "body"), name, value


def _check(what: str, name: str, value: object, *, whole: bool) -> None:
    """Raise for ``value`` of the parameter or field ``name``, called ``what`` in
    the message ("value of 'name'"); ``whole``: the route declares it a whole
    number (a JSON number is one anyway)."""
    if isinstance(value, str):
        problem = text_problem(value, what)
        if problem is not None:
            raise ValidationError(problem)
        if not whole and not (name and is_id_name(name)):
            return
    elif isinstance(value, bool) or not isinstance(value, int):
        return
    shown = beyond_range(value)
    if shown is None:
        return
    if name and is_id_name(name):
        raise id_beyond_range(name, value) or AssertionError("beyond range")
    raise ValidationError(
        f"The {what} is {shown}, larger than any number qualframe stores "
        f"(at most {MAX_ID:,} either way)."
    )


def _integer_names(route: Any) -> frozenset[str]:
    """The names (aliases) of ``route``'s path, query and form parameters declared
    as whole numbers, fields of parameter models included; computed once per route."""
    if route is None or getattr(route, "dependant", None) is None:
        return frozenset()
    remembered = _INTEGER_NAMES.get(id(route))
    if remembered is not None and remembered[0]() is route:
        return remembered[1]
    names: set[str] = set()
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        for field in (*dependant.path_params, *dependant.query_params, *dependant.body_params):
            _collect(field.alias or field.name, field.field_info.annotation, names)
        stack.extend(dependant.dependencies)
    if len(_INTEGER_NAMES) >= _MAX_REMEMBERED:
        _INTEGER_NAMES.clear()
    _INTEGER_NAMES[id(route)] = (weakref.ref(route), frozenset(names))
    return frozenset(names)


def _collect(name: str, annotation: Any, names: set[str], depth: int = 0) -> None:
    """Add ``name`` to ``names`` when ``annotation`` holds a whole number, and the
    fields of a parameter model (a query or form group) it names."""
    if depth > 3:
        return
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for field_name, info in annotation.model_fields.items():
            _collect(info.alias or field_name, info.annotation, names, depth + 1)
    elif _holds_int(annotation):
        names.add(name)


def _holds_int(annotation: Any) -> bool:
    """Whether ``annotation`` is ``int``, or a union or list with ``int`` in it."""
    if annotation is int:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _holds_int(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple, set, frozenset):
        return any(_holds_int(arg) for arg in typing.get_args(annotation))
    return False


__all__ = ["checked_request_values"]
