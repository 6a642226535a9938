"""Evidence in a change model is an analyst's argument: what it cites is never
deleted silently, merges carry it to what is kept, and text revisions and
recoding keep its passages inside their codings."""

from __future__ import annotations

from pathlib import Path

import pytest

import qualframe
from change_model.evidence_study import TEXTS, Study, build
from qualframe.services.core.references import PointedAt


@pytest.fixture
def study(project: qualframe.Project) -> Study:
    return build(project)


def _state(project: qualframe.Project) -> tuple[object, ...]:
    """What a refused deletion must leave as it was."""
    return (
        len(project.coding.codings()),
        len(project.documents.documents()),
        sorted(code.path for code in project.codebook.tree()),
        sorted(memo.id for memo in project.memos.list()),
        [(e.id, e.coding_id, e.cell_id, e.memo_id) for e in project.change_models.evidence()],
        [n.codes for n in project.change_models.get().nodes],
        len(project.study.cases()),
        len(project.activity()),
    )


def _refused(project: qualframe.Project, delete, message: str) -> None:
    before = _state(project)
    with pytest.raises(qualframe.ConflictError, match=message):
        delete()
    assert _state(project) == before


def test_a_cited_coding_is_not_removed_and_the_refusal_names_the_model(project, study) -> None:
    _refused(
        project,
        lambda: project.coding.remove(study.p01_hope),
        rf"Removing coding {study.p01_hope} would remove 1 piece of evidence from the change "
        r"model 'Peer work' \(node 'Hope'\).*remove it from the model first",
    )
    _refused(
        project,
        lambda: project.coding.remove_from_span("P03.txt", "Mechanisms > Trust", 0, 10),
        r"change model 'Peer work' \(link 'Trust → Hope'\)",
    )
    project.change_models.remove_evidence(study.hope_evidence[0])
    project.coding.remove(study.p01_hope)  # no longer cited


def test_a_document_with_cited_codings_is_kept_even_with_force(project, study) -> None:
    _refused(
        project,
        lambda: project.documents.delete("P04.txt", force=True),
        r"Deleting the document 'P04\.txt' would remove 1 piece of evidence .*node 'Hope'",
    )


def test_a_code_bound_to_a_node_is_kept_and_the_refusal_says_which(project, study) -> None:
    _refused(
        project,
        lambda: project.codebook.delete("Mechanisms", force=True),
        r"would unbind 1 node of the change model 'Peer work' \(node 'Trust'\).*unbind",
    )


def test_a_code_whose_codings_are_cited_is_kept(project, study) -> None:
    project.change_models.add_evidence(node="Engagement", coding=study.p03_engagement)
    _refused(
        project,
        lambda: project.codebook.delete("Engagement", force=True),
        r"Deleting the code 'Engagement' would remove 1 piece of evidence .*node 'Engagement'",
    )


def test_a_cited_memo_is_not_deleted(project, study) -> None:
    _refused(
        project,
        lambda: project.memos.delete(study.memo),
        r"Deleting the memo 'Why trust' would remove 1 piece of evidence from the change "
        r"model 'Peer work' \(node 'Trust'\)",
    )


def test_a_case_whose_cited_cell_would_go_is_kept(project, study) -> None:
    cell = project.matrix.write_summary(("case", "Clinic C"), "Hope", "No peer workers yet.")
    project.change_models.add_evidence(node="Hope", cell=cell.cell_id, stance="contradicts")
    _refused(
        project,
        lambda: project.study.delete_case("Clinic C"),
        r"Deleting the case 'Clinic C' would remove 1 piece of evidence .*node 'Hope'",
    )


def test_a_merge_moves_evidence_on_a_folded_duplicate_to_the_coding_kept(project, study) -> None:
    project.codebook.add("Trust copy")
    words = "I trusted him in the end."
    duplicate = project.coding.apply("P03.txt", "Trust copy", 0, len(words)).id
    moved = project.change_models.add_evidence(node="Engagement", coding=duplicate)
    # The same coding on a link the kept coding already contradicts, agreeing:
    # one piece, the repeat's note kept on it.
    project.change_models.add_evidence(
        link=("Trust", "Hope"), coding=duplicate, stance="contradicts", note="Trust came late."
    )
    preview = project.codebook.preview_merge("Trust copy", "Mechanisms > Trust")
    assert preview.references.evidence == 2
    assert (preview.evidence_moved, preview.evidence_folded) == (1, 1)
    project.codebook.merge("Trust copy", "Mechanisms > Trust")
    pieces = {e.id: e for e in project.change_models.evidence()}
    assert pieces[moved.id].coding_id == study.p03_trust
    assert pieces[moved.id].version == moved.version + 1
    link = [e for e in pieces.values() if e.subject == "Trust → Hope"]
    assert [(e.coding_id, e.stance.value, e.note) for e in link] == [
        (study.p03_trust, "contradicts", "Trust came late.")
    ]


