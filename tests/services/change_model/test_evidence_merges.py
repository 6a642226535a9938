"""Merges and changed codings never drop an analyst's evidence silently.

A code merge folds a duplicate coding (or a matrix cell) into the one kept:
a piece of evidence repeating one already on the kept coding or cell for the
same node or link is one piece when both agree (the repeat's note kept on
it), and the merge is refused when they disagree. A coding whose span
changes clamps the passages quoted from it: two passages of one node that
become one are one piece when they agree; when they disagree the moved one
cites the whole coding, or, that being taken too, the change is refused.
Code merges bump the versions of the nodes bound to the merged code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import qualframe
from change_model.evidence_study import TEXTS, Study, build

JOINED = "I joined the walking group."


@pytest.fixture
def study(project: qualframe.Project) -> Study:
    return build(project)


def _state(project: qualframe.Project) -> tuple[object, ...]:
    """What a refused change must leave as it was."""
    return (
        project.coding.codings()[["coding_id", "code", "start", "end"]].values.tolist(),
        sorted(code.path for code in project.codebook.tree()),
        [
            (e.id, e.version, e.coding_id, e.cell_id, e.start, e.end, e.stance.value, e.note)
            for e in project.change_models.evidence()
        ],
        [(n.label, n.version, n.codes) for n in project.change_models.get().nodes],
        len(project.activity()),
    )


def _twins(project: qualframe.Project) -> tuple[int, int]:
    """Codes X and Y with one coding each on the same span of P03 (a duplicate)."""
    project.codebook.add("X")
    project.codebook.add("Y")
    start = TEXTS["P03"].index(JOINED)
    kept = project.coding.apply("P03.txt", "X", start, start + len(JOINED)).id
    folded = project.coding.apply("P03.txt", "Y", start, start + len(JOINED)).id
    return kept, folded


def _merge_entry(project: qualframe.Project) -> dict[str, object]:
    entry = next(e for e in reversed(project.activity()) if e.action == "code.merge")
    return dict(entry.details)


# ---------------------------------------------------------------- codings


def test_a_merge_folding_codings_that_disagree_on_a_node_is_refused(project, study) -> None:
    kept, folded = _twins(project)
    cm = project.change_models
    supports = cm.add_evidence(node="Engagement", coding=kept, note="joined: engaged")
    contradicts = cm.add_evidence(
        node="Engagement", coding=folded, stance="contradicts", note="important counter-argument"
    )
    before = _state(project)
    with pytest.raises(qualframe.ConflictError) as refused:
        project.codebook.merge("Y", "X")
    assert str(refused.value) == (
        f"Merging 'Y' into 'X' would fold coding {folded} of 'P03.txt' into coding {kept} of "
        "'P03.txt', but they back the node 'Engagement' of the change model 'Peer work' in "
        f"opposite ways (evidence {supports.id} supports it, evidence {contradicts.id} "
        "contradicts it); remove one of the two pieces of evidence from the model first."
    )
    assert _state(project) == before
    # Once one of them is gone, the merge goes ahead.
    cm.remove_evidence(contradicts.id)
    assert project.codebook.merge("Y", "X").duplicates_dropped == 1


def test_a_merge_folding_codings_that_agree_keeps_one_piece_and_both_notes(project, study) -> None:
    kept, folded = _twins(project)
    cm = project.change_models
    first = cm.add_evidence(node="Engagement", coding=kept, note="joined: engaged")
    cm.add_evidence(node="Engagement", coding=folded, note="a first step")
    moved = cm.add_evidence(node="Role modelling", coding=folded)
    summary = project.codebook.merge("Y", "X")
    assert (summary.evidence_moved, summary.evidence_folded) == (1, 1)
    pieces = cm.evidence(node="Engagement")
    assert [(e.id, e.coding_id, e.note) for e in pieces] == [
        (first.id, kept, "joined: engaged\n\na first step")
    ]
    assert pieces[0].version == first.version + 1  # its note changed
    (role,) = cm.evidence(node="Role modelling")
    assert (role.id, role.coding_id, role.version) == (moved.id, kept, moved.version + 1)
    details = _merge_entry(project)
    assert (details["evidence_moved"], details["evidence_folded"]) == (1, 1)


def test_a_folded_repeat_with_the_same_or_no_note_leaves_the_kept_note_alone(
    project, study
) -> None:
    kept, folded = _twins(project)
    cm = project.change_models
    same = cm.add_evidence(node="Engagement", coding=kept, note="engaged")
    cm.add_evidence(node="Engagement", coding=folded, note="engaged")
    silent = cm.add_evidence(node="Hope", coding=kept, note="hopeful")
    cm.add_evidence(node="Hope", coding=folded)
    project.codebook.merge("Y", "X")
    after = {e.id: e for e in cm.evidence()}
    assert set(after) >= {same.id, silent.id}
    assert (after[same.id].note, after[same.id].version) == ("engaged", same.version)
    assert (after[silent.id].note, after[silent.id].version) == ("hopeful", silent.version)
    assert len([e for e in after.values() if e.coding_id == folded]) == 0


# ---------------------------------------------------------------- cells


def _cells(project: qualframe.Project) -> tuple[int, int]:
    project.codebook.add("A")
    project.codebook.add("B")
    kept = project.matrix.write_summary("P01", "A", "A says hope grew").cell_id
    folded = project.matrix.write_summary("P01", "B", "B says hope did not grow").cell_id
    return kept, folded


def test_a_merge_combining_cells_that_disagree_is_refused(project, study) -> None:
    kept, folded = _cells(project)
    cm = project.change_models
    supports = cm.add_evidence(node="Engagement", cell=kept)
    contradicts = cm.add_evidence(node="Engagement", cell=folded, stance="contradicts")
    before = (_state(project), project.matrix.cell("P01", "B").summary)
    with pytest.raises(qualframe.ConflictError) as refused:
        project.codebook.merge("B", "A")
    assert str(refused.value) == (
        "Merging 'B' into 'A' would fold the cell 'P01 × B' into the cell 'P01 × A', but they "
        "back the node 'Engagement' of the change model 'Peer work' in opposite ways "
        f"(evidence {supports.id} supports it, evidence {contradicts.id} contradicts it); "
        "remove one of the two pieces of evidence from the model first."
    )
    assert (_state(project), project.matrix.cell("P01", "B").summary) == before


def test_a_merge_combining_cells_that_agree_keeps_one_piece_and_says_so(project, study) -> None:
    kept, folded = _cells(project)
    cm = project.change_models
    first = cm.add_evidence(node="Engagement", cell=kept, note="grew")
    cm.add_evidence(node="Engagement", cell=folded, note="B's view")
    cm.add_evidence(link=("Trust", "Hope"), cell=folded)
    summary = project.codebook.merge("B", "A")
    assert (summary.cells_combined, summary.evidence_moved, summary.evidence_folded) == (1, 1, 1)
    (piece,) = cm.evidence(node="Engagement")
    assert (piece.id, piece.cell_id, piece.note) == (first.id, kept, "grew\n\nB's view")
    assert piece.version == first.version + 1
    link = [e for e in cm.evidence(link=("Trust", "Hope")) if e.cell_id is not None]
    assert [e.cell_id for e in link] == [kept]
    cell_entry = next(
        e
        for e in reversed(project.activity())
        if e.summary.startswith("Combined a cell of 'B' into 'A'")
    )
    assert (cell_entry.details["evidence_moved"], cell_entry.details["evidence_folded"]) == (1, 1)
    details = _merge_entry(project)
    assert (details["evidence_moved"], details["evidence_folded"]) == (1, 1)


# ---------------------------------------------------------------- bindings


def test_a_merge_bumps_the_versions_of_the_nodes_bound_to_the_merged_code(project, study) -> None:
    cm = project.change_models
    project.codebook.add("Trust2")
    cm.bind_code("Engagement", "Trust2")
    before = {n.label: n.version for n in cm.get().nodes}
    summary = project.codebook.merge("Mechanisms > Trust", "Trust2")
    after = {n.label: n for n in cm.get().nodes}
    # Trust was bound to the merged code (now to Trust2), Engagement already to Trust2.
    assert after["Trust"].codes == ("Trust2",)
    assert after["Trust"].version == before["Trust"] + 1
    assert after["Engagement"].version == before["Engagement"]
    assert summary.bindings_moved == 1
    details = _merge_entry(project)
    assert details["bindings_moved"] == 1
    assert details["nodes_rebound"] == [
        {"id": after["Trust"].id, "model": "Peer work", "node": "Trust"}
    ]
    # The new version is the one to state.
    cm.edit_node("Trust", description="Bound to Trust2", if_version=after["Trust"].version)


def test_a_node_bound_to_both_codes_of_a_merge_keeps_one_binding_and_counts_a_version(
    project, study
) -> None:
    cm = project.change_models
    project.codebook.add("Trust2")
    cm.bind_code("Trust", "Trust2")
    version = next(n.version for n in cm.get().nodes if n.label == "Trust")
    project.codebook.merge("Mechanisms > Trust", "Trust2")
    trust = next(n for n in cm.get().nodes if n.label == "Trust")
    assert (trust.codes, trust.version) == (("Trust2",), version + 1)


# ---------------------------------------------------------------- passages of changed codings

# P04's Hope coding is the whole first sentence, "Hope? Not really, the ward
# stayed the same." Two passages of it back Engagement: "Not really, the" and
# "really, the"; the coding is then changed to "really, the ward", which
# clamps the first onto the second (the second does not move).
P04 = TEXTS["P04"]
REALLY = P04.index("really")
SHORTER = (REALLY, REALLY + len("really, the ward"))


def _passages(
    project: qualframe.Project, study: Study, stance: str, note: str = ""
) -> tuple[qualframe.EvidenceInfo, qualframe.EvidenceInfo]:
    """The moving passage (of ``stance``, with ``note``) and the one staying
    (contradicting, noted "stays")."""
    cm = project.change_models
    start = P04.index("Not really")
    moving = cm.add_evidence(
        node="Engagement",
        coding=study.p04_hope,
        passage=(start, start + len("Not really, the")),
        stance=stance,
        note=note,
    )
    staying = cm.add_evidence(
        node="Engagement",
        coding=study.p04_hope,
        passage=(REALLY, REALLY + len("really, the")),
        stance="contradicts",
        note="stays",
    )
    return moving, staying


def test_passages_clamped_onto_one_that_agree_become_one_piece(project, study) -> None:
    moving, staying = _passages(project, study, "contradicts", "moves")
    project.coding.change(study.p04_hope, start=SHORTER[0], end=SHORTER[1])
    pieces = project.change_models.evidence(node="Engagement")
    # Both now quote "really, the": the one that did not move stays, with both notes.
    assert [(e.id, e.text, e.note, e.version) for e in pieces] == [
        (staying.id, "really, the", "stays\n\nmoves", staying.version + 1)
    ]
    assert moving.id not in {e.id for e in project.change_models.evidence()}


def test_passages_clamped_onto_one_that_disagree_keep_both(project, study) -> None:
    moving, staying = _passages(project, study, "supports")
    project.coding.change(study.p04_hope, start=SHORTER[0], end=SHORTER[1])
    pieces = {e.id: e for e in project.change_models.evidence(node="Engagement")}
    # The one that did not move keeps the passage; the other cites the whole coding.
    assert (pieces[staying.id].text, pieces[staying.id].version) == ("really, the", 1)
    assert (pieces[moving.id].start, pieces[moving.id].kind.value) == (None, "coding")
    assert (pieces[moving.id].stance.value, pieces[moving.id].version) == ("supports", 2)


def test_passages_that_disagree_with_the_whole_coding_taken_refuse_the_change(
    project, study
) -> None:
    moving, _ = _passages(project, study, "supports")
    whole = project.change_models.add_evidence(
        node="Engagement", coding=study.p04_hope, stance="contradicts"
    )
    before = _state(project)
    with pytest.raises(qualframe.ConflictError) as refused:
        project.coding.change(study.p04_hope, start=SHORTER[0], end=SHORTER[1])
    # The supporting passage, crowded out of "really, the", would cite the
    # whole coding, which contradicts already.
    assert str(refused.value) == (
        f"Changing coding {study.p04_hope} of 'P04.txt' would make evidence {moving.id} "
        f"(supports) and evidence {whole.id} (contradicts) of the node 'Engagement' of the "
        "change model 'Peer work' cite the same passage of it (or the whole coding); remove "
        "one of the two from the model first."
    )
    assert _state(project) == before


def test_a_text_revision_moving_passages_past_each_other_keeps_both(
    project, study, tmp_path: Path
) -> None:
    cm = project.change_models
    # Two passages of the same length, 6 characters apart; 6 characters are
    # inserted in front: the first lands where the second was, which moves on.
    hope_q = cm.add_evidence(node="Engagement", coding=study.p04_hope, passage=(0, 5))
    not_r = cm.add_evidence(node="Engagement", coding=study.p04_hope, passage=(6, 11))
    assert (hope_q.text, not_r.text) == ("Hope?", "Not r")
    revised = tmp_path / "P04.txt"
    revised.write_text("Well. " + P04, encoding="utf-8")
    project.documents.replace_text("P04.txt", revised)
    after = {e.id: e for e in cm.evidence(node="Engagement")}
    assert (after[hope_q.id].start, after[hope_q.id].text) == (6, "Hope?")
    assert (after[not_r.id].start, after[not_r.id].text) == (12, "Not r")
