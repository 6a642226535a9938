"""Framework matrices: rows (participants, cases, groups) x columns (codes), with cells.

A matrix is a view, built on demand from a :class:`MatrixSpec`: nothing about
it is stored. What is stored are its **cells**, keyed by (row object, code)
(see :mod:`qualframe.services.matrix.cells`), so the same cell shows in every
matrix having that row and code. Codings are read when the matrix is built,
so a matrix follows merged and moved codes and re-linked documents.

Each (row, column) gets a :class:`CellView`: the stored cell's summary,
status and quotes if there is one, and what the data say — how many
codings, how many participants with codings, how many excerpts not yet
quoted. Without a stored status (or with status ``empty``) the status is
computed: ``empty`` when the row has codings of the column (waiting to be
charted), ``not_asked`` when every participant of the row was not asked
every question covering the code (see :mod:`qualframe.services.matrix.coverage`),
``no_data`` otherwise.

Building reads one grouped count per (code, participant or nobody) — no coding text —
plus the stored cells and their quotes: a 500 x 60 matrix over 200,000
codings builds well under a second on SQLite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Unpack

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree, resolve_code
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import UNSTORED
from qualframe.services.matrix import coverage
from qualframe.services.matrix.quotes import QuoteView, linked_quotes
from qualframe.services.matrix.rows import GroupLayout, People, RowTarget, layout_rows, row_kind
from qualframe.services.matrix.spec import MatrixSpec, SpecFields, Specified
from qualframe.services.matrix.unattributed import Unattributed, column_codes, count_unattributed
from qualframe.storage import queries
from qualframe.storage.queries.cells import StoredCellRow
from qualframe.vocabulary import CellStatus, RowKind

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: What :meth:`Matrix.to_frame` can show in each cell.
FrameValue = Literal["summary", "status", "codings", "participants", "excerpts", "quotes"]


@dataclass(frozen=True)
class MatrixColumn:
    """A column: its code's id, path ("Theme > Sub-code") and name, and the
    theme it was listed under (None for a code named directly)."""

    code_id: int
    path: str
    name: str
    theme: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CellView:
    """One (row, code) of a matrix as shown.

    ``row_key`` names the row as :class:`MatrixRow.key` does (participant
    identifier, case name or group key); ``cell_id`` is None when nothing
    is stored for it (then the stored fields keep their defaults: ``guid``
    None and ``version`` 0, the version to state when charting it first);
    ``version`` is the stored cell's (send it as ``if_version`` with a write);
    ``status`` is the stored status or, when none (or ``empty``), the
    computed one (see the module docstring); ``stored_status`` is what is
    stored, if anything; ``updated_at`` when it was last changed (UTC).
    ``codings``/``participants`` count the row's codings of the column and
    the participants they come from; ``excerpts`` counts codings not yet
    linked as quotes.
    """

    row_kind: RowKind
    row_key: str
    code_id: int
    status: CellStatus
    codings: int
    participants: int
    excerpts: int
    cell_id: int | None = None
    guid: str | None = None
    version: int = UNSTORED
    summary: str = ""
    stored_status: CellStatus | None = None
    author: str = ""
    updated_at: datetime | None = None
    quotes: tuple[QuoteView, ...] = ()


@dataclass(frozen=True)
class MatrixRow:
    """A row: its kind, id (participant or case; None for groups), key (identifier,
    case name or group key), label, group label (None when ungrouped), attributes
    and the ids of the participants whose codings it holds."""

    kind: RowKind
    id: int | None
    key: str
    label: str
    group: str | None
    attributes: Mapping[str, str] = field(default_factory=dict)
    participant_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class MatrixGroup:
    """A group of rows with its aggregate: per column, the group's cell (case or
    attribute group) with counts of codings and of participants with codings."""

    label: str
    key: str
    values: Mapping[str, str]
    rows: tuple[int, ...]
    participants: int
    aggregate: tuple[CellView, ...]


@dataclass(frozen=True)
class Matrix:
    """A built matrix: ``cells[i][j]`` is row ``i``, column ``j``.

    ``unattributed``: the codings of the columns spoken by nobody in the
    study, which no cell holds (see
    :mod:`~qualframe.services.matrix.unattributed`).
    """

    spec: MatrixSpec
    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]
    groups: tuple[MatrixGroup, ...]
    cells: tuple[tuple[CellView, ...], ...]
    unattributed: Unattributed = field(default_factory=Unattributed)

    def column_index(self, code: Ref) -> int:
        """The index of the column of ``code`` (id, path or name)."""
        for index, column in enumerate(self.columns):
            if code in (column.code_id, column.path, column.name):
                return index
        raise NotFoundError(f"The matrix has no column {code!r}.")

    def row_index(self, row: str) -> int:
        """The index of the row whose key or label is ``row``."""
        for index, found in enumerate(self.rows):
            if row in (found.key, found.label):
                return index
        raise NotFoundError(f"The matrix has no row {row!r}.")

    def cell(self, row: str, code: Ref) -> CellView:
        """The cell at row ``row`` (key or label) and column ``code`` (id, path or name)."""
        return self.cells[self.row_index(row)][self.column_index(code)]

    def to_frame(self, value: FrameValue = "summary", *, aggregates: bool = False) -> pd.DataFrame:
        """The matrix as a DataFrame: rows x code paths, holding ``value`` per cell.

        ``value``: summary (text), status (text), codings, participants,
        excerpts or quotes (counts). Grouped matrices get a (group, row)
        MultiIndex; ``aggregates`` adds each group's aggregate first, as row
        "(all)".
        """
        import pandas as pd

        pick = _picker(value)
        name = self.spec.rows.removesuffix("s")
        records: list[tuple[Any, list[Any]]] = []
        if self.groups:
            for group in self.groups:
                if aggregates:
                    records.append(((group.label, "(all)"), [pick(c) for c in group.aggregate]))
                for i in group.rows:
                    records.append(
                        ((group.label, self.rows[i].label), [pick(c) for c in self.cells[i]])
                    )
            index: pd.Index = pd.MultiIndex.from_tuples(
                [key for key, _ in records], names=["group", name]
            )
        else:
            records = [
                (row.label, [pick(c) for c in cells])
                for row, cells in zip(self.rows, self.cells, strict=True)
            ]
            index = pd.Index([key for key, _ in records], name=name)
        frame = pd.DataFrame(
            [values for _, values in records],
            index=index,
            columns=pd.Index([c.path for c in self.columns], name="code"),
        )
        if value not in ("summary", "status"):
            frame = frame.astype("int64")
        return frame


def _picker(value: str) -> Any:
    pickers = {
        "summary": lambda c: c.summary,
        "status": lambda c: c.status.value,
        "codings": lambda c: c.codings,
        "participants": lambda c: c.participants,
        "excerpts": lambda c: c.excerpts,
        "quotes": lambda c: len(c.quotes),
    }
    if value not in pickers:
        raise ValidationError(f"A matrix frame shows {', '.join(pickers)}; not {value!r}.")
    return pickers[value]


# ---------------------------------------------------------------- building


def build(
    uow: UnitOfWork, spec: MatrixSpec | Specified | None = None, **fields: Unpack[SpecFields]
) -> Matrix:
    """Build a framework matrix (reads only; nothing about it is stored).

    The matrix is ``spec`` (a :class:`MatrixSpec`, or a built matrix whose
    spec to build again) with the keyword settings set instead of its own;
    without ``spec``, the settings alone: ``rows`` (participants, cases or
    groups), ``columns`` (codes), ``theme`` (themes whose direct sub-codes
    are columns), ``include_subcodes`` (count descendants' codings in each
    column), ``group_by`` (attributes, or "case", to group rows by or to
    form group rows), ``where`` (keep participants with these attribute
    values) and ``order_by`` (attributes to order rows by, then by name);
    see :class:`~qualframe.services.matrix.spec.SpecOptions`.

    Raises :class:`NotFoundError` for an unknown code or attribute and
    :class:`ValidationError` for unusable input (no columns, a theme
    without sub-codes, a document attribute to group by, ...).
    """
    wanted = MatrixSpec.of(spec, **fields)
    tree = CodeTree.load(uow)
    columns = resolve_columns(uow, tree, wanted)
    layout = layout_rows(
        uow,
        People.load(uow),
        row_kind(wanted.rows),
        group_by=wanted.group_by,
        where=wanted.where,
        order_by=wanted.order_by,
    )
    targets = [*layout.rows, *(group.target for group in layout.groups)]
    pairs = column_codes(tree, columns, wanted.include_subcodes)
    views, nobody = _assemble(uow, tree, targets, columns, pairs)
    group_of = {index: group.label for group in layout.groups for index in group.rows}
    rows = tuple(
        MatrixRow(
            kind=t.kind,
            id=t.id,
            key=t.key,
            label=t.label,
            group=group_of.get(i),
            attributes=dict(t.attributes),
            participant_ids=t.participant_ids,
        )
        for i, t in enumerate(layout.rows)
    )
    count = len(layout.rows)
    return Matrix(
        spec=wanted,
        columns=tuple(columns),
        rows=rows,
        groups=tuple(_group(group, views[count + n]) for n, group in enumerate(layout.groups)),
        cells=tuple(tuple(v) for v in views[:count]),
        unattributed=count_unattributed(columns, pairs, nobody),
    )


def _group(group: GroupLayout, aggregate: Sequence[CellView]) -> MatrixGroup:
    return MatrixGroup(
        label=group.label,
        key=group.target.key,
        values=group.values,
        rows=group.rows,
        participants=len(group.target.participant_ids),
        aggregate=tuple(aggregate),
    )


def resolve_columns(uow: UnitOfWork, tree: CodeTree, spec: MatrixSpec) -> list[MatrixColumn]:
    """The columns of ``spec``: named codes, then each theme's direct sub-codes.

    Raises :class:`ValidationError` when there are none or a theme has no
    (unretired) sub-codes, :class:`NotFoundError` for an unknown code.
    """
    if not spec.columns and not spec.themes:
        raise ValidationError(
            "Choose the matrix columns: codes, or a theme whose sub-codes to show."
        )
    found: dict[int, MatrixColumn] = {}
    for ref in spec.columns:
        code = resolve_code(uow, ref)
        path = PATH_SEPARATOR.join(tree.path(code))
        found.setdefault(code.id, MatrixColumn(code.id, path, code.name))
    for ref in spec.themes:
        theme = resolve_code(uow, ref)
        theme_path = PATH_SEPARATOR.join(tree.path(theme))
        children = [c for c in tree.children.get(theme.id, []) if not c.retired]
        if not children:
            raise ValidationError(
                f"The code {theme_path!r} has no sub-codes to make columns of; "
                "list it as a column code instead."
            )
        for child in children:
            path = PATH_SEPARATOR.join(tree.path(child))
            found.setdefault(child.id, MatrixColumn(child.id, path, child.name, theme_path))
    return list(found.values())


def assemble(
    uow: UnitOfWork,
    tree: CodeTree,
    rows: Sequence[RowTarget],
    columns: Sequence[MatrixColumn],
    include_subcodes: bool,
) -> list[list[CellView]]:
    """The :class:`CellView` of every (row, column), ``[row][column]``.

    Rows may be of mixed kinds (aggregates are case or group rows).
    """
    pairs = column_codes(tree, columns, include_subcodes)
    return _assemble(uow, tree, rows, columns, pairs)[0]


def _assemble(
    uow: UnitOfWork,
    tree: CodeTree,
    rows: Sequence[RowTarget],
    columns: Sequence[MatrixColumn],
    code_columns: Sequence[tuple[int, int]],
) -> tuple[list[list[CellView]], dict[int, int]]:
    """:func:`assemble`, and the codings of each counted code spoken by nobody
    (code id -> codings), read by the same grouped count."""
    counted = queries.codings.counts_by_code_and_speaker(
        uow.session, uow.project_id, {code for code, _ in code_columns}
    )
    nobody = {code: n for code, participant, n in counted if participant is None}
    attributed = [(c, p, n) for c, p, n in counted if p is not None]
    codings, people = _counts(rows, len(columns), code_columns, attributed)
    stored = _stored(uow, rows, columns)
    quotes = linked_quotes(uow, [cell.id for cell in stored.values()])
    skipped = coverage.not_asked_by_code(uow, tree, [c.code_id for c in columns])
    views = [
        [
            _view(
                row,
                column.code_id,
                stored.get((row.kind, row.id, row.group_key, column.code_id)),
                quotes,
                (int(codings[i, j]), int(people[i, j])),
                skipped[column.code_id],
            )
            for j, column in enumerate(columns)
        ]
        for i, row in enumerate(rows)
    ]
    return views, nobody


def _counts(
    rows: Sequence[RowTarget],
    width: int,
    code_columns: Sequence[tuple[int, int]],
    counted: Sequence[tuple[int, int, int]],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Codings and participants with codings per (row, column), as two arrays,
    from ``counted``: ``(code id, participant id, codings)``."""
    import numpy as np
    import pandas as pd

    codings = np.zeros((len(rows), width), dtype=np.int64)
    people = np.zeros((len(rows), width), dtype=np.int64)
    if not counted or not rows:
        return codings, people
    counts = pd.DataFrame(counted, columns=["code_id", "participant_id", "n"])
    by_column = pd.DataFrame(code_columns, columns=["code_id", "column"])
    by_row = pd.DataFrame(
        [(pid, i) for i, row in enumerate(rows) for pid in row.participant_ids],
        columns=["participant_id", "row"],
    )
    merged = counts.merge(by_column, on="code_id").merge(by_row, on="participant_id")
    if merged.empty:
        return codings, people
    totals = merged.groupby(["row", "column"]).agg(
        codings=("n", "sum"), people=("participant_id", "nunique")
    )
    row_index = totals.index.get_level_values("row").to_numpy()
    column_index = totals.index.get_level_values("column").to_numpy()
    codings[row_index, column_index] = totals["codings"].to_numpy()
    people[row_index, column_index] = totals["people"].to_numpy()
    return codings, people


