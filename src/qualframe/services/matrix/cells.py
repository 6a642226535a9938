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

import pandas as pd
from sqlalchemy.orm import Session

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeRef, CodeTree, resolve_code
from qualframe.services.core import audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.matrix.matrices import CellView, MatrixColumn, assemble
from qualframe.services.matrix.rows import People, RowRef, RowTarget, resolve_row
from qualframe.storage import queries
from qualframe.storage.models import CellQuote, CellRevision, Code, MatrixCell
from qualframe.storage.models.base import utc_now
from qualframe.vocabulary import CellStatus, RowKind

#: Columns of :func:`cell_history`.
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


def target(uow: UnitOfWork, row: RowRef, code: CodeRef) -> CellTarget:
    """Resolve a row reference and a code reference (raises for unknown ones)."""
    found_row = resolve_row(uow, row)
    found_code = resolve_code(uow, code)
    tree = CodeTree.load(uow)
    return CellTarget(found_row, found_code, PATH_SEPARATOR.join(tree.path(found_code)))


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


# ---------------------------------------------------------------- reading


def get_cell(
    uow: UnitOfWork,
    row: RowRef,
    code: CodeRef,
    *,
    include_subcodes: bool = False,
) -> CellView:
    """The cell of (row, code) as a matrix shows it; creates nothing."""
    found = target(uow, row, code)
    return _view(uow, found, include_subcodes)


def _view(uow: UnitOfWork, found: CellTarget, include_subcodes: bool = False) -> CellView:
    tree = CodeTree.load(uow)
    column = MatrixColumn(found.code.id, found.path, found.code.name)
    return assemble(uow, tree, [found.row], [column], include_subcodes)[0][0]


def cell_history(uow: UnitOfWork, row: RowRef, code: CodeRef) -> pd.DataFrame:
    """Every saved state of the cell, oldest first (see :data:`HISTORY_COLUMNS`).

    Empty when the cell was never changed.
    """
    found = target(uow, row, code)
    cell = _stored(uow, found)
    revisions = queries.cells.revisions_of_cell(uow.session, cell.id) if cell else []
    rows = [(r.at, r.author, r.action, r.summary, CellStatus(r.status).value) for r in revisions]
    return pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))


# ---------------------------------------------------------------- changing


def _stored(uow: UnitOfWork, found: CellTarget) -> MatrixCell | None:
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
    cell = _stored(uow, found)
    if cell is not None:
        return cell
    row = found.row
    cell = MatrixCell(
        project_id=uow.project_id,
        code_id=found.code.id,
        row_kind=row.kind,
        participant_id=row.id if row.kind is RowKind.PARTICIPANT else None,
        case_id=row.id if row.kind is RowKind.CASE else None,
        group_key=row.group_key,
        summary="",
        status=CellStatus.EMPTY,
        author=uow.actor,
    )
    uow.session.add(cell)
    uow.session.flush()
    return cell


def save(
    uow: UnitOfWork,
    cell: MatrixCell,
    action: str,
    summary: str,
    details: dict[str, object] | None = None,
) -> None:
    """Stamp ``cell`` with the actor and time, add a revision and an audit entry."""
    cell.author = uow.actor
    cell.updated_at = utc_now()
    uow.session.add(
        CellRevision(
            cell_id=cell.id,
            at=cell.updated_at,
            author=uow.actor,
            action=action,
            summary=cell.summary,
            status=cell.status,
        )
    )
    uow.session.flush()
    audit.record(
        uow,
        f"cell.{action}",
        "cell",
        cell.id,
        summary,
        {"status": CellStatus(cell.status).value, **(details or {})},
    )


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
    save(
        uow,
        cell,
        "write",
        f"Wrote the summary of {found.label} ({wanted.value})",
        {"row": found.row.key, "code": found.path},
    )
    return _view(uow, found, include_subcodes)


def clean_summary(text: str) -> str:
    r"""A summary as stored: ``\n`` line endings (browsers send ``\r\n``), no
    white space around it."""
    return str(text).replace("\r\n", "\n").replace("\r", "\n").strip()


