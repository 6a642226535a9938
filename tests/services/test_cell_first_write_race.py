"""Simultaneous first writes of one empty matrix cell: one cell is stored, never
a unique-key failure; a write stating the cell was empty (``if_version=0``)
after another stored it is refused as stale, one stating no version is
applied on top."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

import qualframe
from qualframe.errors import ConflictError
from qualframe.storage.database import Database
from qualframe.storage.models import CellRevision, MatrixCell
from services.matrix_study import MatrixStudy, build_study

WRITERS = 8


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    return build_study(project)


def _at_once(write: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run ``write(0)`` ... ``write(WRITERS - 1)`` in threads started together;
    returns what they returned and what they raised."""
    start = threading.Barrier(WRITERS)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(number: int) -> None:
        start.wait()
        try:
            results.append(write(number))
        except BaseException as error:  # collected for the assertions
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def _stored(database: Database) -> tuple[int, int]:
    """How many cells and cell revisions are stored."""
    with database.transaction() as session:
        cells = session.scalar(select(func.count()).select_from(MatrixCell)) or 0
        revisions = session.scalar(select(func.count()).select_from(CellRevision)) or 0
    return cells, revisions


def test_first_writes_stating_an_empty_cell_store_one_and_refuse_the_others_as_stale(
    study: MatrixStudy, database: Database
) -> None:
    matrix = study.project.matrix
    results, errors = _at_once(
        lambda n: matrix.write_summary("P1", "Hope", f"Summary {n}.", if_version=0)
    )
    assert len(results) == 1, errors
    assert len(errors) == WRITERS - 1
    assert all(type(error) is qualframe.StaleVersionError for error in errors), errors
    assert "was changed by someone else" in str(errors[0])
    assert _stored(database) == (1, 1)
    cell = matrix.cell("P1", "Hope")
    assert (cell.version, cell.summary) == (1, results[0].summary)


def test_first_writes_without_a_version_each_apply_on_top(
    study: MatrixStudy, database: Database
) -> None:
    matrix = study.project.matrix
    results, errors = _at_once(lambda n: matrix.set_status("P1", "Hope", "draft"))
    # On PostgreSQL two that both applied on top of the same version race again:
    # the later is refused as stale (nothing overwritten), never a failure.
    assert all(isinstance(error, ConflictError) for error in errors), errors
    assert len(results) + len(errors) == WRITERS
    assert sorted(record.version for record in results) == list(range(1, len(results) + 1))
    assert _stored(database) == (1, len(results))
    assert matrix.cell("P1", "Hope").version == len(results)


def test_first_quotes_of_one_coding_at_once_link_it_once(
    study: MatrixStudy, database: Database
) -> None:
    matrix, coding = study.project.matrix, study.codings["P1", "Hope"]
    results, errors = _at_once(lambda n: matrix.link_quote("P1", "Hope", coding))
    assert len(results) == 1, errors
    assert all(isinstance(error, ConflictError) for error in errors), errors
    assert matrix.cell("P1", "Hope").quotes[0].coding_id == coding
    assert _stored(database)[0] == 1


def test_a_draft_made_from_a_matrix_read_before_a_cell_was_first_charted_leaves_it_alone(
    study: MatrixStudy, database: Database
) -> None:
    matrix = study.project.matrix
    read_before = matrix.build(matrix.spec(columns="Hope"))
    written = matrix.write_summary("P1", "Hope", "Charted first.", if_version=0)

    report = matrix.draft_from_data(read_before)

    cell = matrix.cell("P1", "Hope")
    assert (cell.summary, cell.version, cell.quotes) == ("Charted first.", written.version, ())
    assert report.skipped == 1
    assert report.drafted >= 1  # the other participants' cells


def test_drafts_and_first_summaries_at_once_store_each_cell_once_and_lose_no_summary(
    study: MatrixStudy, database: Database
) -> None:
    matrix = study.project.matrix

    def write(number: int) -> object:
        if number % 2:
            return matrix.write_summary("P1", "Hope", f"Summary {number}.")
        return matrix.draft_from_data(matrix.spec(columns="Hope"))

    results, errors = _at_once(write)
    assert all(isinstance(error, ConflictError) for error in errors), errors
    with database.transaction() as session:
        keys = session.execute(select(MatrixCell.code_id, MatrixCell.participant_id)).all()
    assert len(keys) == len(set(keys))
    summaries = [r for r in results if hasattr(r, "summary")]
    if summaries:  # a draft never overwrites a summary, whichever came first
        assert matrix.cell("P1", "Hope").summary.startswith("Summary ")


def test_a_summary_saved_while_a_draft_is_made_is_not_drafted_over(
    study: MatrixStudy, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qualframe.services.matrix import drafts

    matrix = study.project.matrix
    empty = matrix.set_status("P1", "Hope", "empty")  # stored, still draftable
    colleague = qualframe.open_project(
        project_id=study.project.info.id, database=database, user="bob"
    )
    excerpts = drafts._excerpts

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        colleague.matrix.write_summary(
            "P1", "Hope", "Bob's careful summary.", status="done", if_version=empty.version
        )
        return excerpts(*args, **kwargs)

    monkeypatch.setattr(drafts, "_excerpts", meanwhile)
    report = matrix.draft_from_data(matrix.spec(columns="Hope"))

    cell = matrix.cell("P1", "Hope")
    assert (cell.summary, cell.author) == ("Bob's careful summary.", "bob")
    assert report.skipped >= 1
