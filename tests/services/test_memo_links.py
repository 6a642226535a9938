"""Memos where the work is: several links, annotations, memos of a document and
of matrix cells, and what happens to the links when their objects change."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

import qualframe
from qualframe.errors import StaleVersionError
from qualframe.formats.sources import UploadedFile
from qualframe.storage.models import CellQuote, Memo, MemoLinkRow
from qualframe.vocabulary import MemoTarget

TEXT = (
    "Interviewer: How did the peer worker help?\n\n"
    "P01: She had been there herself, so I trusted her. I felt hope again.\n"
)
OTHER = "P02: I met my peer worker every week.\n"


@dataclass(frozen=True)
class Study:
    project: qualframe.Project
    coding: int
    other_coding: int
    cell: int


@pytest.fixture
def study(project: qualframe.Project) -> Study:
    """p01.txt (P01, case Trust A) coded Mechanisms > Trust at "I trusted her",
    p02.txt (P02) coded Hope, and the stored cell P01 × Mechanisms > Trust."""
    project.study.add_case("Trust A")
    project.study.add_participant("P01", "Trust A")
    project.study.add_participant("P02", "Trust A")
    project.documents.import_bytes("p01.txt", TEXT.encode(), participants="P01")
    project.documents.import_bytes("p02.txt", OTHER.encode(), participants="P02")
    project.documents.map_speaker("P01", "P01")
    project.documents.map_speaker("P02", "P02")
    project.codebook.add("Mechanisms")
    project.codebook.add("Trust", parent="Mechanisms")
    project.codebook.add("Hope")
    start = TEXT.index("I trusted her")
    coding = project.coding.apply("p01.txt", "Mechanisms > Trust", start, start + 13).id
    other = project.coding.apply("p02.txt", "Hope", 5, 17).id
    cell = project.matrix.write_summary("P01", "Mechanisms > Trust", "Trusts her.").cell_id
    return Study(project, coding, other, cell)


def _stored(project: qualframe.Project) -> tuple[int, int]:
    """How many memos and memo links are stored."""
    with project.database.transaction() as session:
        memos = session.scalar(select(func.count()).select_from(Memo)) or 0
        links = session.scalar(select(func.count()).select_from(MemoLinkRow)) or 0
    return memos, links


def test_a_memo_links_to_several_objects_in_the_order_given(study: Study) -> None:
    memo = study.project.memos.add(
        "Trust and hope",
        kind="analytic",
        code="Mechanisms > Trust",
        links=[("participant", "P01"), ("cell", study.cell), ("document", "p01.txt", (58, 71))],
    )
    assert [link.label for link in memo.links] == [
        "code: Mechanisms > Trust",
        "participant: P01",
        "cell: P01 × Mechanisms > Trust",
        "document: p01.txt [58:71]",
    ]
    assert (memo.target_type, memo.target_label.split("; ")[0]) == (
        MemoTarget.CODE,
        "code: Mechanisms > Trust",
    )
    assert memo.target_label == "; ".join(link.label for link in memo.links)
    assert (memo.start, memo.end) == (58, 71)
    assert memo.links[3].document_id == memo.links[3].target_id
    assert study.project.memos.get(memo.id) == memo


def test_a_link_given_twice_is_refused_and_nothing_is_written(study: Study) -> None:
    audited = len(study.project.audit_log())
    with pytest.raises(qualframe.ValidationError, match="linked to code: Hope once"):
        study.project.memos.add("x", kind="analytic", code="Hope", links=[("code", "Hope")])
    with pytest.raises(qualframe.ValidationError, match="no links is about the project"):
        study.project.memos.add("x", kind="analytic", links=["project"])
    with pytest.raises(qualframe.NotFoundError, match="no matrix cell with id 999"):
        study.project.memos.add("x", kind="analytic", links=[("cell", 999)])
    assert _stored(study.project) == (0, 0)
    assert len(study.project.audit_log()) == audited


@pytest.mark.parametrize(
    ("passage", "message"),
    [
        ((10, 10), "not a passage of the document's text"),
        ((-1, 4), "not a passage of the document's text"),
        ((0, 999), r"\(0 to \d+ characters, start before end\)"),
        (("a", "b"), r"given as \(start, end\)"),
    ],
)
def test_an_annotation_outside_the_text_is_refused(
    study: Study, passage: tuple[object, object], message: str
) -> None:
    with pytest.raises(qualframe.ValidationError, match=message):
        study.project.memos.annotate("p01.txt", *passage, body="Hmm")  # type: ignore[arg-type]
    assert _stored(study.project) == (0, 0)


def test_an_annotation_is_a_memo_on_a_passage_titled_by_its_first_words(study: Study) -> None:
    start = TEXT.index("She had")
    note = study.project.memos.annotate("p01.txt", start, start + 13, body="Lived experience.")
    assert (note.title, note.body, note.start, note.end) == (
        "She had been",
        "Lived experience.",
        start,
        start + 13,
    )
    assert note.target_label == f"document: p01.txt [{start}:{start + 13}]"
    assert study.project.audit_log().iloc[-1]["action"] == "memo.create"
    long = study.project.memos.annotate("p01.txt", 0, len(TEXT), body="", kind="reflexive")
    assert long.title.endswith("\u2026") and len(long.title) <= 80
    assert len(study.project.coding.codings()) == 2


def test_linking_and_unlinking_count_a_version_and_are_audited(study: Study) -> None:
    memos = study.project.memos
    memo = memos.add("Draft", kind="analytic", code="Hope")
    linked = memos.link(memo.id, ("cell", study.cell), if_version=1)
    assert (linked.version, [link.target_type for link in linked.links]) == (
        2,
        [MemoTarget.CODE, MemoTarget.CELL],
    )
    entry = study.project.audit_log(entity_type="memo").iloc[-1]
    assert (entry["action"], entry["summary"]) == (
        "memo.edit",
        "Linked memo 'Draft' to cell: P01 × Mechanisms > Trust",
    )
    assert entry["details"]["after"]["target"] == "code: Hope; cell: P01 × Mechanisms > Trust"
    with pytest.raises(StaleVersionError):
        memos.unlink(memo.id, ("code", "Hope"), if_version=1)
    with pytest.raises(qualframe.ValidationError, match="is linked to code: Hope already"):
        memos.link(memo.id, ("code", "Hope"))
    unlinked = memos.unlink(memo.id, ("code", "Hope"), if_version=2)
    assert [link.label for link in unlinked.links] == ["cell: P01 × Mechanisms > Trust"]
    alone = memos.unlink(memo.id, ("cell", study.cell))
    assert (alone.target_type, alone.target_label, alone.version) == (
        MemoTarget.PROJECT,
        "project",
        4,
    )
    with pytest.raises(qualframe.ValidationError, match="is not linked to code: Hope"):
        memos.unlink(memo.id, ("code", "Hope"))
    assert memos.get(memo.id).version == 4


def test_an_edit_replaces_the_links_or_moves_the_memo_to_the_project(study: Study) -> None:
    memos = study.project.memos
    memo = memos.add("Draft", kind="analytic", code="Hope", links=[("participant", "P01")])
    same = memos.edit(memo.id, links=[("code", "Hope"), ("participant", "P01")])
    assert same.version == 1  # nothing changed
    moved = memos.edit(memo.id, links=[("case", "Trust A"), ("document", "p02.txt")])
    assert moved.target_label == "case: Trust A; document: p02.txt"
    assert moved.version == 2
    assert memos.edit(memo.id, participant="P02").target_label == "participant: P02"
    assert memos.edit(memo.id, links=[]).target_label == "project"


def test_a_filter_matches_a_memo_with_any_link_to_the_object(study: Study) -> None:
    memos = study.project.memos
    memos.add("Both", kind="analytic", code="Hope", links=[("document", "p01.txt")])
    memos.annotate("p01.txt", 0, 11, body="", title="Passage")
    memos.add("Cell", kind="analytic", cell=study.cell)
    memos.add("Alone", kind="analytic")

    def titles(**filters: object) -> list[str]:
        return [m.title for m in memos.list(**filters)]

    assert titles(code="Hope") == ["Both"]
    assert titles(document="p01.txt") == ["Both", "Passage"]
    assert titles(target_type="document") == ["Both", "Passage"]
    assert titles(cell=study.cell) == ["Cell"]
    assert titles(target_type="project") == ["Alone"]
    assert list(memos.memos_frame(code="Hope")["target"]) == ["code: Hope; document: p01.txt"]


def test_the_memos_of_a_document_include_its_passages_and_codings_once(study: Study) -> None:
    memos = study.project.memos
    whole = memos.add("Whole", kind="analytic", document="p01.txt")
    memos.add("Elsewhere", kind="analytic", document="p02.txt")
    passage = memos.annotate("p01.txt", 0, 11, body="")
    on_coding = memos.add(
        "Coding", kind="analytic", coding=study.coding, links=[("document", "p01.txt")]
    )
    found = memos.in_document("p01.txt")
    assert [m.id for m in found] == [whole.id, passage.id, on_coding.id]
    assert memos.in_document("p02.txt")[0].title == "Elsewhere"
    with pytest.raises(qualframe.NotFoundError):
        memos.in_document("p99.txt")


def test_the_memos_on_cells_are_given_by_cell(study: Study) -> None:
    memos = study.project.memos
    first = memos.add("First", kind="analytic", cell=study.cell)
    second = memos.add("Second", kind="theoretical", links=[("cell", study.cell), ("code", "Hope")])
    found = memos.on_cells([study.cell, 12345])
    assert [m.id for m in found[study.cell]] == [first.id, second.id]
    assert found[12345] == []


def test_deleting_a_linked_object_removes_only_that_link(study: Study) -> None:
    memos = study.project.memos
    memo = memos.add("Kept", kind="analytic", code="Hope", links=[("participant", "P01")])
    study.project.codebook.delete("Hope", force=True)
    kept = memos.get(memo.id)
    assert (kept.target_label, kept.version) == ("participant: P01", 2)
    study.project.documents.delete("p02.txt", force=True)
    assert memos.get(memo.id).target_label == "participant: P01"


def test_a_merge_keeps_one_link_of_a_memo_on_both_codes(study: Study) -> None:
    study.project.codebook.add("Faith")
    memo = study.project.memos.add("Both", kind="analytic", code="Hope", links=[("code", "Faith")])
    study.project.codebook.merge("Faith", "Hope")
    merged = study.project.memos.get(memo.id)
    assert [link.label for link in merged.links] == ["code: Hope"]
    assert merged.version == 2


def test_a_text_revision_moves_passage_links_and_quote_passages(study: Study) -> None:
    project = study.project
    start = TEXT.index("I trusted her")
    trusted = project.memos.annotate("p01.txt", start, start + 13, body="")
    whole = project.memos.add(
        "Both", kind="analytic", document="p01.txt", links=[("document", "p01.txt", (0, 11))]
    )
    project.matrix.link_quote(
        "P01", "Mechanisms > Trust", study.coding, start=start + 2, end=start + 9
    )
    corrected = TEXT.replace("Interviewer: How", "Interviewer: So, how")
    read = project.matrix.cell("P01", "Mechanisms > Trust").version
    change = project.documents.replace_text("p01.txt", UploadedFile("p01.txt", corrected.encode()))
    shift = len("So, h") - len("H")
    moved = project.memos.get(trusted.id)
    assert (moved.start, moved.end, moved.version) == (start + shift, start + 13 + shift, 2)
    assert (change.memos_moved, change.quotes_moved) == (1, 1)
    assert project.memos.get(whole.id).version == 1  # [0:11] "Interviewer" did not move
    with project.database.transaction() as session:
        quote = session.scalars(select(CellQuote)).one()
        assert (quote.start, quote.end) == (start + 2 + shift, start + 9 + shift)
    # The cell quoting it counts the change (a reader of the old version is stale).
    assert project.matrix.cell("P01", "Mechanisms > Trust").version == read + 1
    # A passage whose text is gone becomes the whole document (kept once).
    gone = corrected.replace("Interviewer: ", "")
    project.documents.replace_text("p01.txt", UploadedFile("p01.txt", gone.encode()))
    kept = project.memos.get(whole.id)
    assert [link.label for link in kept.links] == ["document: p01.txt"]
    assert kept.version == 2


def test_a_quote_passage_that_is_gone_quotes_the_whole_coding(study: Study) -> None:
    project = study.project
    start = TEXT.index("I trusted her")
    project.matrix.link_quote("P01", "Mechanisms > Trust", study.coding, start=start, end=start + 2)
    corrected = TEXT.replace("I trusted her", "trusted her")
    project.documents.replace_text("p01.txt", UploadedFile("p01.txt", corrected.encode()))
    with project.database.transaction() as session:
        quote = session.scalars(select(CellQuote)).one()
        assert (quote.start, quote.end) == (None, None)


def test_deleting_a_participant_keeps_its_memos_and_their_other_links(study: Study) -> None:
    study.project.study.add_participant("P03", "Trust A")
    memo = study.project.memos.add(
        "P03", kind="analytic", participant="P03", links=[("code", "Hope")]
    )
    study.project.study.delete_participant("P03")
    kept = study.project.memos.get(memo.id)
    assert (kept.target_label, kept.version) == ("code: Hope", 2)
    assert "1 memo on it kept (its link to it removed)" in study.project.activity()[-1].summary


def test_a_deleted_document_counts_a_memo_on_it_and_its_coding_once(study: Study) -> None:
    memo = study.project.memos.add(
        "Both", kind="analytic", document="p02.txt", links=[("coding", study.other_coding)]
    )
    deleted = study.project.documents.delete("p02.txt", force=True)
    assert deleted.memos_kept == 1
    kept = study.project.memos.get(memo.id)
    assert (kept.target_label, kept.version) == ("project", 2)
