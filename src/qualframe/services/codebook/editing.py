"""Changing the codebook: the tree of codes that is the study's conceptual framework.

Rules kept here (naming and finding codes are in
:mod:`qualframe.services.codebook.tree`):

- Sibling names are unique, ignoring case (:class:`ConflictError`).
- A code cannot move or merge under itself or its own descendants.
- Retiring a code retires its whole subtree (a retired theme's sub-codes
  are not offered for coding either). Restoring a code restores it and its
  retired ancestors, so that it can be reached again; ``recursive=True``
  restores its subtree too.
- Codes cannot be created, moved or merged under a retired code.
- A code with codings or sub-codes is deleted only when forced; retiring
  or merging (:mod:`qualframe.services.codebook.merge`) keeps the work.
- Every change is recorded in the audit log (entity type ``"code"``,
  action ``code.<verb>``) with the code's path at that time and the values
  before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from qualframe.errors import ConflictError, ValidationError
from qualframe.services.codebook.tree import (
    PATH_SEPARATOR,
    TEXT_FIELDS,
    CodeInfo,
    CodeRef,
    CodeTree,
    clean_name,
    clean_text,
    code_info,
    codes_frame,
    next_colour,
    normalise_colour,
    parse_origin,
    path_text,
    resolve_code,
    tree,
)
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import Code
from qualframe.vocabulary import CodeOrigin

__all__ = [
    "CodeInfo",
    "CodeRef",
    "DeleteSummary",
    "code_info",
    "codes_frame",
    "create_code",
    "delete_code",
    "edit_code",
    "move_code",
    "rename_code",
    "resolve_code",
    "restore_code",
    "retire_code",
    "shift_code",
    "tree",
]


@dataclass(frozen=True)
class DeleteSummary:
    """What deleting a code removed, and how many memos now sit on the project."""

    path: str
    codes_deleted: int
    codings_deleted: int
    memos_unlinked: int


# ---------------------------------------------------------------- audit helpers


def snapshot(code: Code) -> dict[str, Any]:
    """A code's own fields as JSON values (what the audit log keeps)."""
    return {
        "name": code.name,
        "definition": code.definition,
        "inclusion": code.inclusion,
        "exclusion": code.exclusion,
        "example": code.example,
        "origin": CodeOrigin(code.origin).value,
        "colour": code.colour,
        "retired": bool(code.retired),
    }


def record_change(
    uow: UnitOfWork,
    verb: str,
    code: Code,
    summary: str,
    *,
    path: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    **extra: Any,
) -> None:
    """Audit a change to ``code``: action ``code.<verb>``, its ``path`` then,
    the values ``before`` and ``after`` and any ``extra`` details."""
    details = {"path": path, "before": before or {}, "after": after or {}, **extra}
    audit.record(uow, f"code.{verb}", "code", code.id, summary, details)


def _where(session: Session, parent_id: int | None) -> str:
    """'under 'Theme'' or 'at the top level', for messages."""
    if parent_id is None:
        return "at the top level of the codebook"
    parent = session.get(Code, parent_id)
    assert parent is not None
    return f"under {path_text(session, parent)!r}"


def check_free_name(
    uow: UnitOfWork,
    parent_id: int | None,
    name: str,
    *,
    exclude: Code | None = None,
) -> None:
    """Raise :class:`ConflictError` if a sibling under ``parent_id`` already has
    ``name`` (ignoring case); ``exclude`` is the code being renamed or moved."""
    folded = name.casefold()
    for sibling in queries.codes.children_of(uow.session, uow.project_id, parent_id):
        if sibling is not exclude and sibling.name.casefold() == folded:
            raise ConflictError(
                f"There is already a code called {sibling.name!r} "
                f"{_where(uow.session, parent_id)}; choose another name, or merge the two codes."
            )


def place(uow: UnitOfWork, code: Code, parent_id: int | None, position: int | None) -> None:
    """Put ``code`` under ``parent_id`` at sibling index ``position`` (None: last).

    Siblings are renumbered 0, 1, 2... so positions stay dense.
    """
    siblings = [
        s
        for s in queries.codes.children_of(uow.session, uow.project_id, parent_id)
        if s is not code
    ]
    if position is None:
        index = len(siblings)
    else:
        if position < 0:
            raise ValidationError(f"A position counts from 0; {position} is not one.")
        index = min(position, len(siblings))
    siblings.insert(index, code)
    code.parent_id = parent_id
    for number, sibling in enumerate(siblings):
        sibling.position = number


