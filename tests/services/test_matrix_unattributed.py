"""A matrix says which codings it leaves out: those spoken by nobody in the study."""

from __future__ import annotations

import pytest

import qualframe
from services.matrix_study import MatrixStudy, add_unattributed, build_study


@pytest.fixture
def study(project: qualframe.Project) -> MatrixStudy:
    return build_study(project)


def test_matrix_without_unattributed_codings_says_nothing(study: MatrixStudy) -> None:
    matrix = study.project.matrix.build(columns=["Hope", "Trust"])
    assert matrix.unattributed.total == 0
    assert matrix.unattributed.columns == ()
    assert matrix.unattributed.note() == ""


def test_codings_spoken_by_nobody_are_counted_per_column(study: MatrixStudy) -> None:
    add_unattributed(study.project)
    matrix = study.project.matrix.build(columns=["Hope", "Barriers > Stigma"])
    # Trust and Rules are not shown: only Hope's interviewer coding is left out.
    assert matrix.unattributed.total == 1
    assert [(c.path, c.codings) for c in matrix.unattributed.columns] == [("Hope", 1)]
    assert matrix.to_frame("codings")["Hope"].sum() == 2  # P1 and P2 only
    assert matrix.unattributed.note() == (
        "1 coding of the codes shown (Hope: 1) is left out of every cell: spoken by "
        "nobody in the study (for example the interviewer, or a speaker not mapped "
        "to a participant)."
    )


def test_subcode_codings_count_in_their_column_once_in_the_total(study: MatrixStudy) -> None:
    add_unattributed(study.project)
    plain = study.project.matrix.build(theme="Barriers")
    assert plain.unattributed.total == 0  # Rules is a sub-code of the column Boundaries
    matrix = study.project.matrix.build(
        columns=["Barriers", "Barriers > Boundaries", "Trust"], include_subcodes=True
    )
    counts = [(c.path, c.codings) for c in matrix.unattributed.columns]
    assert counts == [("Barriers", 1), ("Barriers > Boundaries", 1), ("Trust", 1)]
    assert matrix.unattributed.total == 2  # the Rules coding counts once


def test_unattributed_codings_lists_them_with_speaker_and_place(study: MatrixStudy) -> None:
    ids = add_unattributed(study.project)
    spec = study.project.matrix.spec(columns=["Hope", "Barriers"], include_subcodes=True)
    found = study.project.matrix.unattributed(spec)
    assert [(c.coding_id, c.code, c.speaker, c.text) for c in found] == [
        (ids["Hope"], "Hope", "Interviewer", "hope"),
        (
            ids["Barriers > Boundaries > Rules"],
            "Barriers > Boundaries > Rules",
            "Speaker 3",
            "Rules",
        ),
    ]
    assert {c.document for c in found} == {"group-notes"}
    assert found[0].start == study.project.coding.get(ids["Hope"]).start
