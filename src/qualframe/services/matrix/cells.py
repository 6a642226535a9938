"""Framework-matrix cells: summaries, statuses, quotes, history, drafts from data.

A cell is keyed by (row object, code): a participant, a case or an attribute
group (see :mod:`qualframe.services.matrix.rows`) and a code. It exists
independently of any matrix, so every matrix with that row and code shows
it. Reading a cell creates nothing; the first change creates it.

Statuses: ``empty`` (nothing charted), ``draft``, ``done``, ``no_data``
(asked, nothing relevant said) and ``not_asked``. **A new summary is a
draft until the analyst marks it done**: without an explicit status, a
summary written in a cell still to chart (``empty``, or not stored yet)
makes it ``draft``, rewriting a summary keeps the cell's status, and
clearing it marks it ``empty``; mark it ``done`` with :func:`set_status`
(or pass ``status="done"``). Drafts made from the data
(:mod:`qualframe.services.matrix.drafts`) are ``draft`` and never
overwrite an analyst's summary.

Every change writes a :class:`~qualframe.storage.models.CellRevision` (the
cell's history) and an audit entry (entity type ``cell``), and makes one new
version of the cell: a write takes ``if_version``, the version read (0 for a
cell not stored yet), refuses a stale one before changing anything, and
returns the stored cell as a :class:`CellRecord` with its new version. Writes
return no counts: those depend on how a matrix counts (with sub-codes or
not), so read them with :func:`get_cell`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.formats.quoting import CodedSpan
from qualframe.services.cells.charting import (
    clean_summary,
    first_write,
    new_cell,
    parse_status,
    remember,
    save,
    stamp,
)
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeRef, CodeTree, resolve_code
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.services.matrix.matrices import CellView, MatrixColumn, assemble
from qualframe.services.matrix.quotes import passage_of
from qualframe.services.matrix.rows import People, Roster, RowRef, RowTarget, resolve_row
from qualframe.storage import queries
from qualframe.storage.models import CellQuote, Code, MatrixCell
from qualframe.vocabulary import CellStatus, RowKind

if TYPE_CHECKING:
    import pandas as pd

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
    people: People | Roster | None = None,
    tree: CodeTree | None = None,
) -> CellTarget:
    """Resolve a row reference and a code reference (raises for unknown ones).

    ``people`` and ``tree``, when given, are used instead of loading them;
    otherwise they are read once per unit of work. The tree is read first, so
    a code given by id is found among its codes without another query.
    """
    tree = tree or CodeTree.load(uow)
    found_row = resolve_row(uow, row, people)
    found_code = resolve_code(uow, code)
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
    ``status``, ``link_quote``, ``set_passage`` (a quote's passage),
    ``unlink_quote``, ``reorder_quotes``, ``draft``, ``merge`` or ``create``
    (stored for a memo)), and the summary and status it left."""

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
    import pandas as pd

    rows = [(r.at, r.author, r.action, r.summary, r.status.value) for r in history]
    return pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))


# ---------------------------------------------------------------- changing


@dataclass(frozen=True, slots=True, kw_only=True)
class CellRecord:
    """A stored cell as a write leaves it (no counts: a matrix, or
    :func:`get_cell`, shows those).

    ``cell_id``, ``guid`` and ``version`` identify the stored cell and its
    state (send ``version`` as ``if_version`` with the next write); ``row_kind``
    and ``row_key`` name its row as :class:`CellView` does, ``code_id`` and
    ``code_path`` its code; ``summary`` and ``status`` are what is stored;
    ``quote_ids`` the quoted codings' ids in the analyst's order; ``author``
    and ``updated_at`` (UTC) who changed it last and when.
    """

    cell_id: int
    guid: str
    version: int
    row_kind: RowKind
    row_key: str
    code_id: int
    code_path: str
    summary: str
    status: CellStatus
    quote_ids: tuple[int, ...]
    author: str
    updated_at: datetime | None


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


def _editable(uow: UnitOfWork, found: CellTarget, if_version: int | None) -> MatrixCell | None:
    """The stored cell of ``found`` (None when not stored yet), refused with
    :class:`~qualframe.errors.StaleVersionError` when ``if_version`` is not its
    version (0 for a cell not stored)."""
    cell = stored_cell(uow, found)
    check_version(cell, if_version, f"the cell {found.label}")
    return cell


def _new(uow: UnitOfWork, found: CellTarget) -> MatrixCell:
    """A new empty cell of ``found`` (inserted by its first save)."""
    return new_cell(uow, found.code.id, found.row.kind, found.row.id, found.row.group_key)


def _record(
    found: CellTarget, cell: MatrixCell, quote_ids: Sequence[int] | None = None
) -> CellRecord:
    """The record of a saved ``cell`` (``quote_ids``: its quotes, in order)."""
    return CellRecord(
        cell_id=cell.id,
        guid=cell.guid,
        version=cell.version,
        row_kind=found.row.kind,
        row_key=found.row.key,
        code_id=found.code.id,
        code_path=found.path,
        summary=cell.summary,
        status=cell.status,
        quote_ids=tuple(quote_ids or ()),
        author=cell.author,
        updated_at=cell.updated_at,
    )


