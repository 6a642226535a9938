"""Changing the codebook: the tree of codes that is the study's conceptual framework.

Rules kept here (naming and finding codes are in
:mod:`qualframe.services.codebook.tree`; retiring, restoring and deleting
in :mod:`qualframe.services.codebook.removal`):

- Sibling names are unique, ignoring case (:class:`ConflictError`).
- A code cannot move or merge under itself or its own descendants.
- Codes cannot be created, moved or merged under a retired code.
- Every change is recorded in the audit log (entity type ``"code"``,
  action ``code.<verb>``) with the code's path at that time and the values
  before and after.

The use cases return :class:`CodeInfo` records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from qualframe.errors import ConflictError, ValidationError
from qualframe.services.codebook.tree import (
    TEXT_FIELDS,
    CodeInfo,
    CodeRef,
    CodeTree,
    check_code_version,
    clean_name,
    clean_text,
    code_info,
    next_colour,
    normalise_colour,
    parse_origin,
    path_text,
    resolve_code,
)
from qualframe.services.core import audit
from qualframe.services.core.field_limits import check_fields
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import Code
from qualframe.vocabulary import CodeOrigin

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "CodeFields",
    "apply_fields",
    "audit_fields",
    "create_code",
    "edit_code",
    "move_code",
    "rename_code",
    "set_fields",
    "shift_code",
]


class CodeFields(TypedDict, total=False):
    """A code's own fields, as keywords; each is optional (None: not given).

    ``definition`` (what the code means), ``inclusion`` (when to apply it),
    ``exclusion`` (when not to) and ``example`` (a typical quote) are text,
    stored normalised (NFC, LF line ends, stripped); ``origin`` is
    ``"deductive"`` or ``"inductive"``; ``colour`` is ``#RRGGBB`` (``RRGGBB``
    and ``#RGB`` are read too). A new code takes "" for a text not given,
    ``deductive``, and the palette's least-used colour; an edit leaves a
    field not given as it is ("" blanks a text).
    """

    definition: str | None
    inclusion: str | None
    exclusion: str | None
    example: str | None
    origin: CodeOrigin | str | None
    colour: str | None


#: The keywords of :class:`CodeFields`.
FIELD_NAMES = (*TEXT_FIELDS, "origin", "colour")


def field_values(fields: CodeFields) -> dict[str, Any]:
    """The given (not None) ``fields`` as stored values, checked.

    Raises :class:`ValidationError` for a bad origin or colour or a text
    longer than a field holds, and ``TypeError`` for an unknown keyword, as a
    call would.
    """
    for name in fields:
        if name not in FIELD_NAMES:
            raise TypeError(f"unexpected keyword argument {name!r}")
    texts: dict[str, Any] = {name: fields.get(name) for name in TEXT_FIELDS}
    check_fields(texts, "of the code")
    parsers: dict[str, Callable[[Any], Any]] = {"origin": parse_origin, "colour": normalise_colour}
    return {
        name: parsers.get(name, clean_text)(value)
        for name in FIELD_NAMES
        if (value := fields.get(name)) is not None
    }


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

    Siblings are renumbered 0, 1, 2... so positions stay dense; only
    ``code`` counts a new version.
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
    code.position = index
    # The siblings' new places are not edits of theirs: renumbered without
    # counting a version, so nobody editing a sibling meets a false conflict.
    queries.codes.renumber_quietly(
        uow.session,
        [(sibling, number) for number, sibling in enumerate(siblings) if sibling is not code],
    )


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
    position: int | None = None,
    **fields: Unpack[CodeFields],
) -> CodeInfo:
    """Create a code called ``name`` under ``parent`` (id, name or path; None:
    the top level) at sibling index ``position`` (from 0; None: last), with
    the ``fields`` of :class:`CodeFields` (``definition``, ``inclusion``,
    ``exclusion``, ``example``, ``origin``, ``colour``). Without a colour the
    least-used colour of a colour-blind-safe palette is given.

    Returns the new code's record; audited as ``code.create``. Raises
    :class:`ValidationError` for a bad name, origin or colour or a retired
    parent, :class:`ConflictError` when a sibling has the name (ignoring
    case) and :class:`NotFoundError` for an unknown parent.
    """
    clean = clean_name(name)
    parent_code = resolve_code(uow, parent) if parent is not None else None
    refuse_retired_parent(uow.session, parent_code, f"add {clean!r}")
    parent_id = parent_code.id if parent_code is not None else None
    check_free_name(uow, parent_id, clean)
    values = field_values({**fields, "colour": fields.get("colour") or None})
    code = Code(
        project_id=uow.project_id,
        name=clean,
        origin=values.pop("origin", CodeOrigin.DEDUCTIVE),
        colour=values.pop("colour", None) or next_colour(uow),
        retired=False,
        **{key: values.get(key, "") for key in TEXT_FIELDS},
    )
    place(uow, code, parent_id, position)
    uow.session.add(code)
    uow.session.flush()
    where = path_text(uow.session, code)
    record_change(uow, "create", code, f"Created code {where!r}", path=where, after=snapshot(code))
    return code_info(uow, code)


def rename_code(
    uow: UnitOfWork, code: CodeRef, new_name: str, *, if_version: int | None = None
) -> CodeInfo:
    """Give ``code`` a new name, unique among its siblings (its codings, memos
    and sub-codes follow). Returns its record, with its new version; audited
    as ``code.rename`` (renaming to the same name changes nothing).

    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved.
    Raises :class:`ValidationError` for a bad name and :class:`ConflictError`
    when a sibling has it.
    """
    return edit_code(uow, code, name=new_name, if_version=if_version)


def edit_code(
    uow: UnitOfWork,
    code: CodeRef,
    *,
    name: str | None = None,
    if_version: int | None = None,
    **fields: Unpack[CodeFields],
) -> CodeInfo:
    """Change a code's name and its ``fields`` (see :class:`CodeFields`) in one
    step; a field not given (or None) stays as it is, "" blanks a text.

    A new ``name`` is a rename (audited as ``code.rename``, see
    :func:`rename_code`); the other changes are audited as ``code.edit``
    with the fields before and after (no entry when nothing changes). The
    code's version goes up by one when anything changes. Returns the code's
    record. ``if_version``: the version you read; a different stored
    version raises :class:`~qualframe.errors.StaleVersionError` and nothing
    is saved. Raises :class:`ValidationError` for a bad name, origin or
    colour and :class:`ConflictError` for a sibling's name.
    """
    found = resolve_code(uow, code)
    check_code_version(uow, found, if_version)
    wanted = field_values(fields)
    clean = clean_name(name) if name is not None else found.name
    if clean != found.name:
        check_free_name(uow, found.parent_id, clean, exclude=found)
    old_path, before = path_text(uow.session, found), snapshot(found)
    found.name = clean
    set_fields(found, wanted)
    uow.session.flush()  # one UPDATE: one more version
    if clean != before["name"]:
        _audit_rename(uow, found, before["name"], old_path)
    audit_fields(uow, found, before, verb="edit")
    return code_info(uow, found)


def _audit_rename(uow: UnitOfWork, code: Code, old_name: str, old_path: str) -> None:
    """Audit the rename of ``code`` (made and flushed) from ``old_name``."""
    new_path = path_text(uow.session, code)
    record_change(
        uow,
        "rename",
        code,
        f"Renamed code {old_path!r} to {code.name!r}",
        path=new_path,
        before={"name": old_name, "path": old_path},
        after={"name": code.name, "path": new_path},
    )


def set_fields(code: Code, wanted: dict[str, Any]) -> None:
    """Set already-validated field values on ``code`` (not flushed, not audited)."""
    for key, value in wanted.items():
        setattr(code, key, value)


def audit_fields(
    uow: UnitOfWork,
    code: Code,
    before: dict[str, Any],
    *,
    verb: str,
    note: str = "",
    **extra: Any,
) -> None:
    """Audit the fields of ``code`` that differ from the :func:`snapshot`
    ``before`` (the name apart: a rename is audited on its own) as
    ``code.<verb>``; nothing is recorded when none differs. ``note`` ends
    the audit summary (e.g. " from codebook.csv")."""
    after = snapshot(code)
    changed = sorted(key for key in after if key != "name" and after[key] != before[key])
    if not changed:
        return
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


def apply_fields(
    uow: UnitOfWork,
    code: Code,
    wanted: dict[str, Any],
    *,
    verb: str,
    note: str = "",
    **extra: Any,
) -> Code:
    """Set already-validated field values on ``code``, flush (one more version
    when a value differs) and audit what changed as ``code.<verb>`` (see
    :func:`audit_fields`)."""
    before = snapshot(code)
    set_fields(code, wanted)
    uow.session.flush()
    audit_fields(uow, code, before, verb=verb, note=note, **extra)
    return code


def move_code(
    uow: UnitOfWork,
    code: CodeRef,
    parent: CodeRef | None,
    position: int | None = None,
    *,
    if_version: int | None = None,
) -> CodeInfo:
    """Move ``code`` with its sub-codes under ``parent`` (None: the top level)
    at sibling index ``position`` (from 0; None: last; the same parent with
    no position changes nothing). Returns its record; audited as
    ``code.move``. Siblings whose place changes count a version too.

    ``if_version``: the version of ``code`` you read; a different stored
    version raises :class:`~qualframe.errors.StaleVersionError` and nothing
    is saved. Raises :class:`ValidationError` when ``parent`` is the code
    itself or one of its descendants, or is retired; :class:`ConflictError`
    when a new sibling has the code's name.
    """
    found = resolve_code(uow, code)
    check_code_version(uow, found, if_version)
    return code_info(uow, _move(uow, found, parent, position))


def _move(uow: UnitOfWork, code: Code, parent: CodeRef | None, position: int | None) -> Code:
    target = resolve_code(uow, parent) if parent is not None else None
    target_id = target.id if target is not None else None
    if target is not None:
        refuse_cycle(uow, code, target, "move {} under")
        refuse_retired_parent(uow.session, target, f"move {path_text(uow.session, code)!r}")
    if target_id == code.parent_id and position is None:
        return code
    if target_id != code.parent_id:
        check_free_name(uow, target_id, code.name, exclude=code)
    before = Spot.of(uow.session, code)
    place(uow, code, target_id, position)
    uow.session.flush()
    where = _where(uow.session, target_id)
    summary = f"Moved code {before.path!r} {where} (position {code.position})"
    record_move(uow, code, summary, before)
    return code


def shift_code(
    uow: UnitOfWork, code: CodeRef, steps: int, *, if_version: int | None = None
) -> CodeInfo:
    """Move ``code`` ``steps`` places among its siblings (-1: up one, 1: down
    one), keeping its parent. Returns its record; audited as ``code.move``.

    Unlike :func:`move_code` this works under a retired parent (only the
    order changes). ``if_version``: the version of ``code`` you read; a
    different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved.
    Raises :class:`ValidationError` when the code is already first (moving
    up) or last (moving down).
    """
    found = resolve_code(uow, code)
    check_code_version(uow, found, if_version)
    return code_info(uow, _shift(uow, found, steps))


def _shift(uow: UnitOfWork, code: Code, steps: int) -> Code:
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
    before = Spot.of(uow.session, code)
    place(uow, code, code.parent_id, wanted)
    uow.session.flush()
    direction = "up" if steps < 0 else "down"
    summary = f"Moved code {before.path!r} {direction} to position {code.position}"
    record_move(uow, code, summary, before)
    return code


@dataclass(frozen=True)
class Spot:
    """Where a code sits, as the audit log keeps it: its parent's path (None:
    the top level), its index among its siblings and its own path."""

    parent: str | None
    position: int
    path: str

    @classmethod
    def of(cls, session: Session, code: Code) -> Spot:
        """Where ``code`` sits now."""
        above = session.get(Code, code.parent_id) if code.parent_id is not None else None
        parent = path_text(session, above) if above is not None else None
        return cls(parent, code.position, path_text(session, code))


def record_move(uow: UnitOfWork, code: Code, summary: str, before: Spot) -> None:
    """Audit a move of ``code`` (made and flushed) from ``before`` to where it
    sits now, as ``code.move``."""
    after = Spot.of(uow.session, code)
    record_change(
        uow, "move", code, summary, path=after.path, before=asdict(before), after=asdict(after)
    )


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