def test_a_merge_binds_the_nodes_to_the_code_kept_once(project, study) -> None:
    project.codebook.add("Trust again")
    project.change_models.bind_code("Engagement", "Trust again")
    project.change_models.bind_code("Trust", "Trust again")
    assert project.codebook.preview_merge("Trust again", "Mechanisms > Trust").references == (
        PointedAt(bindings=2)
    )
    project.codebook.merge("Trust again", "Mechanisms > Trust")
    codes = {n.label: n.codes for n in project.change_models.get().nodes}
    assert codes["Trust"] == ("Mechanisms > Trust",)
    assert codes["Engagement"] == ("Mechanisms > Trust",)


def test_a_cell_folded_by_a_merge_takes_its_evidence_to_the_cell_kept(project, study) -> None:
    project.codebook.add("Hopefulness")
    kept = project.matrix.write_summary("P02", "Hopefulness", "Hopeful about the group.")
    project.codebook.merge("Hope", "Hopefulness")
    cell = next(e for e in project.change_models.evidence() if e.cell_id is not None)
    assert cell.cell_id == kept.cell_id
    assert cell.label == "P02 × Hopefulness"


def test_a_text_revision_carries_evidence_passages(project, study, tmp_path: Path) -> None:
    quote = next(e for e in project.change_models.evidence() if e.start is not None)
    assert quote.text == "Not really"
    revised = tmp_path / "P04.txt"
    revised.write_text("Well then. " + TEXTS["P04"], encoding="utf-8")
    project.documents.replace_text("P04.txt", revised)
    moved = next(e for e in project.change_models.evidence() if e.id == quote.id)
    assert (moved.start, moved.end, moved.text) == (quote.start + 11, quote.end + 11, "Not really")
    assert moved.version == quote.version + 1


def test_a_text_revision_clamps_a_passage_into_its_coding(project, study, tmp_path: Path) -> None:
    quote = next(e for e in project.change_models.evidence() if e.start is not None)
    revised = tmp_path / "P04.txt"
    revised.write_text(TEXTS["P04"].replace("Not really, ", "Not at all, "), encoding="utf-8")
    project.documents.replace_text("P04.txt", revised)
    moved = next(e for e in project.change_models.evidence() if e.id == quote.id)
    assert moved.start is not None and moved.text.startswith("Not")
    coding = project.coding.get(study.p04_hope)
    assert coding.start <= moved.start < moved.end <= coding.end


def test_recoding_a_span_keeps_the_evidence_passage_inside(project, study) -> None:
    quote = next(e for e in project.change_models.evidence() if e.start is not None)
    start = TEXTS["P04"].index("the ward")
    project.coding.change(study.p04_hope, start=start - 8, end=start + 8)  # "really, the ward"
    moved = next(e for e in project.change_models.evidence() if e.id == quote.id)
    assert (moved.start, moved.text) == (start - 8, "really")
    project.coding.change(study.p04_hope, start=start, end=start + 8)  # "the ward"
    whole = next(e for e in project.change_models.evidence() if e.id == quote.id)
    assert (whole.start, whole.end, whole.kind.value, whole.text) == (
        None,
        None,
        "coding",
        "the ward",
    )


def test_a_text_revision_that_loses_a_cited_coding_is_refused(
    project, study, tmp_path: Path
) -> None:
    revised = tmp_path / "P04.txt"
    revised.write_text(TEXTS["P04"].split(". ", 1)[1], encoding="utf-8")  # the coding's text goes
    _refused(
        project,
        lambda: project.documents.replace_text("P04.txt", revised),
        r"Replacing the text of 'P04\.txt' would remove 1 piece of evidence .*node 'Hope'",
    )
