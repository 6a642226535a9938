"""`qualframe memos ...` with several links, annotations, link and unlink."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app

runner = CliRunner()
TEXT = "P07: She had been there herself, so I trusted her.\n"


@pytest.fixture
def memos(database_url: str, project: qualframe.Project):
    """Run ``qualframe --database URL memos ...`` on a project with codes Trust
    and Hope, case Trust A, participant P07 and document p07.txt."""
    project.codebook.add("Trust")
    project.codebook.add("Hope")
    project.study.add_case("Trust A")
    project.study.add_participant("P07", "Trust A")
    project.documents.import_bytes("p07.txt", TEXT.encode(), participants="P07")

    def run(*args: str):
        return runner.invoke(
            build_app(), ["--database", database_url, "memos", *args], env={"COLUMNS": "200"}
        )

    return run


def test_a_memo_is_added_on_several_objects_and_listed_with_all_of_them(
    memos, project: qualframe.Project
) -> None:
    added = memos(
        "add", "Trust", "--kind", "analytic", "--code", "Trust", "--code", "Hope",
        "--document", "p07.txt", "--participant", "P07",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    labels = "document: p07.txt; code: Trust; code: Hope; participant: P07"
    assert f"saved on {labels}" in added.output
    assert labels in memos("list").output
    memo = project.memos.list()[0]
    shown = memos("show", str(memo.id))
    assert "analytic memo on 4 objects" in shown.output
    assert "  - participant: P07" in shown.output
    assert "Trust" in memos("list", "--code", "Hope").output


def test_a_passage_is_annotated_and_linked(memos, project: qualframe.Project) -> None:
    result = memos("annotate", "p07.txt", "5", "18", "--body", "Lived experience.")
    assert result.exit_code == 0, result.output
    assert "Annotation #1 'She had been' saved on document: p07.txt [5:18]" in result.output
    memo = project.memos.list()[0]
    assert (memo.start, memo.end, memo.body) == (5, 18, "Lived experience.")
    linked = memos("link", str(memo.id), "--case", "Trust A", "--if-version", "1")
    assert linked.exit_code == 0, linked.output
    assert "is on document: p07.txt [5:18]; case: Trust A (version 2)" in linked.output
    unlinked = memos("unlink", str(memo.id), "--document", "p07.txt", "--passage", "5:18")
    assert unlinked.exit_code == 0, unlinked.output
    assert "is on case: Trust A (version 3)" in unlinked.output


def test_an_edit_replaces_the_links(memos, project: qualframe.Project) -> None:
    memos("add", "Draft", "--kind", "analytic", "--code", "Trust")
    memo_id = str(project.memos.list()[0].id)
    edited = memos("edit", memo_id, "--case", "Trust A", "--participant", "P07")
    assert edited.exit_code == 0, edited.output
    assert project.memos.get(int(memo_id)).target_label == "case: Trust A; participant: P07"
    both = memos("edit", memo_id, "--project", "--code", "Hope")
    assert both.exit_code == 1
    assert "Give --project or objects to link the memo to, not both" in both.output


def test_bad_links_are_refused_and_nothing_changes(memos, project: qualframe.Project) -> None:
    bad = [
        (("annotate", "p07.txt", "5", "500", "--body", "x"), "not a passage of the document"),
        (("add", "X", "--kind", "analytic", "--passage", "1:4"), "exactly one --document"),
        (
            ("add", "X", "--kind", "analytic", "--document", "p07.txt", "--passage", "a-b"),
            "written START:END",
        ),
        (("link", "1", "--code", "Trust"), "no memo with id 1"),
    ]
    for args, message in bad:
        result = memos(*args)
        assert result.exit_code == 1, args
        assert message in result.output, result.output
    assert project.memos.list() == []
    memos("add", "On trust", "--kind", "analytic", "--code", "Trust")
    memo_id = str(project.memos.list()[0].id)
    missing = memos("unlink", memo_id, "--code", "Hope")
    assert "is not linked to code: Hope" in missing.output
    nothing = memos("link", memo_id)
    assert "Say what to link the memo to" in nothing.output
    assert project.memos.get(int(memo_id)).version == 1
