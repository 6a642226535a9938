"""Creating a code by its path, with any theme above it that does not exist yet.

The code palette's "New code" takes ``Theme > Code``: when the theme is new
it is made too, in the same transaction, and only the code at the end of
the path is returned (the one coded with). Each level is created as
:func:`~qualframe.services.codebook.editing.create_code` creates a code
(names checked, a colour each, a ``code.create`` audit entry each).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from qualframe.errors import ConflictError, ValidationError
from qualframe.services.codebook.editing import CodeFields, create_code
from qualframe.services.codebook.tree import (
    PATH_SEPARATOR,
    CodeInfo,
    code_path,
    sibling_named,
    split_path,
)
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.vocabulary import CodeOrigin


def create_code_path(
    uow: UnitOfWork, path: str | Sequence[str], **fields: Unpack[CodeFields]
) -> CodeInfo:
    """Create the code at ``path`` ("Theme > Code", or its names in order),
    creating the codes above it that do not exist yet (found exactly, else
    ignoring case, level by level from the top). The ``fields`` go to the
    code at the end; a theme made on the way is inductive, with no other
    fields. Returns the new code (at the end of the path).

    Raises :class:`ValidationError` for an empty path or name (and what
    :func:`create_code` raises for a bad name, colour or a retired theme) and
    :class:`ConflictError` when the code at the end exists already. Writes
    nothing on error (the caller's transaction).
    """
    names = split_path(path) if isinstance(path, str) else tuple(" ".join(n.split()) for n in path)
    if not names or not all(names):
        raise ValidationError(
            f"Name the new code, or its path like 'Theme{PATH_SEPARATOR}Code' (not {path!r})."
        )
    parent_id: int | None = None
    depth = 0
    while depth < len(names) - 1:
        existing = sibling_named(uow, parent_id, names[depth])
        if existing is None:
            break
        parent_id, depth = existing.id, depth + 1
    existing = sibling_named(uow, parent_id, names[-1]) if depth == len(names) - 1 else None
    if existing is not None:
        shown = PATH_SEPARATOR.join(code_path(uow.session, existing))
        raise ConflictError(f"There is a code {shown!r} already: choose it instead.")
    for name in names[depth:-1]:
        parent_id = create_code(uow, name, parent=parent_id, origin=CodeOrigin.INDUCTIVE).id
    return create_code(uow, names[-1], parent=parent_id, **fields)
