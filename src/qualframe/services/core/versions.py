"""Versions of edited records: no save overwrites a newer edit.

Every record people edit (a code, a memo, a case, a participant, an
attribute, a document, a matrix cell) carries a ``version``: 1 when created,
one more with each change (the database layer counts, and refuses an UPDATE
from a transaction that read an older version). A write use case takes
``if_version``, the version the user read: when it is not the stored one,
the write is refused with :class:`~qualframe.errors.StaleVersionError` (HTTP
409) and nothing is saved. Without ``if_version`` the write applies to
whatever is stored (scripts, imports). Every write returns the record with
its new version, to be sent with the next edit.

A matrix cell that is not stored yet is version 0: its first write states
``if_version=0`` and fails if someone else charted the cell in between.
"""

from __future__ import annotations

from typing import Protocol

from qualframe.errors import StaleVersionError, ValidationError

#: The version of a record that does not exist yet (a cell nobody has charted).
UNSTORED = 0


class Versioned(Protocol):
    """A stored record with a version (a model with a ``version`` column)."""

    version: int


def check_version(record: Versioned | None, if_version: int | None, what: str) -> None:
    """Refuse a write based on a stale read.

    ``record`` is the stored record (None: not stored yet, version 0),
    ``if_version`` the version the user read (None: no check) and ``what``
    names the record for the message ("the code 'Hope'"). Raises
    :class:`StaleVersionError` when the versions differ and
    :class:`ValidationError` for a negative ``if_version``. Reads only.
    """
    if if_version is None:
        return
    if isinstance(if_version, bool) or not isinstance(if_version, int) or if_version < 0:
        raise ValidationError(f"A version is a whole number from 0; {if_version!r} is not one.")
    current = UNSTORED if record is None else record.version
    if current != if_version:
        raise StaleVersionError(what, read=if_version, current=current)


def touch(record: Versioned) -> None:
    """Count a change to ``record`` made through rows that belong to it (a cell's
    quotes, an object's attribute values): its version goes up by one, as a
    change to its own columns would make it (one write: call it once)."""
    record.version = record.version + 1
