"""What points at a code, counted for previews and replaced in one place when
codes merge: codings, memos, quotes, cells and question coverage follow, and
nothing an analyst linked to a duplicate coding is dropped."""

from __future__ import annotations

import pytest
from sqlalchemy import select

import qualframe
from contracts import study
from qualframe.services.core.references import PointedAt, what_points_at
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage.database import Database
from qualframe.storage.models import CellQuote, MatrixCell, MemoLinkRow, QuestionCode
from statements import counted

TRUST, HOPE = "Mechanisms > Trust", "Mechanisms > Hope"


@pytest.fixture
def built(project: qualframe.Project) -> qualframe.Project:
    """The contract study: Trust charted for P01 with a quote, covered by Q1, a
    memo on it; Hope with 2 codings and a draft cell for P01; Engagement."""
    study.build(project)
    return project


def _links(project: qualframe.Project) -> dict[str, object]:
    """Who points at what, read from the tables: cells by code, quotes, memos,
    question coverage (codes by id)."""
    with project.database.transaction() as session:
        return {
            "cells": sorted(
                (cell.code_id, cell.status.value, cell.version)
                for cell in session.scalars(select(MatrixCell))
            ),
            "quotes": sorted(session.execute(select(CellQuote.cell_id, CellQuote.coding_id)).all()),
            "memos": [
                tuple(row)
                for row in session.execute(select(MemoLinkRow.code_id, MemoLinkRow.coding_id))
            ],
            "questions": sorted(session.scalars(select(QuestionCode.code_id))),
        }


def test_a_merge_preview_says_what_points_at_the_code_and_moves(built) -> None:
    preview = built.codebook.preview_merge(TRUST, HOPE)
    assert preview.references == PointedAt(codings=1, memos=1, cells=1, quotes=1, questions=1)
    assert preview.effect == (
        "Merging 'Mechanisms > Trust' into 'Mechanisms > Hope' moves 1 coding, 1 memo, "
        "1 cell, 1 quote and 1 question link."
    )
    assert built.codebook.get(TRUST).coding_count == 1  # a preview changes nothing


def test_merging_moves_memos_quotes_cells_and_question_coverage(built) -> None:
    trust, hope = built.codebook.get(TRUST).id, built.codebook.get(HOPE).id
    summary = built.codebook.merge(TRUST, HOPE)
    assert (summary.codings_moved, summary.memos_relinked, summary.questions_moved) == (1, 1, 1)
    assert (summary.cells_moved, summary.cells_combined) == (0, 1)
    links = _links(built)
    assert [code for code, _, _ in links["cells"]] == [hope]  # the two P01 cells, combined
    assert links["memos"] == [(hope, None)]  # the memo on Trust
    assert links["questions"] == [hope]
    assert len(links["quotes"]) == 1
    assert trust not in {code for code, _, _ in links["cells"]}


def test_a_question_covering_both_codes_covers_the_target_once(built) -> None:
    built.matrix.cover("Q1", HOPE)
    summary = built.codebook.merge(TRUST, HOPE)
    assert summary.questions_moved == 0
    assert _links(built)["questions"] == [built.codebook.get(HOPE).id]


def test_a_duplicate_coding_keeps_its_quotes_and_memos_on_the_coding_kept(built) -> None:
    """Trust's quoted coding repeats a Hope coding: it is folded into it, and the
    cells quoting it (its own and a theme's) and its memo follow."""
    trust_coding = study.coding_id(built, TRUST)
    start = study.TRANSCRIPT.index("I trusted her")
    kept = built.coding.apply("p01.txt", HOPE, start, start + 13).id
    built.memos.add("This passage", kind="analytic", body="Said twice.", coding=trust_coding)
    built.matrix.link_quote("P01", "Mechanisms", trust_coding)  # a theme's cell quotes it too
    theme_cell = _cell_version(built, "Mechanisms")
    summary = built.codebook.merge(TRUST, HOPE)
    assert (summary.duplicates_dropped, summary.quotes_relinked) == (1, 2)
    links = _links(built)
    assert {coding for _, coding in links["quotes"]} == {kept}
    assert len(links["quotes"]) == 2  # the theme's cell and Hope's combined cell
    assert (None, kept) in links["memos"]
    assert _cell_version(built, "Mechanisms") == theme_cell + 1
    with pytest.raises(qualframe.NotFoundError):
        built.coding.get(trust_coding)


def _cell_version(project: qualframe.Project, code: str) -> int:
    code_id = project.codebook.get(code).id
    with project.database.transaction() as session:
        cell = session.scalars(select(MatrixCell).where(MatrixCell.code_id == code_id)).one()
        return cell.version


def test_a_delete_preview_says_what_it_removes(built) -> None:
    coding = study.coding_id(built, "Engagement", "p02.txt")
    built.memos.add("Library", kind="analytic", body="Going out.", coding=coding)
    preview = built.codebook.preview_delete("Engagement")
    assert preview.references == PointedAt(codings=1, memos=1)
    assert preview.effect == (
        "Deleting 'Engagement' removes 1 coding and 1 memo link; "
        "the memos stay (without those links)."
    )
    summary = built.codebook.delete("Engagement", force=True)
    assert (summary.codings_deleted, summary.memos_unlinked) == (1, 1)
    assert summary.effect == preview.effect
    assert built.codebook.preview_delete("Spare").effect == "Deleting 'Spare' removes nothing."


def test_deleting_a_theme_counts_its_sub_codes_and_their_empty_cells(built) -> None:
    built.codebook.add("Later", parent="Spare")
    built.matrix.cover("Q1", "Spare > Later")
    preview = built.codebook.preview_delete("Spare")
    assert preview.effect == "Deleting 'Spare' and its 1 sub-code removes 1 question link."


def test_a_charted_code_cannot_be_deleted_and_the_preview_says_why(built) -> None:
    with pytest.raises(qualframe.ConflictError, match=r"1 charted matrix cell \(P01 × Trust\)"):
        built.codebook.preview_delete(TRUST)


def test_what_points_at_counts_codes_codings_and_cells_in_one_statement(
    built: qualframe.Project, database: Database
) -> None:
    mechanisms = built.codebook.get("Mechanisms").id
    engagement = study.coding_id(built, "Engagement", "p02.txt")
    with database.transaction() as session, counted(database) as statements:
        uow = UnitOfWork(session, built.info.id, "ana")
        found = what_points_at(uow, codes=[mechanisms], codings=[engagement])
    assert len(statements) == 1, statements.listing()
    assert found == PointedAt(codings=1, sub_codes=2)
    assert found.sentence("moves") == "moves 1 coding and 2 sub-codes"
    assert PointedAt().sentence("removes") == "removes nothing"
    assert not PointedAt().anything and found.anything


def test_merging_a_large_code_runs_a_bounded_number_of_statements(
    project: qualframe.Project, database: Database
) -> None:
    project.documents.import_bytes("a.txt", ("word " * 200).encode())
    with project.atomic():
        project.codebook.add("Old")
        project.codebook.add("New")
        for number in range(30):
            project.coding.apply("a.txt", "Old", number * 5, number * 5 + 4)
            if number % 3 == 0:
                project.coding.apply("a.txt", "New", number * 5, number * 5 + 4)
    with counted(database) as statements:
        summary = project.codebook.merge("Old", "New")
    assert (summary.codings_moved, summary.duplicates_dropped) == (20, 10)
    # Before: 31 statements, one UPDATE of memos and one read of quotes per
    # duplicate (and a delete and insert per quote). Now 18, a fixed number
    # whatever the number of codings and duplicates.
    assert len(statements) <= 22, statements.listing()