def refuse_retired_parent(session: Session, parent: Code | None, what: str) -> None:
    """Raise :class:`ValidationError` when ``parent`` is retired."""
    if parent is not None and parent.retired:
        raise ValidationError(
            f"Cannot {what} under {path_text(session, parent)!r}: it is retired; "
            "restore it first or choose another parent."
        )


# ---------------------------------------------------------------- changes


def create_code(
    uow: UnitOfWork,
    name: str,
    *,
    parent: CodeRef | None = None,
    definition: str = "",
    inclusion: str = "",
    exclusion: str = "",
    example: str = "",
    origin: CodeOrigin | str = CodeOrigin.DEDUCTIVE,
    colour: str | None = None,
    position: int | None = None,
) -> Code:
    """Add a code under ``parent`` (None: top level) at sibling index
    ``position`` (None: last). Without ``colour`` the least-used palette
    colour is given. Audited as ``code.create``.

    Raises :class:`ValidationError` for a bad name, origin or colour or a
    retired parent, :class:`ConflictError` when a sibling has the name, and
    :class:`NotFoundError` for an unknown parent.
    """
    clean = clean_name(name)
    parent_code = resolve_code(uow, parent) if parent is not None else None
    refuse_retired_parent(uow.session, parent_code, f"add {clean!r}")
    parent_id = parent_code.id if parent_code is not None else None
    check_free_name(uow, parent_id, clean)
    code = Code(
        project_id=uow.project_id,
        name=clean,
        origin=parse_origin(origin),
        colour=normalise_colour(colour) if colour else next_colour(uow),
        retired=False,
        **{
            key: clean_text(value)
            for key, value in zip(
                TEXT_FIELDS, (definition, inclusion, exclusion, example), strict=True
            )
        },
    )
    place(uow, code, parent_id, position)
    uow.session.add(code)
    uow.session.flush()
    where = path_text(uow.session, code)
    record_change(uow, "create", code, f"Created code {where!r}", path=where, after=snapshot(code))
    return code


def rename_code(uow: UnitOfWork, ref: CodeRef, new_name: str) -> Code:
    """Rename a code (its codings and sub-codes follow). Audited as ``code.rename``.

    Raises :class:`ValidationError` for a bad name and :class:`ConflictError`
    when a sibling has it; renaming to the same name changes nothing.
    """
    code = resolve_code(uow, ref)
    clean = clean_name(new_name)
    if clean == code.name:
        return code
    check_free_name(uow, code.parent_id, clean, exclude=code)
    old_path = path_text(uow.session, code)
    old_name, code.name = code.name, clean
    uow.session.flush()
    record_change(
        uow,
        "rename",
        code,
        f"Renamed code {old_path!r} to {clean!r}",
        path=path_text(uow.session, code),
        before={"name": old_name, "path": old_path},
        after={"name": clean, "path": path_text(uow.session, code)},
    )
    return code


def edit_code(
    uow: UnitOfWork,
    ref: CodeRef,
    *,
    definition: str | None = None,
    inclusion: str | None = None,
    exclusion: str | None = None,
    example: str | None = None,
    origin: CodeOrigin | str | None = None,
    colour: str | None = None,
) -> Code:
    """Change a code's fields; None leaves a field as it is ("" blanks a text).

    Audited as ``code.edit`` with the changed fields before and after (no
    entry when nothing changes). Raises :class:`ValidationError` for a bad
    origin or colour.
    """
    code = resolve_code(uow, ref)
    wanted: dict[str, Any] = {}
    for key, value in zip(TEXT_FIELDS, (definition, inclusion, exclusion, example), strict=True):
        if value is not None:
            wanted[key] = clean_text(value)
    if origin is not None:
        wanted["origin"] = parse_origin(origin)
    if colour is not None:
        wanted["colour"] = normalise_colour(colour)
    return apply_fields(uow, code, wanted, verb="edit")


