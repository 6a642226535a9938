"""References as the web is given them: names and ids in separate parameters.

One rule, as in the Python API: an id is an ``int``, a name (a document's
name, a participant's identifier, a case's name, a code's name or path) is
text, and nothing is guessed from digits. A page or API parameter that names
an object therefore comes in two: the name (``document``, ``participant``,
``code``...) and the id (``document_id``, ``participant_id``, ``code_id``...),
typed ``int`` so a non-number is refused (422). A blank value (an empty
select, an unticked choice) is no reference at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BeforeValidator

from qualframe.errors import ValidationError
from qualframe.services.core.refs import Ref


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
