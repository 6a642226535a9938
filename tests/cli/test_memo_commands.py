"""`qualframe memos ...` through the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.vocabulary import MemoKind, MemoTarget
from services.builders import make_case, make_participant

runner = CliRunner()


@pytest.fixture
def memos(database_url: str, project: qualframe.Project):
    """Run ``qualframe --database URL memos ...`` on a project with code
    Disclosure, case Trust A and participant P07."""
    project.codebook.add("Disclosure")
    with project.database.transaction() as session:
        case = make_case(session, project.info.id, "Trust A")
        make_participant(session, project.info.id, "P07", case)

    def run(*args: str):
        return runner.invoke(
            build_app(), ["--database", database_url, "memos", *args], env={"COLUMNS": "200"}
        )

    return run


def test_adding_memos_on_the_project_and_on_objects(memos, project: qualframe.Project) -> None:
    result = memos("add", "Approach", "--kind", "methodological", "--body", "Framework Method")
    assert result.exit_code == 0, result.output
    assert "saved on project" in result.output
    assert (
        "saved on code: Disclosure"
        in memos("add", "Telling", "--kind", "analytic", "--code", "Disclosure").output
    )
    assert (
        "participant: P07"
        in memos("add", "P07's story", "--kind", "reflexive", "--participant", "P07").output
    )
    listed = project.memos.list()
    assert [(m.title, m.kind, m.target_type) for m in listed] == [
        ("Approach", MemoKind.METHODOLOGICAL, MemoTarget.PROJECT),
        ("Telling", MemoKind.ANALYTIC, MemoTarget.CODE),
        ("P07's story", MemoKind.REFLEXIVE, MemoTarget.PARTICIPANT),
    ]


def test_a_memo_body_can_come_from_a_markdown_file(
    memos, project: qualframe.Project, tmp_path: Path
) -> None:
    note = tmp_path / "note.md"
    note.write_text("# Thoughts\n\nTrust *grows* slowly.\n", encoding="utf-8")
    assert memos("add", "Trust", "--kind", "analytic", "--file", str(note)).exit_code == 0
    memo = project.memos.list()[0]
    assert memo.body == "# Thoughts\n\nTrust *grows* slowly."
    shown = memos("show", str(memo.id))
    assert "Thoughts" in shown.output
    assert "analytic memo on project" in shown.output


def test_a_missing_body_file_is_one_error_line(memos, tmp_path: Path) -> None:
    result = memos("add", "X", "--kind", "analytic", "--file", str(tmp_path / "none.md"))
    assert result.exit_code == 1
    assert "none.md: the file does not exist" in result.output


def test_bad_input_is_refused_and_nothing_is_written(memos, project: qualframe.Project) -> None:
    bad_kind = memos("add", "X", "--kind", "musing")
    assert bad_kind.exit_code == 1
    assert "Error: The memo kind 'musing' is not known" in bad_kind.output
    twice = memos("add", "X", "--kind", "analytic", "--code", "Disclosure", "--code", "Disclosure")
    assert twice.exit_code == 1
    assert "linked to code: Disclosure once; it was given twice" in twice.output
    unknown = memos("add", "X", "--kind", "analytic", "--case", "Trust Z")
    assert "no case 'Trust Z'" in unknown.output
    assert project.memos.list() == []


def test_listing_with_filters(memos) -> None:
    memos("add", "On code", "--kind", "analytic", "--code", "Disclosure")
    memos("add", "Mine", "--kind", "reflexive", "--body", "Insider position")
    everything = memos("list")
    assert "On code" in everything.output and "Mine" in everything.output
    on_code = memos("list", "--code", "Disclosure")
    assert "On code" in on_code.output and "Mine" not in on_code.output
    reflexive = memos("list", "--kind", "reflexive", "--contains", "insider")
    assert "Mine" in reflexive.output and "On code" not in reflexive.output
    on_project = memos("list", "--on", "project")
    assert "Mine" in on_project.output and "On code" not in on_project.output
    assert "No memos found" in memos("list", "--author", "nobody").output


def test_editing_and_deleting(memos, project: qualframe.Project) -> None:
    memos("add", "Draft", "--kind", "analytic", "--code", "Disclosure")
    memo_id = str(project.memos.list()[0].id)
    edited = memos("edit", memo_id, "--title", "Final", "--kind", "theoretical", "--project")
    assert edited.exit_code == 0, edited.output
    memo = project.memos.get(int(memo_id))
    assert (memo.title, memo.kind, memo.target_type) == (
        "Final",
        MemoKind.THEORETICAL,
        MemoTarget.PROJECT,
    )
    assert memos("edit", memo_id, "--case", "Trust A").exit_code == 0
    assert project.memos.get(int(memo_id)).target_label == "case: Trust A"
    assert "Deleted memo" in memos("delete", memo_id).output
    missing = memos("show", memo_id)
    assert missing.exit_code == 1
    assert f"no memo with id {memo_id}" in missing.output


def test_an_edit_or_delete_from_a_stale_version_is_refused(
    memos, project: qualframe.Project
) -> None:
    memos("add", "Draft", "--kind", "analytic")
    memo_id = str(project.memos.list()[0].id)
    assert "version 1" in memos("show", memo_id).output
    edited = memos("edit", memo_id, "--body", "Mine", "--if-version", "1")
    assert edited.exit_code == 0, edited.output
    assert "(version 2)" in edited.output
    stale = memos("edit", memo_id, "--body", "Late", "--if-version", "1")
    assert stale.exit_code == 1
    assert "changed by someone else since you read it" in stale.output
    assert memos("delete", memo_id, "--if-version", "1").exit_code == 1
    assert project.memos.get(int(memo_id)).body == "Mine"


def test_a_body_file_over_the_file_size_limit_is_refused_unread(
    memos, project: qualframe.Project, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("QUALFRAME_LIMIT_FILE_BYTES", "100")
    note = tmp_path / "long.md"
    note.write_text("Trust. " * 50, encoding="utf-8")
    result = memos("add", "Long", "--kind", "analytic", "--file", str(note))
    assert result.exit_code == 1
    assert "long.md: the file is" in result.output and "QUALFRAME_LIMIT_FILE_BYTES" in result.output
    assert project.memos.list() == []
