"""The framework-matrix part of the Python API: build matrices, chart cells, export.

::

    m = project.matrix.build(rows="participants", theme="Barriers",
                             group_by=["stakeholder group"], where={"employer": "NHS"})
    m.to_frame("codings")                      # participants x sub-codes, a DataFrame
    project.matrix.draft_from_data(m)          # fill empty cells with their excerpts
    project.matrix.write_summary("P01", "Barriers > Stigma", "Felt judged by staff.")
    project.matrix.link_quote("P01", "Barriers > Stigma", 1234)
    project.matrix.history("P01", "Barriers > Stigma")
    project.matrix.export(m.spec, "matrix.xlsx")

Rows are named by participant identifier, case name, or a group
``{"stakeholder group": "peer worker"}``; codes by id, name or path. A cell
belongs to its (row, code), not to a matrix: every matrix with that row and
code shows it. Each call is one transaction; on a
:class:`~qualframe.errors.UserError` nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from qualframe.api.facade import Facade
from qualframe.services.codebook.tree import CodeRef
from qualframe.services.matrix import cells as matrix_cells
from qualframe.services.matrix import coverage, matrix_export
from qualframe.services.matrix import drafts as matrix_drafts
from qualframe.services.matrix import excerpts as matrix_excerpts
from qualframe.services.matrix import matrices as matrix
from qualframe.services.matrix.drafts import DraftReport
from qualframe.services.matrix.excerpts import CellExcerpt
from qualframe.services.matrix.matrices import CellView, Matrix, MatrixSpec
from qualframe.services.matrix.rows import RowRef, Where
from qualframe.vocabulary import CellStatus


class MatrixAPI(Facade):
    """Framework matrices, their cells and question coverage for one project."""

    @staticmethod
    def spec(
        rows: str = "participants",
        columns: CodeRef | Sequence[CodeRef] = (),
        *,
        theme: CodeRef | Sequence[CodeRef] = (),
        include_subcodes: bool = False,
        group_by: str | Sequence[str] = (),
        where: Where | None = None,
        order_by: str | Sequence[str] = (),
    ) -> MatrixSpec:
        """A :class:`MatrixSpec` (see :meth:`build` for the arguments); builds nothing."""
        return matrix.spec_of(
            rows,
            columns,
            theme=theme,
            include_subcodes=include_subcodes,
            group_by=group_by,
            where=where,
            order_by=order_by,
        )

    def build(
        self,
        spec: MatrixSpec | None = None,
        *,
        rows: str = "participants",
        columns: CodeRef | Sequence[CodeRef] = (),
        theme: CodeRef | Sequence[CodeRef] = (),
        include_subcodes: bool = False,
        group_by: str | Sequence[str] = (),
        where: Where | None = None,
        order_by: str | Sequence[str] = (),
    ) -> Matrix:
        """Build a matrix from ``spec`` or from the keyword arguments.

        ``rows``: participants, cases or groups; ``columns``: codes;
        ``theme``: a theme (or several) whose direct sub-codes are columns;
        ``include_subcodes``: count descendants' codings in each column;
        ``group_by``: attributes (or "case") to group rows by (or to form
        group rows); ``where``: keep participants with these attribute
        values; ``order_by``: attributes to order rows by, then by name.
        """
        if spec is None:
            spec = self.spec(
                rows,
                columns,
                theme=theme,
                include_subcodes=include_subcodes,
                group_by=group_by,
                where=where,
                order_by=order_by,
            )
        return self._run(matrix.build, spec)

    # ------------------------------------------------------------ cells

    def cell(self, row: RowRef, code: CodeRef, *, include_subcodes: bool = False) -> CellView:
        """The cell of (row, code) as matrices show it; creates nothing."""
        return self._run(matrix_cells.get_cell, row, code, include_subcodes=include_subcodes)

    def excerpts(
        self, row: RowRef, code: CodeRef, *, include_subcodes: bool = False
    ) -> list[CellExcerpt]:
        """The coded excerpts the cell can quote (codings of the code, and of its
        sub-codes with ``include_subcodes``, by the row's participants), in
        document order, each marked ``linked`` when quoted already."""
        return self._run(
            matrix_excerpts.cell_excerpts, row, code, include_subcodes=include_subcodes
        )

    # The writes below return the cell as a matrix shows it; ``include_subcodes``
    # counts the sub-codes' codings too, as in a matrix built with it.

    def write_summary(
        self,
        row: RowRef,
        code: CodeRef,
        text: str,
        status: CellStatus | str | None = None,
        *,
        include_subcodes: bool = False,
    ) -> CellView:
        """Write the cell's summary; without ``status`` a non-empty summary marks it
        done (pass ``status="draft"`` to keep working on it)."""
        return self._run(
            matrix_cells.write_summary, row, code, text, status, include_subcodes=include_subcodes
        )

    def set_status(
        self,
        row: RowRef,
        code: CodeRef,
        status: CellStatus | str,
        *,
        include_subcodes: bool = False,
    ) -> CellView:
        """Set the cell's status: empty, draft, done, no_data or not_asked."""
        return self._run(
            matrix_cells.set_status, row, code, status, include_subcodes=include_subcodes
        )

    def link_quote(
        self, row: RowRef, code: CodeRef, coding_id: int, *, include_subcodes: bool = False
    ) -> CellView:
        """Quote a coding (of the code or a sub-code, by the row's participants) in the cell."""
        return self._run(
            matrix_cells.link_quote, row, code, coding_id, include_subcodes=include_subcodes
        )

    def unlink_quote(
        self, row: RowRef, code: CodeRef, coding_id: int, *, include_subcodes: bool = False
    ) -> CellView:
        """Remove a quote from the cell."""
        return self._run(
            matrix_cells.unlink_quote, row, code, coding_id, include_subcodes=include_subcodes
        )

    def reorder_quotes(
        self,
        row: RowRef,
        code: CodeRef,
        coding_ids: Sequence[int],
        *,
        include_subcodes: bool = False,
    ) -> CellView:
        """Put the cell's quotes in the order of ``coding_ids`` (each linked quote once)."""
        return self._run(
            matrix_cells.reorder_quotes, row, code, coding_ids, include_subcodes=include_subcodes
        )

    def history(self, row: RowRef, code: CodeRef) -> pd.DataFrame:
        """Every saved state of the cell (at, author, action, summary, status), oldest first."""
        return self._run(matrix_cells.cell_history, row, code)

    def draft_from_data(
        self,
        spec: MatrixSpec | Matrix,
        only: Sequence[tuple[RowRef, CodeRef]] | None = None,
    ) -> DraftReport:
        """Fill the matrix's empty cells (or the ``only`` (row, code) cells) with their
        coded excerpts, as drafts; never overwrites an analyst's summary."""
        wanted = spec.spec if isinstance(spec, Matrix) else spec
        return self._run(matrix_drafts.draft_from_data, wanted, only)

    def draft_cell(
        self, row: RowRef, code: CodeRef, *, include_subcodes: bool = False
    ) -> DraftReport:
        """Fill one cell with its coded excerpts, as a draft, unless it is charted."""
        return self._run(matrix_drafts.draft_cell, row, code, include_subcodes=include_subcodes)

    # ------------------------------------------------------------ exports

    def export(self, spec: MatrixSpec | Matrix, path: str | Path, *, counts: bool = False) -> Path:
        """Write the matrix to ``path``: .xlsx (one sheet per theme, quotes sheet),
        .csv (summaries; with ``counts``, codings counts) or .html (a report with
        the quotes). Returns the path written."""
        wanted = spec.spec if isinstance(spec, Matrix) else spec
        return self._run(matrix_export.export_matrix, wanted, Path(path), counts=counts)

    # ------------------------------------------------------------ coverage

    def cover(self, question: str | int, codes: CodeRef | Sequence[CodeRef]) -> int:
        """Record that interview ``question`` covers ``codes``; returns links added."""
        return self._run(coverage.cover, question, codes)

    def uncover(self, question: str | int, codes: CodeRef | Sequence[CodeRef]) -> int:
        """Remove coverage links; returns how many were removed."""
        return self._run(coverage.uncover, question, codes)

    def coverage(self) -> pd.DataFrame:
        """Which codes each question covers (question, text, code), in schedule order."""
        return self._run(coverage.coverage_frame)
