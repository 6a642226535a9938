"""Stored cells of the framework: creating and saving one, and the charting rules.

A cell (:class:`~qualframe.storage.models.MatrixCell`) is keyed by (row
object, code) and lives apart from any matrix (see
:mod:`qualframe.services.matrix`, which builds matrices over cells and edits
them through rows and codes). This area holds what needs no row or code
resolution, so the codebook's merges can fold cells too
(:mod:`qualframe.services.cells.merging`): a new cell, saving a change (a
revision and an audit entry), and the text and status rules of charting.

A cell carries a ``version`` (1 when stored, one more with each saved change;
a cell not stored yet is version 0): every save goes through :func:`stamp`,
which makes it exactly one new version.

Two first writes of one cell at the same moment (two analysts charting an
empty cell) never clash on its unique key: :func:`stamp` stores a new cell
with an insert that does nothing when the cell was stored meanwhile, and
the write that lost is run again (:func:`first_write`), finding the cell
stored: it refuses a stated version (``if_version=0``: "someone charted it
first") or, without one, applies on top of it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from qualframe.errors import ValidationError
from qualframe.services.core import audit
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import CellRevision, MatrixCell
from qualframe.storage.models.base import utc_now
from qualframe.vocabulary import CellStatus, RowKind

P = ParamSpec("P")
R = TypeVar("R")


class _StoredMeanwhile(Exception):
    """A new cell was stored by another transaction since this one read that it
    was not: the write is run again (:func:`first_write`)."""


def parse_status(value: CellStatus | str) -> CellStatus:
    """A status from its name; raises :class:`ValidationError` listing the valid ones."""
    if isinstance(value, CellStatus):
        return value
    text = str(value).strip().casefold().replace(" ", "_").replace("-", "_")
    try:
        return CellStatus(text)
    except ValueError:
        valid = ", ".join(s.value for s in CellStatus)
        raise ValidationError(f"{value!r} is not a cell status (statuses: {valid}).") from None


def new_cell(
    uow: UnitOfWork,
    code_id: int,
    kind: RowKind,
    row_id: int | None,
    group_key: str | None,
    *,
    add: bool = True,
) -> MatrixCell:
    """A new empty cell of (row, code), added to the session (not flushed);
    ``row_id`` is the participant's or case's id (None for a group row).
    Store it with :func:`stamp`, in a write wrapped by :func:`first_write`;
    or, not ``add``-ed, with others by
    :func:`~qualframe.storage.queries.cells.insert_new_cells`."""
    cell = MatrixCell(
        project_id=uow.project_id,
        code_id=code_id,
        row_kind=kind,
        participant_id=row_id if kind is RowKind.PARTICIPANT else None,
        case_id=row_id if kind is RowKind.CASE else None,
        group_key=group_key if kind is RowKind.GROUP else None,
        summary="",
        status=CellStatus.EMPTY,
        author=uow.actor.name,
    )
    if add:
        uow.session.add(cell)
    return cell


def stamp(uow: UnitOfWork, cell: MatrixCell) -> None:
    """Mark ``cell`` changed by the actor now and flush it: a new cell is inserted
    (version 1), a stored one updated with every change made to it since it was
    read, its version going up by one.

    The stamp is a change of the cell's own columns, so a change made only
    through rows belonging to the cell (its quotes) counts as one change of
    the cell too. Stamp once per write: each stamp is a new version.

    A new cell is inserted unless another transaction stored it since this
    one read that it was not (:func:`~qualframe.storage.queries.cells.insert_new_cell`);
    then nothing is written and the write is run again by :func:`first_write`
    (so stamp a new cell before writing anything else of the write).
    """
    cell.author = uow.actor.name
    cell.updated_at = utc_now()
    if cell.id is None and not queries.cells.insert_new_cell(uow.session, cell):
        raise _StoredMeanwhile
    uow.session.flush()


def first_write(
    write: Callable[Concatenate[UnitOfWork, P], R],
) -> Callable[Concatenate[UnitOfWork, P], R]:
    """``write`` (a use case saving one cell, which may create it), run once more
    when the cell it found not stored was stored by another transaction before
    its :func:`stamp`: the second run finds the stored cell, so a stated
    ``if_version=0`` is refused as stale and a write without one applies on
    top of it, as if it had started after the other. Nothing of the first
    run was written (its stamp is its first write)."""

    @functools.wraps(write)
    def run(uow: UnitOfWork, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return write(uow, *args, **kwargs)
        except _StoredMeanwhile:
            return write(uow, *args, **kwargs)

    return run


def remember(
    uow: UnitOfWork,
    cell: MatrixCell,
    action: str,
    summary: str,
    details: dict[str, object] | None = None,
) -> None:
    """Add the revision of a stamped (flushed) ``cell`` after ``action`` and an
    audit entry saying ``summary`` with ``details`` (written at the next flush)."""
    uow.session.add(
        CellRevision(
            cell_id=cell.id,
            at=cell.updated_at,
            author=cell.author,
            action=action,
            summary=cell.summary,
            status=cell.status,
        )
    )
    audit.record(
        uow,
        f"cell.{action}",
        "cell",
        cell.id,
        summary,
        {"status": cell.status.value, **(details or {})},
    )


def save(
    uow: UnitOfWork,
    cell: MatrixCell,
    action: str,
    summary: str,
    details: dict[str, object] | None = None,
) -> None:
    """Save the change ``action`` made to ``cell`` (not flushed since): stamp it
    (:func:`stamp`: its version goes up by one, or a new cell is inserted at
    version 1), then add its revision and an audit entry (:func:`remember`)."""
    stamp(uow, cell)
    remember(uow, cell, action, summary, details)
    uow.session.flush()


def clean_summary(text: str) -> str:
    r"""A summary as stored: ``\n`` line endings (browsers send ``\r\n``), no
    white space around it."""
    check_field(str(text), "cell's summary")
    return str(text).replace("\r\n", "\n").replace("\r", "\n").strip()


def edited_status(
    shown: CellStatus | str, chosen: CellStatus | str, summary: str
) -> CellStatus | None:
    """The status to save with an edited summary, from a cell editor that showed
    status ``shown`` and now has ``chosen`` selected (None: let
    :func:`write_summary` decide).

    A status the analyst picked (``chosen`` differs from ``shown``) is kept.
    Left as shown, an edit follows the charting rule: a summary written in a
    cell still to chart (``empty``) makes it a ``draft`` (only the analyst
    marks it ``done``), and a cleared summary puts the cell back to chart;
    otherwise the shown status stays (a draft being rewritten stays a draft,
    a "no data" note stays "no data").
    Raises :class:`ValidationError` for an unknown status.
    """
    before, after = parse_status(shown), parse_status(chosen)
    if after is not before:
        return after
    if not summary.strip() or before is CellStatus.EMPTY:
        return None
    return after