def edited_status(
    shown: CellStatus | str, chosen: CellStatus | str, summary: str
) -> CellStatus | None:
    """The status to save with an edited summary, from a cell editor that showed
    status ``shown`` and now has ``chosen`` selected (None: let
    :func:`write_summary` decide).

    A status the analyst picked (``chosen`` differs from ``shown``) is kept.
    Left as shown, an edit follows the charting rule: a summary written in a
    cell still to chart (``empty``) makes it ``done``, and a cleared summary
    puts the cell back to chart; otherwise the shown status stays (a draft
    being rewritten stays a draft, a "no data" note stays "no data").
    Raises :class:`ValidationError` for an unknown status.
    """
    before, after = parse_status(shown), parse_status(chosen)
    if after is not before:
        return after
    if not summary.strip() or before is CellStatus.EMPTY:
        return None
    return after


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
    save(
        uow,
        cell,
        "status",
        f"Marked {found.label} {wanted.value}",
        {"row": found.row.key, "code": found.path},
    )
    return _view(uow, found, include_subcodes)


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
    save(
        uow,
        cell,
        "link_quote",
        f"Quoted coding {coding_id} in {found.label}",
        {"coding_id": int(coding_id)},
    )
    return _view(uow, found, include_subcodes)


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
    cell = _stored(uow, found)
    link = uow.session.get(CellQuote, (cell.id, int(coding_id))) if cell else None
    if cell is None or link is None:
        raise NotFoundError(f"Coding {coding_id} is not quoted in {found.label}.")
    uow.session.delete(link)
    uow.session.flush()
    save(
        uow,
        cell,
        "unlink_quote",
        f"Removed quote {coding_id} from {found.label}",
        {"coding_id": int(coding_id)},
    )
    return _view(uow, found, include_subcodes)


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
    cell = _stored(uow, found)
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
    save(
        uow,
        cell,
        "reorder_quotes",
        f"Reordered the quotes of {found.label}",
        {"order": wanted},
    )
    return _view(uow, found, include_subcodes)


# ---------------------------------------------------------------- code merges


def combined_status(
    first: CellStatus, first_summary: str, second: CellStatus, second_summary: str
) -> CellStatus:
    """The status of two cells combined by a code merge: the less final one.

    A cell has content when it is ``draft`` or ``done`` or has a summary
    (text under another status counts as ``draft``). Two cells with content
    give ``done`` only if both were ``done``, else ``draft``; a cell without
    content yields to one with content; two without give ``not_asked`` if
    both were, else ``no_data`` if either was, else ``empty``.
    """

    def content(status: CellStatus, summary: str) -> CellStatus | None:
        if status in (CellStatus.DRAFT, CellStatus.DONE):
            return status
        return CellStatus.DRAFT if summary.strip() else None

    a, b = content(first, first_summary), content(second, second_summary)
    if a and b:
        return CellStatus.DONE if a is b is CellStatus.DONE else CellStatus.DRAFT
    if a or b:
        return a or b  # type: ignore[return-value]
    if first is second is CellStatus.NOT_ASKED:
        return CellStatus.NOT_ASKED
    if CellStatus.NO_DATA in (first, second):
        return CellStatus.NO_DATA
    return CellStatus.EMPTY


def merged_summary(target: str, source: str, source_path: str) -> str:
    """The target cell's summary followed by the merged cell's, under a separator."""
    if not source.strip():
        return target
    if not target.strip():
        return source
    return f"{target}\n\n--- merged from {source_path!r} ---\n{source}"


def merge_cells(
    uow: UnitOfWork,
    source: Code,
    target: Code,
    source_path: str,
    target_path: str,
) -> tuple[int, int]:
    """Move the cells of code ``source`` to code ``target`` (part of a code merge).

    A cell whose row has no cell of ``target`` moves as it is; otherwise
    the two are combined: summaries joined (:func:`merged_summary`), quotes
    united (the target's first), status by :func:`combined_status`, the
    source cell's history appended to the target's. Each cell gets a
    ``merge`` revision and audit entry. Returns ``(moved, combined)``.
    """
    moved = combined = 0
    for cell in list(queries.cells.cells_of_code(uow.session, source.id)):
        twin = queries.cells.find_cell(
            uow.session,
            uow.project_id,
            target.id,
            RowKind(cell.row_kind),
            cell.participant_id if cell.row_kind == RowKind.PARTICIPANT else cell.case_id,
            cell.group_key,
        )
        if twin is None:
            cell.code_id = target.id
            uow.session.flush()
            save(
                uow,
                cell,
                "merge",
                f"Moved a cell of {source_path!r} to {target_path!r} (code merge)",
                {"from_code": source_path, "to_code": target_path},
            )
            moved += 1
            continue
        _combine(uow.session, cell, twin, source_path)
        save(
            uow,
            twin,
            "merge",
            f"Combined a cell of {source_path!r} into {target_path!r} (code merge)",
            {"from_code": source_path, "to_code": target_path, "from_cell": cell.id},
        )
        combined += 1
    return moved, combined


def _combine(session: Session, cell: MatrixCell, twin: MatrixCell, source_path: str) -> None:
    """Fold ``cell`` into ``twin`` and delete ``cell``."""
    twin.status = combined_status(
        CellStatus(twin.status), twin.summary, CellStatus(cell.status), cell.summary
    )
    twin.summary = merged_summary(twin.summary, cell.summary, source_path)
    kept = queries.cells.quotes_of_cell(session, twin.id)
    have = {link.coding_id for link in kept}
    position = max((link.position for link in kept), default=-1) + 1
    extra = [
        link.coding_id
        for link in queries.cells.quotes_of_cell(session, cell.id)
        if link.coding_id not in have
    ]
    queries.cells.delete_quotes_of_cell(session, cell.id)
    queries.cells.move_revisions(session, cell.id, twin.id)
    session.flush()
    for offset, coding_id in enumerate(extra):
        session.add(CellQuote(cell_id=twin.id, coding_id=coding_id, position=position + offset))
    session.delete(cell)
    session.flush()