def apply_fields(
    uow: UnitOfWork,
    code: Code,
    wanted: dict[str, Any],
    *,
    verb: str,
    note: str = "",
    **extra: Any,
) -> Code:
    """Set already-validated field values on ``code`` and audit what changed
    as ``code.<verb>`` (nothing is recorded when no value differs); ``note``
    ends the audit summary (e.g. " from codebook.csv")."""
    before = snapshot(code)
    for key, value in wanted.items():
        setattr(code, key, value)
    after = snapshot(code)
    changed = sorted(key for key in after if after[key] != before[key])
    if not changed:
        return code
    uow.session.flush()
    where = path_text(uow.session, code)
    fields = ", ".join(changed)
    record_change(
        uow,
        verb,
        code,
        f"Changed {fields} of code {where!r}{note}",
        path=where,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
        **extra,
    )
    return code


def move_code(
    uow: UnitOfWork,
    ref: CodeRef,
    parent: CodeRef | None,
    position: int | None = None,
) -> Code:
    """Move a code (with its sub-codes) under ``parent`` (None: the top level)
    at sibling index ``position`` (None: last; the same parent with no
    position changes nothing). Audited as ``code.move``.

    Raises :class:`ValidationError` when ``parent`` is the code itself or
    one of its descendants, or is retired; :class:`ConflictError` when a
    new sibling has the code's name.
    """
    code = resolve_code(uow, ref)
    target = resolve_code(uow, parent) if parent is not None else None
    target_id = target.id if target is not None else None
    if target is not None:
        refuse_cycle(uow, code, target, "move {} under")
        refuse_retired_parent(uow.session, target, f"move {path_text(uow.session, code)!r}")
    if target_id == code.parent_id and position is None:
        return code
    if target_id != code.parent_id:
        check_free_name(uow, target_id, code.name, exclude=code)
    old_path, old_position = path_text(uow.session, code), code.position
    old_parent = _parent_text(uow.session, code.parent_id)
    place(uow, code, target_id, position)
    uow.session.flush()
    new_path = path_text(uow.session, code)
    record_change(
        uow,
        "move",
        code,
        f"Moved code {old_path!r} {_where(uow.session, target_id)} (position {code.position})",
        path=new_path,
        before={"parent": old_parent, "position": old_position, "path": old_path},
        after={
            "parent": _parent_text(uow.session, target_id),
            "position": code.position,
            "path": new_path,
        },
    )
    return code


def shift_code(uow: UnitOfWork, ref: CodeRef, steps: int) -> Code:
    """Move a code ``steps`` places among its siblings (negative: towards the
    first), keeping its parent; audited as ``code.move``.

    Unlike :func:`move_code` this works under a retired parent (only the
    order changes). Raises :class:`ValidationError` when the code is already
    first (moving up) or last (moving down).
    """
    code = resolve_code(uow, ref)
    if steps == 0:
        return code
    siblings = list(queries.codes.children_of(uow.session, uow.project_id, code.parent_id))
    index = siblings.index(code)
    wanted = max(0, min(len(siblings) - 1, index + steps))
    if wanted == index:
        end = "first" if steps < 0 else "last"
        raise ValidationError(
            f"The code {path_text(uow.session, code)!r} is already the {end} of its siblings."
        )
    old_path, old_position = path_text(uow.session, code), code.position
    parent = _parent_text(uow.session, code.parent_id)
    place(uow, code, code.parent_id, wanted)
    uow.session.flush()
    direction = "up" if steps < 0 else "down"
    record_change(
        uow,
        "move",
        code,
        f"Moved code {old_path!r} {direction} to position {code.position}",
        path=old_path,
        before={"parent": parent, "position": old_position, "path": old_path},
        after={"parent": parent, "position": code.position, "path": old_path},
    )
    return code


def _parent_text(session: Session, parent_id: int | None) -> str | None:
    parent = session.get(Code, parent_id) if parent_id is not None else None
    return path_text(session, parent) if parent is not None else None


def refuse_cycle(uow: UnitOfWork, code: Code, target: Code, action: str) -> None:
    """Raise :class:`ValidationError` if ``target`` is ``code`` or lies below it.

    ``action`` is the message's verb and preposition, e.g. ``"move {} under"``.
    """
    doing = action.format(repr(path_text(uow.session, code)))
    if target is code:
        raise ValidationError(f"Cannot {doing} itself.")
    if code in CodeTree.load(uow).ancestors(target):
        raise ValidationError(
            f"Cannot {doing} its own descendant {path_text(uow.session, target)!r}."
        )


