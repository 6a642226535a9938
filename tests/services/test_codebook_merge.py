"""Merging one code into another: codings, memos and sub-codes follow."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.storage.models import Coding, Memo, MemoLinkRow
from services.builders import make_document

TEXT = "I was expected to share my story with the team on my first day, and I did."


def _code(project: qualframe.Project, document_id: int, code: str, spans: list[tuple]) -> list[int]:
    """Add codings ``(start, end[, coder])`` of ``code``; returns their ids."""
    code_id = project.codebook.get(code).id
    pid = project.info.id
    ids = []
    with project.database.transaction() as session:
        for start, end, *coder in spans:
            coding = Coding(
                project_id=pid,
                document_id=document_id,
                code_id=code_id,
                start=start,
                end=end,
                quote=TEXT[start:end],
                coder=coder[0] if coder else "tester",
            )
            session.add(coding)
            session.flush()
            ids.append(coding.id)
    return ids


@pytest.fixture
def document_id(project: qualframe.Project) -> int:
    with project.database.transaction() as session:
        return make_document(session, project.info.id, "P07.txt", TEXT).id


def _codings(project: qualframe.Project) -> list[tuple[str, int, int, str]]:
    names = {info.id: info.path_text for info in project.codebook.tree()}
    with project.database.transaction() as session:
        rows = session.query(Coding).order_by(Coding.start, Coding.coder).all()
        return [(names[c.code_id], c.start, c.end, c.coder) for c in rows]


def test_merging_codes_moves_their_codings_and_drops_exact_duplicates(
    project: qualframe.Project, document_id: int
) -> None:
    project.codebook.add("Disclosure")
    project.codebook.add("Expectation to share")
    _code(project, document_id, "Disclosure", [(0, 20)])
    _code(project, document_id, "Expectation to share", [(0, 20), (0, 20, "sam"), (30, 40)])
    summary = project.codebook.merge("Expectation to share", "Disclosure")
    assert (summary.source, summary.target) == ("Expectation to share", "Disclosure")
    assert (summary.codings_moved, summary.duplicates_dropped) == (2, 1)
    assert _codings(project) == [
        ("Disclosure", 0, 20, "sam"),
        ("Disclosure", 0, 20, "tester"),
        ("Disclosure", 30, 40, "tester"),
    ]
    assert [i.path_text for i in project.codebook.tree()] == ["Disclosure"]


def test_merging_moves_sub_codes_and_merges_those_with_the_same_name(
    project: qualframe.Project, document_id: int
) -> None:
    book = project.codebook
    for path in [
        "Stigma",
        "Stigma > Language",
        "Stigma > Diagnosis",
        "Barriers",
        "Barriers > language",
    ]:
        *parent, name = path.split(" > ")
        book.add(name, parent=parent[0] if parent else None)
    _code(project, document_id, "Stigma > Language", [(5, 10)])
    summary = book.merge("Stigma", "Barriers")
    assert (summary.children_moved, summary.codes_merged, summary.codings_moved) == (1, 1, 1)
    assert [i.path_text for i in book.tree()] == [
        "Barriers",
        "Barriers > language",
        "Barriers > Diagnosis",
    ]
    assert book.get("Barriers > language").coding_count == 1


def test_merging_re_links_memos_to_the_target_and_its_codings(
    project: qualframe.Project, document_id: int
) -> None:
    project.codebook.add("Hope")
    project.codebook.add("Optimism")
    [kept] = _code(project, document_id, "Hope", [(0, 8)])
    [duplicate] = _code(project, document_id, "Optimism", [(0, 8)])
    project.memos.add("Optimism or hope?", kind="analytic", code="Optimism")
    project.memos.add("This passage", kind="analytic", coding=duplicate)
    summary = project.codebook.merge("Optimism", "Hope")
    assert summary.memos_relinked == 2
    hope = project.codebook.get("Hope").id
    with project.database.transaction() as session:
        links = sorted(
            (m.title, link.code_id, link.coding_id)
            for m, link in session.query(Memo, MemoLinkRow).join(
                MemoLinkRow, MemoLinkRow.memo_id == Memo.id
            )
        )
    assert links == [("Optimism or hope?", hope, None), ("This passage", None, kept)]


def test_merging_into_its_own_descendant_is_refused_and_nothing_changes(
    project: qualframe.Project,
) -> None:
    project.codebook.add("Support")
    project.codebook.add("Peer support", parent="Support")
    audited = len(project.audit_log())
    with pytest.raises(
        qualframe.ValidationError,
        match="Cannot merge 'Support' into its own descendant 'Support > Peer support'",
    ):
        project.codebook.merge("Support", "Peer support")
    with pytest.raises(qualframe.ValidationError, match="Cannot merge 'Support' into itself"):
        project.codebook.merge("Support", "Support")
    assert [i.path_text for i in project.codebook.tree()] == ["Support", "Support > Peer support"]
    assert len(project.audit_log()) == audited


def test_a_sub_code_can_be_merged_into_its_parent(
    project: qualframe.Project, document_id: int
) -> None:
    project.codebook.add("Support")
    project.codebook.add("Peer support", parent="Support")
    _code(project, document_id, "Peer support", [(0, 4)])
    project.codebook.merge("Peer support", "Support")
    assert project.codebook.get("Support").coding_count == 1


def test_merging_into_a_retired_code_is_refused(project: qualframe.Project) -> None:
    project.codebook.add("Old")
    project.codebook.add("New")
    project.codebook.retire("Old")
    with pytest.raises(qualframe.ValidationError, match="merge into 'Old': it is retired"):
        project.codebook.merge("New", "Old")


def test_a_merge_is_audited_with_the_target_and_counts(
    project: qualframe.Project, document_id: int
) -> None:
    project.codebook.add("A")
    project.codebook.add("B")
    project.codebook.add("Child", parent="A")
    _code(project, document_id, "A", [(1, 3)])
    project.codebook.merge("A", "B")
    log = project.audit_log(entity_type="code")
    merge = log[log["action"] == "code.merge"].iloc[0]
    assert merge["details"]["target_path"] == "B"
    assert merge["details"]["codings_moved"] == 1
    assert merge["details"]["before"]["name"] == "A"
    move = log[log["action"] == "code.move"].iloc[0]
    assert move["details"]["after"]["path"] == "B > Child"


def test_a_merge_preview_reports_what_would_move_and_changes_nothing(
    project: qualframe.Project, document_id: int
) -> None:
    book = project.codebook
    book.add("Disclosure")
    book.add("Expectation to share")
    book.add("At interview", parent="Expectation to share")
    _code(project, document_id, "Disclosure", [(0, 20)])
    _code(project, document_id, "Expectation to share", [(0, 20), (30, 40)])
    project.memos.add("Sharing", kind="analytic", code="Expectation to share")
    before = _codings(project)
    audited = len(project.audit_log())
    summary = book.preview_merge("Expectation to share", "Disclosure")
    assert (summary.codings_moved, summary.duplicates_dropped) == (1, 1)
    assert (summary.children_moved, summary.memos_relinked) == (1, 1)
    assert _codings(project) == before
    assert len(project.audit_log()) == audited
    assert [i.path_text for i in book.tree()] == [
        "Disclosure",
        "Expectation to share",
        "Expectation to share > At interview",
    ]


def test_a_merge_preview_refuses_what_the_merge_refuses(project: qualframe.Project) -> None:
    project.codebook.add("Disclosure")
    project.codebook.add("Expectations", parent="Disclosure")
    with pytest.raises(qualframe.ValidationError, match="its own descendant"):
        project.codebook.preview_merge("Disclosure", "Disclosure > Expectations")