def cell_record(
    uow: UnitOfWork, found: CellTarget, cell: MatrixCell, *, new: bool = False
) -> CellRecord:
    """The record of the stored ``cell`` of ``found``, its quotes read (one
    query), unless it is ``new`` (none yet)."""
    quotes = [] if new else queries.cells.quoted_coding_ids(uow.session, cell.id)
    return _record(found, cell, quotes)


def _status_after_writing(stored: MatrixCell | None, summary: str) -> CellStatus:
    """The status a summary written without one leaves: ``empty`` when it is
    cleared; else the stored status, except that a cell still to chart
    becomes a ``draft`` (never ``done``: the analyst marks it done)."""
    if not summary:
        return CellStatus.EMPTY
    if stored is None or stored.status is CellStatus.EMPTY:
        return CellStatus.DRAFT
    return stored.status


@first_write
def write_summary(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    text: str,
    status: CellStatus | str | None = None,
    *,
    if_version: int | None = None,
) -> CellRecord:
    """Write the cell's summary (creating the cell if needed); returns the stored
    cell with its new version.

    The text is stored as :func:`clean_summary` makes it. Without ``status``,
    an empty summary marks the cell ``empty``, and a non-empty one keeps the
    stored status, a cell still to chart becoming ``draft`` (see the module
    docstring: only the analyst marks a cell ``done``). ``if_version``: the version you read (0 for
    a cell not stored yet); a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved.
    Raises :class:`ValidationError` for an unknown status,
    :class:`NotFoundError` for an unknown row or code; nothing is written then.
    """
    wanted = parse_status(status) if status is not None else None
    found = target(uow, row, code)
    stored = _editable(uow, found, if_version)
    summary = clean_summary(text)
    if wanted is None:
        wanted = _status_after_writing(stored, summary)
    cell = stored or _new(uow, found)
    cell.summary, cell.status = summary, wanted
    message = f"Wrote the summary of {found.label} ({wanted.value})"
    save(uow, cell, "write", message, {"row": found.row.key, "code": found.path})
    return cell_record(uow, found, cell, new=stored is None)


@first_write
def set_status(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    status: CellStatus | str,
    *,
    if_version: int | None = None,
) -> CellRecord:
    """Set the cell's status (creating the cell if needed), keeping its summary;
    returns the stored cell with its new version.

    ``if_version``: the version you read (0 for a cell not stored yet); a
    different stored version raises :class:`~qualframe.errors.StaleVersionError`
    and nothing is saved. Raises :class:`ValidationError` for an unknown
    status, :class:`NotFoundError` for an unknown row or code.
    """
    wanted = parse_status(status)
    found = target(uow, row, code)
    stored = _editable(uow, found, if_version)
    cell = stored or _new(uow, found)
    cell.status = wanted
    message = f"Marked {found.label} {wanted.value}"
    save(uow, cell, "status", message, {"row": found.row.key, "code": found.path})
    return cell_record(uow, found, cell, new=stored is None)


