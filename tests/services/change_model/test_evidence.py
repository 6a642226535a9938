"""Evidence for change-model nodes and links: codings, quotes, cells and memos,
checked on the way in, labelled for people, edited and removed with audit."""

from __future__ import annotations

import pytest

import qualframe
from change_model.evidence_study import TEXTS, Study, build
from qualframe import EvidenceKind, Stance


@pytest.fixture
def study(project: qualframe.Project) -> Study:
    return build(project)


def _rows(project: qualframe.Project) -> list[tuple[int, str, int | None, int | None]]:
    return [(e.id, e.stance.value, e.start, e.end) for e in project.change_models.evidence()]


def test_each_kind_of_evidence_is_labelled_as_people_name_it(project, study) -> None:
    labels = {
        e.id: (e.kind, e.label, e.participant, e.case) for e in project.change_models.evidence()
    }
    whole, quote, cell = study.hope_evidence
    assert labels[whole] == (
        EvidenceKind.CODING,
        "P01, Hope: 'Then I felt hope for the first time.'",
        "P01",
        "Trust A",
    )
    assert labels[quote] == (EvidenceKind.QUOTE, "P04, Hope: 'Not really'", "P04", "Charity B")
    assert labels[cell] == (EvidenceKind.CELL, "P02 × Hope", "P02", "Trust A")
    memo = next(e for e in project.change_models.evidence(node="Trust"))
    assert (memo.kind, memo.label, memo.participant, memo.text) == (
        EvidenceKind.MEMO,
        "Why trust",
        None,
        "Why trust",
    )
    link = project.change_models.evidence(link=("Trust", "Hope"))
    assert [(e.subject_kind, e.subject, e.stance) for e in link] == [
        ("link", "Trust → Hope", Stance.CONTRADICTS)
    ]
    assert link[0].code == "Mechanisms > Trust" and link[0].author == project.user


def test_a_quote_keeps_its_passage_trimmed_and_a_whole_passage_is_the_coding(
    project, study
) -> None:
    text = TEXTS["P03"]
    start = text.index("in the end")
    piece = project.change_models.add_evidence(
        node="Trust", coding=study.p03_trust, passage=(start - 1, start + 10)
    )
    assert (piece.kind, piece.start, piece.end, piece.text) == (
        EvidenceKind.QUOTE,
        start,
        start + 10,
        "in the end",
    )
    whole = project.change_models.add_evidence(
        node="Role modelling", coding=study.p03_trust, passage=(0, text.index(" I joined"))
    )
    assert (whole.kind, whole.start, whole.end) == (EvidenceKind.CODING, None, None)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"coding": 1}, qualframe.ValidationError, "exactly one node or one link"),
        (
            {"node": "Hope", "link": ("Trust", "Hope"), "coding": 1},
            qualframe.ValidationError,
            "exactly one node or one link",
        ),
        ({"node": "Hope"}, qualframe.ValidationError, "exactly one coding"),
        ({"node": "Hope", "coding": 1, "memo": 1}, qualframe.ValidationError, "exactly one"),
        (
            {"node": "Hope", "memo": 1, "passage": (0, 3)},
            qualframe.ValidationError,
            "passage is part of a coding",
        ),
        (
            {"node": "Hope", "cell": 1, "passage": (0, 3)},
            qualframe.ValidationError,
            "passage is part of a coding",
        ),
        ({"node": "Nope", "coding": 1}, qualframe.NotFoundError, "no node called 'Nope'"),
        ({"node": "Hope", "coding": 999}, qualframe.NotFoundError, "no coding with id 999"),
        ({"node": "Hope", "cell": 999}, qualframe.NotFoundError, "no stored matrix cell"),
        ({"node": "Hope", "memo": 999}, qualframe.NotFoundError, "no memo with id 999"),
        (
            {"node": "Hope", "coding": 1, "stance": "maybe"},
            qualframe.ValidationError,
            "supports or contradicts; 'maybe'",
        ),
        (
            {"node": "Hope", "coding": 1, "passage": (0, 500)},
            qualframe.ValidationError,
            r"not inside coding 1 \[0, 28\)",
        ),
        (
            {"node": "Hope", "coding": 1, "passage": (0, 3, 4)},
            qualframe.ValidationError,
            "A passage is",
        ),
        (
            {"node": "Hope", "coding": 1, "note": "a\x00b"},
            qualframe.ValidationError,
            "evidence note",
        ),
        ({"node": "Hope", "coding": "1"}, qualframe.ValidationError, "whole number"),
    ],
)
def test_bad_evidence_is_refused_with_a_clear_message_and_nothing_written(
    project, study, arguments, error, message
) -> None:
    before = _rows(project)
    audited = len(project.activity())
    with pytest.raises(error, match=message):
        project.change_models.add_evidence(**arguments)
    assert _rows(project) == before
    assert len(project.activity()) == audited


