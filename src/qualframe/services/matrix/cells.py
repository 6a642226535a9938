"""Framework-matrix cells: summaries, statuses, quotes, history, drafts from data.

A cell is keyed by (row object, code): a participant, a case or an attribute
group (see :mod:`qualframe.services.matrix.rows`) and a code. It exists
independently of any matrix, so every matrix with that row and code shows
it. Reading a cell creates nothing; the first change creates it.

Statuses: ``empty`` (nothing charted), ``draft``, ``done``, ``no_data``
(asked, nothing relevant said) and ``not_asked``. **Writing a summary is
charting the cell**: without an explicit status, a non-empty summary marks
the cell ``done`` and clearing it marks it ``empty`` — pass
``status="draft"`` to keep working on it. Drafts made from the data
(:mod:`qualframe.services.matrix.drafts`) are ``draft`` and never
overwrite an analyst's summary.

Every change writes a :class:`~qualframe.storage.models.CellRevision` (the
cell's history) and an audit entry (entity type ``cell``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.cells.charting import clean_summary, new_cell, parse_status, save
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeRef, CodeTree, resolve_code
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.matrix.matrices import CellView, MatrixColumn, assemble
from qualframe.services.matrix.rows import People, RowRef, RowTarget, resolve_row
from qualframe.storage import queries
from qualframe.storage.models import CellQuote, Code, MatrixCell
from qualframe.vocabulary import CellStatus

if TYPE_CHECKING:
    pass

#: Columns of :func:`history_frame`.
HISTORY_COLUMNS = ("at", "author", "action", "summary", "status")


@dataclass(frozen=True)
class CellTarget:
    """A resolved (row, code): the row object, the code and its path."""

    row: RowTarget
    code: Code
    path: str

    @property
    def label(self) -> str:
        """ "P01 × 'Hope > Future'", for messages."""
        return f"{self.row.label} × {self.path!r}"


def target(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    *,
    people: People | None = None,
    tree: CodeTree | None = None,
) -> CellTarget:
    """Resolve a row reference and a code reference (raises for unknown ones).

    ``people`` and ``tree``, when given, are used instead of loading them
    (resolving many cells in one transaction).
    """
    found_row = resolve_row(uow, row, people)
    found_code = resolve_code(uow, code)
    tree = tree or CodeTree.load(uow)
    return CellTarget(found_row, found_code, PATH_SEPARATOR.join(tree.path(found_code)))


# ---------------------------------------------------------------- reading


def get_cell(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    *,
    include_subcodes: bool = False,
) -> CellView:
    """The cell of (row, code) as a matrix shows it (its counts with the
    sub-codes' codings when ``include_subcodes``); creates nothing.

    ``row`` is a participant identifier, a case name, ``"case:Trust A"``, a
    group ``"stakeholder group=peer worker"`` or ``{attribute: value}`` (see
    :func:`~qualframe.services.matrix.rows.resolve_row`); ``code`` an id,
    name or path. Raises :class:`NotFoundError` for an unknown row or code.
    """
    found = target(uow, row, code)
    return _view(uow, found, include_subcodes)


def _view(uow: UnitOfWork, found: CellTarget, include_subcodes: bool = False) -> CellView:
    tree = CodeTree.load(uow)
    column = MatrixColumn(found.code.id, found.path, found.code.name)
    return assemble(uow, tree, [found.row], [column], include_subcodes)[0][0]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One saved state of a cell: when (UTC), who, what they did (``write``,
    ``status``, ``link_quote``, ``unlink_quote``, ``reorder_quotes``,
    ``draft`` or ``merge``), and the summary and status it left."""

    at: datetime
    author: str
    action: str
    summary: str
    status: CellStatus


def cell_history(uow: UnitOfWork, row: RowRef, code: CodeRef) -> list[HistoryEntry]:
    """Every saved state of the cell (row, code), oldest first; empty when the
    cell was never changed. Reads only; raises :class:`NotFoundError` for an
    unknown row or code."""
    found = target(uow, row, code)
    cell = stored_cell(uow, found)
    revisions = queries.cells.revisions_of_cell(uow.session, cell.id) if cell else []
    return [
        HistoryEntry(at=r.at, author=r.author, action=r.action, summary=r.summary, status=r.status)
        for r in revisions
    ]


def history_frame(history: Sequence[HistoryEntry]) -> pd.DataFrame:
    """A cell's history as a DataFrame (see :data:`HISTORY_COLUMNS`; status as text)."""
    rows = [(r.at, r.author, r.action, r.summary, r.status.value) for r in history]
    return pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))


# ---------------------------------------------------------------- changing


def stored_cell(uow: UnitOfWork, found: CellTarget) -> MatrixCell | None:
    """The stored cell of (row, code), if there is one (reading creates nothing)."""
    return queries.cells.find_cell(
        uow.session,
        uow.project_id,
        found.code.id,
        found.row.kind,
        found.row.id,
        found.row.group_key,
    )


def _cell(uow: UnitOfWork, found: CellTarget) -> MatrixCell:
    """The stored cell of (row, code), created (empty) if there is none."""
    cell = stored_cell(uow, found)
    if cell is not None:
        return cell
    cell = new_cell(uow, found.code.id, found.row.kind, found.row.id, found.row.group_key)
    uow.session.flush()
    return cell


def _saved(
    uow: UnitOfWork,
    found: CellTarget,
    cell: MatrixCell,
    action: str,
    summary: str,
    include_subcodes: bool,
    **details: object,
) -> CellView:
    """Save the change ``action`` of ``cell`` (a revision, and an audit entry saying
    ``summary`` with ``details``); returns the cell as a matrix now shows it."""
    save(uow, cell, action, summary, details)
    return _view(uow, found, include_subcodes)