def check_quote(uow: UnitOfWork, found: CellTarget, coding_id: int) -> CodedSpan:
    """Raise unless coding ``coding_id`` may be quoted in the cell ``found``;
    returns its span and text.

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
        identifiers = Roster.load(uow).identifiers
        who = identifiers.get(coding.participant_id or -1, "nobody (no participant)")
        raise ValidationError(
            f"Coding {coding_id} is spoken by {who}, who is not in the row "
            f"{found.row.label!r}; it cannot be quoted in {found.label}."
        )
    return CodedSpan(coding.id, coding.start, coding.end, coding.quote)


def _quotes_saved(
    uow: UnitOfWork,
    found: CellTarget,
    cell: MatrixCell,
    quoted: Sequence[int],
    action: str,
    message: str,
    **details: object,
) -> CellRecord:
    """Save a change of the stored ``cell``'s quote links (pending in the
    session), which now quote ``quoted`` (coding ids, in order): one new
    version of the cell (its stamp, flushed with the links), a revision and
    an audit entry; returns the record."""
    stamp(uow, cell)
    remember(uow, cell, action, message, details)
    uow.session.flush()
    return _record(found, cell, quoted)


@first_write
def link_quote(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    coding_id: int,
    *,
    start: int | None = None,
    end: int | None = None,
    passage: str | None = None,
    if_version: int | None = None,
) -> CellRecord:
    """Link a coding to the cell as a quote (last in order), creating the cell if
    needed; returns the stored cell with its new version.

    The quote is the whole coding, or only a passage of it: ``[start, end)``
    (code points of the coding's document, inside the coding's span) or the
    words ``passage`` (found in the coding); white space around a passage is
    left out, and a passage covering the whole coding quotes the whole coding.

    ``if_version``: the version you read (0 for a cell not stored yet); a
    different stored version raises :class:`~qualframe.errors.StaleVersionError`
    and nothing is saved. Raises :class:`NotFoundError` for an unknown coding,
    :class:`ValidationError` for a coding of another code or another row's
    participant or a passage outside the coding (or only white space, or
    words not found once in it), :class:`ConflictError` when it is linked
    already.
    """
    found = target(uow, row, code)
    stored = _editable(uow, found, if_version)
    span = passage_of(check_quote(uow, found, coding_id), start, end, passage)
    links = queries.cells.quotes_of_cell(uow.session, stored.id) if stored else []
    if any(link.coding_id == coding_id for link in links):
        raise ConflictError(f"Coding {coding_id} is already quoted in {found.label}.")
    position = max((link.position for link in links), default=-1) + 1
    cell = stored or _new(uow, found)
    stamp(uow, cell)
    first, last = span or (None, None)
    uow.session.add(
        CellQuote(
            cell_id=cell.id, coding_id=int(coding_id), position=position, start=first, end=last
        )
    )
    what = f"coding {coding_id}" if span is None else f"[{first}, {last}) of coding {coding_id}"
    remember(
        uow,
        cell,
        "link_quote",
        f"Quoted {what} in {found.label}",
        {"coding_id": int(coding_id), "start": first, "end": last},
    )
    uow.session.flush()
    order = [link.coding_id for link in links] + [int(coding_id)]
    return _record(found, cell, order)


def quote_passage(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    coding_id: int,
    start: int | None = None,
    end: int | None = None,
    *,
    passage: str | None = None,
    if_version: int | None = None,
) -> CellRecord:
    """Quote only a passage of a coding the cell quotes, or the whole coding
    again; returns the stored cell with its new version.

    The passage is ``[start, end)`` (code points of the coding's document,
    inside the coding's span) or the words ``passage`` (found in the coding);
    white space around it is left out. Giving neither (or a passage covering
    the whole coding) quotes the whole coding. Setting the passage it has
    already writes nothing.

    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved. Raises
    :class:`NotFoundError` if the coding is not quoted there,
    :class:`ValidationError` for a passage outside the coding, only white
    space, or words not found exactly once in it.
    """
    found = target(uow, row, code)
    cell = _editable(uow, found, if_version)
    link = queries.cells.quote_link(uow.session, cell.id, int(coding_id)) if cell else None
    if cell is None or link is None:
        raise NotFoundError(f"Coding {coding_id} is not quoted in {found.label}.")
    coding = queries.codings.coding_by_id(uow.session, uow.project_id, link.coding_id)
    assert coding is not None  # a quote's coding cannot be removed
    span = passage_of(
        CodedSpan(coding.id, coding.start, coding.end, coding.quote), start, end, passage
    )
    quoted = queries.cells.quoted_coding_ids(uow.session, cell.id)
    if span == ((link.start, link.end) if link.start is not None else None):
        return _record(found, cell, quoted)
    link.start, link.end = span or (None, None)
    what = "the whole coding" if span is None else f"[{span[0]}, {span[1]})"
    return _quotes_saved(
        uow,
        found,
        cell,
        quoted,
        "set_passage",
        f"Quoted {what} of coding {coding_id} in {found.label}",
        coding_id=int(coding_id),
        start=link.start,
        end=link.end,
    )


def unlink_quote(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    coding_id: int,
    *,
    if_version: int | None = None,
) -> CellRecord:
    """Remove a quote from the cell; returns the stored cell with its new version.

    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved. Raises
    :class:`NotFoundError` if the coding is not quoted there.
    """
    found = target(uow, row, code)
    cell = _editable(uow, found, if_version)
    links = queries.cells.quotes_of_cell(uow.session, cell.id) if cell else []
    link = next((q for q in links if q.coding_id == int(coding_id)), None)
    if cell is None or link is None:
        raise NotFoundError(f"Coding {coding_id} is not quoted in {found.label}.")
    uow.session.delete(link)
    return _quotes_saved(
        uow,
        found,
        cell,
        [q.coding_id for q in links if q is not link],
        "unlink_quote",
        f"Removed quote {coding_id} from {found.label}",
        coding_id=int(coding_id),
    )


def reorder_quotes(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    coding_ids: Sequence[int],
    *,
    if_version: int | None = None,
) -> CellRecord:
    """Put the cell's quotes in the order of ``coding_ids`` (all of them, each
    once); returns the stored cell with its new version.

    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved. Raises
    :class:`ValidationError` when ``coding_ids`` is not exactly the linked quotes.
    """
    found = target(uow, row, code)
    cell = _editable(uow, found, if_version)
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
    return _quotes_saved(
        uow,
        found,
        cell,
        wanted,
        "reorder_quotes",
        f"Reordered the quotes of {found.label}",
        order=wanted,
    )
