"""The framework-matrix part of the Python API: build matrices, chart cells, export.

::

    m = project.matrix.build(rows="participants", theme="Barriers",
                             group_by=["stakeholder group"], where={"employer": "NHS"})
    m.to_frame("codings")                      # participants x sub-codes, a DataFrame
    project.matrix.draft_from_data(m)          # fill empty cells with their excerpts
    cell = project.matrix.write_summary("P01", "Barriers > Stigma", "Felt judged by staff.")
    cell = project.matrix.link_quote("P01", "Barriers > Stigma", 1234, if_version=cell.version)
    project.matrix.quote_passage("P01", "Barriers > Stigma", 1234, passage="judged by staff",
                                 if_version=cell.version)   # one key sentence of the coding
    project.matrix.history("P01", "Barriers > Stigma")
    project.matrix.export(m.spec, "matrix.xlsx")

Rows are named by participant identifier, case name, or a group
``{"stakeholder group": "peer worker"}``; codes by id, name or path. A cell
belongs to its (row, code), not to a matrix: every matrix with that row and
code shows it. Each call is one transaction; on a
:class:`~qualframe.errors.UserError` nothing is written. Every method is
declared by its service function (its signature and docstring are the
service's, without the unit of work).
"""

from __future__ import annotations

from qualframe.api.facade import Facade, use_case
from qualframe.services.matrix import (
    cell_memos as matrix_cell_memos,
    cells as matrix_cells,
    coverage as matrix_coverage,
    drafts as matrix_drafts,
    excerpts as matrix_excerpts,
    matrices,
    matrix_export,
    progress as matrix_progress,
    unattributed as matrix_unattributed,
)
from qualframe.services.matrix.spec import spec_of


class MatrixAPI(Facade):
    """Framework matrices, their cells and question coverage for one project."""

    #: A :class:`MatrixSpec` from the settings; builds nothing (opens no transaction).
    spec = staticmethod(spec_of)
    build = use_case(matrices.build)
    #: The codings a matrix leaves out of every cell: spoken by nobody in the study.
    unattributed = use_case(matrix_unattributed.unattributed_codings)

    # ------------------------------------------------------------ cells
    # ``cell`` shows a cell as a matrix does (``include_subcodes`` counts the
    # sub-codes' codings too, as in a matrix built with it). The writes take
    # ``if_version`` (the version read; 0 for a cell not stored yet) and return
    # the stored cell with its new version, a CellRecord, without counts.

    cell = use_case(matrix_cells.get_cell)
    excerpts = use_case(matrix_excerpts.cell_excerpts)
    write_summary = use_case(matrix_cells.write_summary)
    set_status = use_case(matrix_cells.set_status)
    link_quote = use_case(matrix_cells.link_quote)
    #: Quote only a passage of a quoted coding (one key sentence), or the whole coding again.
    quote_passage = use_case(matrix_cells.quote_passage)
    unlink_quote = use_case(matrix_cells.unlink_quote)
    reorder_quotes = use_case(matrix_cells.reorder_quotes)
    #: Every saved state of the cell (at, author, action, summary, status), a DataFrame.
    history = use_case(matrix_cells.cell_history, matrix_cells.history_frame)
    #: The same, as :class:`~qualframe.services.matrix.cells.HistoryEntry` records.
    history_records = use_case(matrix_cells.cell_history)
    #: Write a memo on a cell (storing the cell if it is not yet), maybe linked to more objects.
    add_memo = use_case(matrix_cell_memos.add_cell_memo)
    #: The matrix's cells that have memos, with how many each has.
    memo_counts = use_case(matrix_cell_memos.matrix_memo_counts)
    draft_from_data = use_case(matrix_drafts.draft_from_data)
    draft_cell = use_case(matrix_drafts.draft_cell)

    #: Charting progress per top-level theme (done, draft, to chart, no data,
    #: not asked), a :class:`~qualframe.services.matrix.progress.ChartingProgress`.
    progress = use_case(matrix_progress.charting_progress)

    # ------------------------------------------------------------ exports

    export = use_case(matrix_export.export_matrix)

    # ------------------------------------------------------------ coverage

    cover = use_case(matrix_coverage.cover)
    uncover = use_case(matrix_coverage.uncover)
    #: Which codes each question covers (question, text, code), a DataFrame.
    coverage = use_case(matrix_coverage.question_coverage, matrix_coverage.coverage_frame)
    #: The same, as :class:`~qualframe.services.matrix.coverage.CoverageLink` records.
    coverage_links = use_case(matrix_coverage.question_coverage)