def retire_code(uow: UnitOfWork, ref: CodeRef) -> list[Code]:
    """Retire a code and every code below it: they keep their codings but are
    no longer offered for coding. Returns the codes that changed (none if
    already retired); each is audited as ``code.retire``."""
    code = resolve_code(uow, ref)
    tree = CodeTree.load(uow)
    top = path_text(uow.session, code)
    changed = [c for c in [code, *tree.depth_first(code)] if not c.retired]
    for item in changed:
        item.retired = True
        where = PATH_SEPARATOR.join(tree.path(item))
        note = "" if item is code else f" (with {top!r})"
        record_change(
            uow,
            "retire",
            item,
            f"Retired code {where!r}{note}",
            path=where,
            before={"retired": False},
            after={"retired": True},
        )
    uow.session.flush()
    return changed


def restore_code(uow: UnitOfWork, ref: CodeRef, *, recursive: bool = False) -> list[Code]:
    """Offer a retired code for coding again, with its retired ancestors (so it
    can be reached) and, when ``recursive``, its retired descendants.
    Returns the codes that changed; each is audited as ``code.restore``."""
    code = resolve_code(uow, ref)
    tree = CodeTree.load(uow)
    chosen: list[Code] = [*reversed(tree.ancestors(code)), code]
    if recursive:
        chosen += tree.depth_first(code)
    top = path_text(uow.session, code)
    changed = [c for c in chosen if c.retired]
    for item in changed:
        item.retired = False
        where = PATH_SEPARATOR.join(tree.path(item))
        note = "" if item is code else f" (with {top!r})"
        record_change(
            uow,
            "restore",
            item,
            f"Restored code {where!r}{note}",
            path=where,
            before={"retired": True},
            after={"retired": False},
        )
    uow.session.flush()
    return changed


def delete_code(uow: UnitOfWork, ref: CodeRef, *, force: bool = False) -> DeleteSummary:
    """Delete a code that has no codings and no sub-codes; with ``force``,
    delete it with its sub-codes and all their codings. Memos on them (and
    on their codings) are kept, linked to the project. Each deleted code is
    audited as ``code.delete``.

    Raises :class:`ConflictError` without ``force`` when the code has
    codings or sub-codes, suggesting to retire or merge it instead.
    """
    code = resolve_code(uow, ref)
    tree = CodeTree.load(uow)
    doomed = [code, *tree.depth_first(code)]
    ids = [c.id for c in doomed]
    where = path_text(uow.session, code)
    codings = queries.codings.count_of_codes(uow.session, ids)
    if not force and codings:
        raise ConflictError(
            f"The code {where!r} has {plural(codings, 'coding')}"
            f"{' (with its sub-codes)' if len(doomed) > 1 else ''}; retire it to keep them "
            "out of new coding, merge it into another code, or delete it with force."
        )
    if not force and len(doomed) > 1:
        raise ConflictError(
            f"The code {where!r} has {plural(len(doomed) - 1, 'sub-code')}; move, merge or "
            "delete them first, or delete it with force."
        )
    coding_ids = queries.codings.coding_ids_of_codes(uow.session, ids)
    memos = queries.memos.unlink_coding_memos(uow.session, coding_ids)
    memos += queries.memos.unlink_code_memos(uow.session, ids)
    deleted = queries.codings.delete_codings_of_codes(uow.session, ids)
    # Deepest first: a parent cannot be deleted while it has children.
    for item in sorted(doomed, key=lambda c: -len(tree.path(c))):
        item_path = PATH_SEPARATOR.join(tree.path(item))
        record_change(
            uow,
            "delete",
            item,
            f"Deleted code {item_path!r}" + ("" if item is code else f" (with {where!r})"),
            path=item_path,
            before=snapshot(item),
        )
        uow.session.delete(item)
        uow.session.flush()
    return DeleteSummary(where, len(doomed), deleted, memos)


def plural(count: int, noun: str) -> str:
    """ "1 coding", "2 codings"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