def write_summary(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    text: str,
    status: CellStatus | str | None = None,
    *,
    include_subcodes: bool = False,
) -> CellView:
    """Write the cell's summary (creating the cell if needed); returns the cell
    (its counts with the sub-codes' codings when ``include_subcodes``).

    The text is stored as :func:`clean_summary` makes it. Without ``status``,
    a non-empty summary marks the cell ``done`` and an empty one ``empty``
    (see the module docstring).
    Raises :class:`ValidationError` for an unknown status,
    :class:`NotFoundError` for an unknown row or code; nothing is written then.
    """
    wanted = parse_status(status) if status is not None else None
    found = target(uow, row, code)
    summary = clean_summary(text)
    if wanted is None:
        wanted = CellStatus.DONE if summary else CellStatus.EMPTY
    cell = _cell(uow, found)
    cell.summary, cell.status = summary, wanted
    summary = f"Wrote the summary of {found.label} ({wanted.value})"
    return _saved(
        uow, found, cell, "write", summary, include_subcodes, row=found.row.key, code=found.path
    )


def set_status(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    status: CellStatus | str,
    *,
    include_subcodes: bool = False,
) -> CellView:
    """Set the cell's status (creating the cell if needed), keeping its summary."""
    wanted = parse_status(status)
    found = target(uow, row, code)
    cell = _cell(uow, found)
    cell.status = wanted
    summary = f"Marked {found.label} {wanted.value}"
    return _saved(
        uow, found, cell, "status", summary, include_subcodes, row=found.row.key, code=found.path
    )


def check_quote(uow: UnitOfWork, found: CellTarget, coding_id: int) -> None:
    """Raise unless coding ``coding_id`` may be quoted in the cell ``found``.

    It must exist, be of the cell's code or one of its sub-codes, and be
    attributed to a participant of the row.
    """
    coding = queries.codings.coding_by_id(uow.session, uow.project_id, int(coding_id))
    if coding is None:
        raise NotFoundError(f"There is no coding with id {coding_id} in this project.")
    tree = CodeTree.load(uow)
    allowed = {found.code.id, *(c.id for c in tree.depth_first(found.code))}
    if coding.code_id not in allowed:
        other = PATH_SEPARATOR.join(tree.path(tree.by_id[coding.code_id]))
        raise ValidationError(
            f"Coding {coding_id} is of {other!r}, not of {found.path!r} or its sub-codes; "
            f"it cannot be quoted in {found.label}."
        )
    if coding.participant_id not in found.row.participant_ids:
        people = People.load(uow)
        who = people.identifiers.get(coding.participant_id or -1, "nobody (no participant)")
        raise ValidationError(
            f"Coding {coding_id} is spoken by {who}, who is not in the row "
            f"{found.row.label!r}; it cannot be quoted in {found.label}."
        )


def link_quote(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    coding_id: int,
    *,
    include_subcodes: bool = False,
) -> CellView:
    """Link a coding to the cell as a quote (last in order), creating the cell if needed.

    Raises :class:`NotFoundError` for an unknown coding, :class:`ValidationError`
    for a coding of another code or another row's participant,
    :class:`ConflictError` when it is linked already.
    """
    found = target(uow, row, code)
    check_quote(uow, found, coding_id)
    cell = _cell(uow, found)
    links = queries.cells.quotes_of_cell(uow.session, cell.id)
    if any(link.coding_id == coding_id for link in links):
        raise ConflictError(f"Coding {coding_id} is already quoted in {found.label}.")
    position = max((link.position for link in links), default=-1) + 1
    uow.session.add(CellQuote(cell_id=cell.id, coding_id=int(coding_id), position=position))
    uow.session.flush()
    summary = f"Quoted coding {coding_id} in {found.label}"
    return _saved(
        uow, found, cell, "link_quote", summary, include_subcodes, coding_id=int(coding_id)
    )


def unlink_quote(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    coding_id: int,
    *,
    include_subcodes: bool = False,
) -> CellView:
    """Remove a quote from the cell; raises :class:`NotFoundError` if it is not linked."""
    found = target(uow, row, code)
    cell = stored_cell(uow, found)
    link = uow.session.get(CellQuote, (cell.id, int(coding_id))) if cell else None
    if cell is None or link is None:
        raise NotFoundError(f"Coding {coding_id} is not quoted in {found.label}.")
    uow.session.delete(link)
    uow.session.flush()
    summary = f"Removed quote {coding_id} from {found.label}"
    return _saved(
        uow, found, cell, "unlink_quote", summary, include_subcodes, coding_id=int(coding_id)
    )


def reorder_quotes(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    coding_ids: Sequence[int],
    *,
    include_subcodes: bool = False,
) -> CellView:
    """Put the cell's quotes in the order of ``coding_ids`` (all of them, each once).

    Raises :class:`ValidationError` when ``coding_ids`` is not exactly the
    linked quotes.
    """
    found = target(uow, row, code)
    cell = stored_cell(uow, found)
    links = {
        link.coding_id: link
        for link in (queries.cells.quotes_of_cell(uow.session, cell.id) if cell else [])
    }
    wanted = [int(c) for c in coding_ids]
    if cell is None or sorted(wanted) != sorted(links):
        raise ValidationError(
            f"Give every quote of {found.label} once to reorder them "
            f"(linked: {', '.join(map(str, sorted(links))) or 'none'})."
        )
    for position, coding_id in enumerate(wanted):
        links[coding_id].position = position
    uow.session.flush()
    summary = f"Reordered the quotes of {found.label}"
    return _saved(uow, found, cell, "reorder_quotes", summary, include_subcodes, order=wanted)
