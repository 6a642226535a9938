"""How a caller names the objects a use case acts on.

An ``int`` is an id; a ``str`` is a name: a document's name, a participant's
identifier, a case's or an attribute's name, a code's name or path
(``"Theme > Sub-code"``). Every area takes these types; each area's finder
(``find_document``, ``find_participant``, ``resolve_code`` ...) resolves them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

#: The largest whole number (an id, a position, a count) qualframe stores, either
#: way. Ids and offsets are ``INTEGER`` columns: 32 bits on PostgreSQL, which
#: refuses a larger number in a query ("integer out of range"), and 64 bits on
#: SQLite (whose driver refuses 2**63 and more). One bound for both, checked
#: where numbers come in (the Python API's calls, the web's requests).
MAX_ID = 2**31 - 1

#: One object, by id or by name (a path for codes).
Ref = int | str
#: One object or several; None means "any".
Refs = Ref | Sequence[Ref] | None
#: An attribute filter: attribute name -> one value, or several (any may match).
#: Case attributes reach participants through their case.
Where = Mapping[str, str | Sequence[str]]


def ref_list(refs: Refs) -> list[Ref] | None:
    """``refs`` as a list (one reference or several); None stays None ("any")."""
    if refs is None:
        return None
    if isinstance(refs, (str, int)):
        return [refs]
    return list(refs)


def beyond_stored_range(value: object) -> bool:
    """Whether ``value`` is a whole number (not a bool) beyond :data:`MAX_ID` either way."""
    return isinstance(value, int) and not isinstance(value, bool) and not -MAX_ID <= value <= MAX_ID