def test_a_passage_of_white_space_only_is_refused(project, study) -> None:
    text = TEXTS["P01"]
    gap = text.index(" knew")
    with pytest.raises(qualframe.ValidationError, match="only white space"):
        project.change_models.add_evidence(
            node="Hope", coding=study.p01_trust_2, passage=(gap, gap + 1)
        )


def test_the_same_object_backs_a_node_once_whatever_its_stance(project, study) -> None:
    before = _rows(project)
    with pytest.raises(qualframe.ConflictError, match=r"Coding \d+ already backs the node 'Hope'"):
        project.change_models.add_evidence(node="Hope", coding=study.p01_hope, stance="contradicts")
    with pytest.raises(qualframe.ConflictError, match=r"Matrix cell .* already backs"):
        project.change_models.add_evidence(node="Hope", cell=study.cell)
    assert _rows(project) == before
    # Another passage of the same coding, or the same coding on another node, is new.
    project.change_models.add_evidence(node="Hope", coding=study.p01_hope, passage=(44, 48))
    project.change_models.add_evidence(node="Engagement", coding=study.p01_hope)


def test_a_coding_of_another_project_is_not_found(project, study, database) -> None:
    other = qualframe.create_project("Other", database=database, user="bo")
    other.study.add_case("X")
    other.study.add_participant("Q1", "X")
    other.documents.import_bytes("q.txt", b"Something else entirely.", participants="Q1")
    other.codebook.add("Other")
    foreign = other.coding.apply("q.txt", "Other", 0, 9).id
    with pytest.raises(qualframe.NotFoundError, match=f"no coding with id {foreign}"):
        project.change_models.add_evidence(node="Hope", coding=foreign)


def test_evidence_is_edited_with_its_version_and_audited(project, study) -> None:
    whole = study.hope_evidence[0]
    piece = next(e for e in project.change_models.evidence() if e.id == whole)
    with pytest.raises(qualframe.StaleVersionError):
        project.change_models.edit_evidence(whole, note="x", if_version=piece.version + 1)
    edited = project.change_models.edit_evidence(
        whole, stance="contradicts", note="Hope, but fragile.", if_version=piece.version
    )
    assert (edited.stance, edited.note, edited.version) == (
        Stance.CONTRADICTS,
        "Hope, but fragile.",
        piece.version + 1,
    )
    entry = project.audit_log().iloc[-1]
    assert entry["action"] == "model_evidence.edit"
    assert entry["details"]["after"] == {"stance": "contradicts", "note": "Hope, but fragile."}
    same = project.change_models.edit_evidence(whole, stance="CONTRADICTS")
    assert same.version == edited.version  # nothing changed, nothing written


def test_removing_evidence_keeps_the_coding_and_is_audited(project, study) -> None:
    whole = study.hope_evidence[0]
    removed = project.change_models.remove_evidence(whole)
    assert removed.id == whole and removed.coding_id == study.p01_hope
    assert whole not in [e.id for e in project.change_models.evidence()]
    assert project.coding.get(study.p01_hope).id == study.p01_hope
    assert project.audit_log().iloc[-1]["action"] == "model_evidence.remove"
    with pytest.raises(qualframe.NotFoundError, match=f"no piece of evidence with id {whole}"):
        project.change_models.remove_evidence(whole)


def test_adding_evidence_is_audited_with_what_it_cites(project, study) -> None:
    entry = project.audit_log().iloc[-1]
    assert entry["action"] == "model_evidence.add"
    assert entry["details"]["subject"] == "Trust → Hope"
    assert entry["details"]["coding_id"] == study.p03_trust
    assert entry["details"]["stance"] == "contradicts"


def test_the_evidence_frame_has_one_row_per_piece(project, study) -> None:
    frame = project.change_models.evidence_frame(node="Hope")
    assert list(frame["kind"]) == ["coding", "quote", "cell"]
    assert list(frame["stance"]) == ["supports", "contradicts", "supports"]
    assert {"label", "participant", "case", "note"} <= set(frame.columns)
    empty = project.change_models.evidence_frame(node="Assumption")
    assert empty.empty and "label" in empty.columns