#: A stored cell's key: (row kind, participant or case id, group key, code id).
CellKey = tuple[RowKind, int | None, str | None, int]


def _stored(
    uow: UnitOfWork,
    rows: Sequence[RowTarget],
    columns: Sequence[MatrixColumn],
) -> dict[CellKey, StoredCellRow]:
    """The stored cells of the rows' kinds and the columns' codes, by key."""
    found: dict[CellKey, StoredCellRow] = {}
    code_ids = [c.code_id for c in columns]
    kinds = {row.kind for row in rows}
    for cell in queries.cells.stored_cells(uow.session, uow.project_id, code_ids, kinds):
        kind = cell.row_kind
        row_id = cell.participant_id if kind is RowKind.PARTICIPANT else cell.case_id
        found[(kind, row_id, cell.group_key, cell.code_id)] = cell
    return found


def _view(
    row: RowTarget,
    code_id: int,
    cell: StoredCellRow | None,
    quotes: Mapping[int, list[QuoteView]],
    counts: tuple[int, int],
    not_asked: frozenset[int] | None,
) -> CellView:
    """The view of one (row, code) from its stored cell (or None) and its
    ``(codings, participants)`` counts."""
    codings, people = counts
    computed = computed_status(row, codings, not_asked)
    if cell is None:
        return CellView(
            row_kind=row.kind,
            row_key=row.key,
            code_id=code_id,
            status=computed,
            codings=codings,
            participants=people,
            excerpts=codings,
        )
    linked = tuple(quotes.get(cell.id, ()))
    return CellView(
        row_kind=row.kind,
        row_key=row.key,
        code_id=code_id,
        status=computed if cell.status is CellStatus.EMPTY else cell.status,
        codings=codings,
        participants=people,
        excerpts=max(0, codings - len(linked)),
        cell_id=cell.id,
        guid=cell.guid,
        version=cell.version,
        summary=cell.summary or "",
        stored_status=cell.status,
        author=cell.author,
        updated_at=cell.updated_at,
        quotes=linked,
    )


def computed_status(row: RowTarget, codings: int, not_asked: frozenset[int] | None) -> CellStatus:
    """The status of a cell nobody has charted: empty (data to chart), not asked, or no data.

    A case or group row is "not asked" only when none of its participants
    was asked (and it has participants).
    """
    if codings:
        return CellStatus.EMPTY
    if not_asked is not None and row.participant_ids and row.participant_ids <= not_asked:
        return CellStatus.NOT_ASKED
    return CellStatus.NO_DATA
