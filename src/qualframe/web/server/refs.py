"""References as the web is given them: names and ids in separate parameters.

One rule, as in the Python API: an id is an ``int``, a name (a document's
name, a participant's identifier, a case's name, a code's name or path) is
text, and nothing is guessed from digits. A page or API parameter that names
an object therefore comes in two: the name (``document``, ``participant``,
``code``...) and the id (``document_id``, ``participant_id``, ``code_id``...),
typed ``int`` so a non-number is refused (422). A blank value (an empty
select, an unticked choice) is no reference at all. An id beyond
:data:`MAX_ID` names nothing: it is answered as not found (404) before any
query, on every database (:func:`id_beyond_range`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BeforeValidator

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.core.refs import MAX_ID, Ref

#: A parameter or field holding ids: ``id``, ``ids``, ``<object>_id``, ``<object>_ids``.
_ID_NAME = re.compile(r"(?:^|_)ids?$")
#: An integer as a request writes it.
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _drop_blanks(values: Any) -> Any:
    if isinstance(values, (list, tuple)):
        return [v for v in values if not (isinstance(v, str) and not v.strip())]
    return values


#: One id (None when left out or blank).
OptionalId = Annotated[int | None, BeforeValidator(_blank_to_none)]
#: Ids, repeated in a query string or a list in a body; blank items are ignored.
Ids = Annotated[list[int], BeforeValidator(_drop_blanks)]


def is_id_name(name: str) -> bool:
    """Whether the parameter or field ``name`` holds ids (``code_id``, ``document_ids``)."""
    return _ID_NAME.search(name) is not None


def beyond_range(value: object) -> str | None:
    """``value`` as a message shows it (at most 20 digits) when it is a whole
    number, or the text of one, beyond :data:`MAX_ID` either way; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip()
        # Fewer than ten digits is within range; the digits are not converted
        # beyond twenty (Python refuses to convert thousands of them).
        if len(text) < 10 or _INTEGER.fullmatch(text) is None:
            return None
        if len(text) <= 20 and -MAX_ID <= int(text) <= MAX_ID:
            return None
        shown = text if len(text) <= 20 else text[:20] + "\u2026"
    elif isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
        text = str(value)  # a request's integer has at most 4,300 digits (Python's bound)
        shown = text if len(text) <= 20 else text[:20] + "\u2026"
    else:
        return None
    return shown


def id_beyond_range(name: str, value: object) -> NotFoundError | None:
    """The not-found error for ``value`` of the id parameter ``name`` when it is
    beyond :data:`MAX_ID` (:func:`beyond_range`), else None. The error names
    the object (``code_id`` -> "code")."""
    shown = beyond_range(value)
    if shown is None:
        return None
    what = _ID_NAME.sub("", name).replace("_", " ").strip() or "object"
    return NotFoundError(f"There is no {what} with id {shown}.")


def filled(names: Sequence[str]) -> list[str]:
    """The names given, stripped, blanks left out."""
    return [name.strip() for name in names if name.strip()]


def refs_of(names: Sequence[str] | None, ids: Sequence[int] | None) -> list[Ref]:
    """The references of a name parameter and its id twin: the names (blanks
    left out), then the ids; each once, in the order given."""
    found: list[Ref] = [*filled(names or ()), *(ids or ())]
    return list(dict.fromkeys(found))


def one_ref(
    name: str | None,
    given_id: int | None,
    what: str,
    *,
    required: bool = False,
    to: str = "",
    called: str = "its name",
) -> Ref | None:
    """The one object a name parameter or its id twin names (None: neither).

    ``what`` is the pair as messages name it (``"code"`` for ``code`` and
    ``code_id``), ``to`` what the object is for ("to apply"), ``called``
    what the name parameter holds ("its name or path"). Raises
    :class:`ValidationError` when both are given, or when neither is and the
    object is ``required``.
    """
    text = (name or "").strip()
    if text and given_id is not None:
        raise ValidationError(
            f"Give the {what} either by {what}_id or by {what} ({called}), not both."
        )
    if not text and given_id is None:
        if required:
            wanted = f"{what} {to}".strip()
            raise ValidationError(f"Say which {wanted}: give {what}_id or {what} ({called}).")
        return None
    return given_id if given_id is not None else text


def form_id(text: str, what: str) -> int | None:
    """A form field's id or version (None when blank), as a form sends it (text);
    raises :class:`ValidationError` naming ``what`` when it is not a whole number."""
    value = text.strip()
    if not value:
        return None
    if not value.isdecimal() or len(value) > 18:
        raise ValidationError(f"The {what} must be given by its number, not {value[:40]!r}.")
    return int(value)
