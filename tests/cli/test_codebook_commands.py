"""`qualframe codes ...` through the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app

runner = CliRunner()


@pytest.fixture
def codes(database_url: str, project: qualframe.Project):
    """Run ``qualframe --database URL codes ...`` on the test project."""

    def run(*args: str):
        return runner.invoke(
            build_app(), ["--database", database_url, "codes", *args], env={"COLUMNS": "200"}
        )

    return run


def _paths(project: qualframe.Project) -> list[str]:
    return [info.path_text for info in project.codebook.tree()]


def test_adding_codes_and_listing_the_tree(codes, project: qualframe.Project) -> None:
    assert codes("add", "Disclosure", "--definition", "Talking about own health").exit_code == 0
    result = codes("add", "Expectations", "--parent", "Disclosure", "--origin", "inductive")
    assert result.exit_code == 0, result.output
    assert "Disclosure > Expectations" in result.output
    assert codes("add", "Barriers > Stigma").exit_code == 1  # the parent does not exist yet
    codes("add", "Barriers", "--colour", "#d55e00")
    assert codes("add", "Barriers > Stigma").exit_code == 0
    assert _paths(project) == [
        "Disclosure",
        "Disclosure > Expectations",
        "Barriers",
        "Barriers > Stigma",
    ]
    listing = codes("list", "--details")
    assert listing.exit_code == 0
    for text in ["Codebook", "Disclosure", "Expectations", "Stigma", "0 codings", "Talking about"]:
        assert text in listing.output
    assert project.codebook.get("Barriers").colour == "#D55E00"


def test_an_empty_codebook_says_how_to_start(codes) -> None:
    result = codes("list")
    assert result.exit_code == 0
    assert "The codebook is empty" in result.output


def test_a_clash_is_one_clear_error_line(codes, project: qualframe.Project) -> None:
    codes("add", "Hope")
    result = codes("add", "hope")
    assert result.exit_code == 1
    assert "Error: There is already a code called 'Hope' at the top level" in result.output
    assert "Traceback" not in result.output
    assert _paths(project) == ["Hope"]


def test_show_edit_and_rename(codes, project: qualframe.Project) -> None:
    codes("add", "Hope")
    assert (
        codes("edit", "Hope", "--definition", "Looking forward", "--origin", "inductive").exit_code
        == 0
    )
    assert codes("rename", "Hope", "Hope and future").exit_code == 0
    shown = codes("show", "Hope and future")
    assert "Looking forward" in shown.output
    assert "inductive" in shown.output


def test_moving_codes(codes, project: qualframe.Project) -> None:
    for name in ["Support", "Barriers", "Peer support"]:
        codes("add", name)
    assert codes("move", "Peer support", "--under", "Support").exit_code == 0
    assert codes("move", "Barriers", "--position", "0").exit_code == 0
    assert _paths(project) == ["Barriers", "Support", "Support > Peer support"]
    assert codes("move", "Support > Peer support", "--root").exit_code == 0
    assert _paths(project)[-1] == "Peer support"
    refused = codes("move", "Support")
    assert refused.exit_code == 1
    assert "--under PATH, --root or --position N" in refused.output


def test_moving_under_a_descendant_is_refused(codes, project: qualframe.Project) -> None:
    codes("add", "Support")
    codes("add", "Support > Peer support")
    result = codes("move", "Support", "--under", "Support > Peer support")
    assert result.exit_code == 1
    assert "Cannot move 'Support' under its own descendant 'Support > Peer support'" in (
        result.output
    )
    assert _paths(project) == ["Support", "Support > Peer support"]


def test_merging_retiring_restoring_and_deleting(codes, project: qualframe.Project) -> None:
    for name in ["Hope", "Optimism", "Old", "Old > Older"]:
        codes("add", name)
    merged = codes("merge", "Optimism", "Hope")
    assert merged.exit_code == 0
    assert "Merged Optimism into Hope: 0 codings moved" in merged.output
    assert "Retired Old > Older" in codes("retire", "Old").output
    assert "Old" not in codes("list").output
    assert "retired" in codes("list", "--retired").output
    assert "Restored Old" in codes("restore", "Old").output
    assert project.codebook.get("Older").retired
    assert codes("restore", "Old", "--recursive").exit_code == 0
    assert codes("delete", "Old").exit_code == 1
    assert "Deleted Old: 2 codes" in codes("delete", "Old", "--force").output
    assert _paths(project) == ["Hope"]


def test_export_then_import_with_a_dry_run(
    codes, project: qualframe.Project, tmp_path: Path
) -> None:
    codes("add", "Hope", "--definition", "Looking forward")
    path = tmp_path / "codebook.xlsx"
    assert "Wrote 1 codes" in codes("export", str(path)).output
    edited = tmp_path / "edited.csv"
    edited.write_text("code,definition\nHope,Expecting good things\nTrust,\n", encoding="utf-8")
    preview = codes("import", str(edited), "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "Would import edited.csv: 1 new, 1 updated, 0 unchanged" in preview.output
    assert "Nothing was written" in preview.output
    assert _paths(project) == ["Hope"]
    done = codes("import", str(edited))
    assert "Imported edited.csv: 1 new, 1 updated" in done.output
    assert project.codebook.get("Hope").definition == "Expecting good things"
    again = codes("import", str(path))
    assert "0 new, 1 updated" in again.output


def test_a_bad_codebook_file_is_one_error_line_and_writes_nothing(
    codes, project: qualframe.Project, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,origin\nHope,emergent\n", encoding="utf-8")
    result = codes("import", str(bad))
    assert result.exit_code == 1
    assert "bad.csv, line 2" in result.output
    assert _paths(project) == []


def test_history_of_the_framework_and_of_one_code(codes) -> None:
    codes("add", "Hope")
    codes("rename", "Hope", "Hope and future")
    codes("add", "Trust")
    everything = codes("history")
    assert everything.exit_code == 0
    assert "create" in everything.output
    assert "'Hope' → 'Hope and future'" in everything.output
    assert "tester" in everything.output
    one = codes("history", "Trust")
    assert "Trust" in one.output
    assert "rename" not in one.output


def test_edits_may_state_the_version_they_were_based_on(codes, project: qualframe.Project) -> None:
    codes("add", "Hope")
    assert "version" in codes("show", "Hope").output
    done = codes("edit", "Hope", "--definition", "Looking forward", "--if-version", "1")
    assert done.exit_code == 0, done.output
    assert "(version 2)" in done.output
    for args in (
        ["edit", "Hope", "--definition", "Late", "--if-version", "1"],
        ["rename", "Hope", "Late", "--if-version", "1"],
        ["retire", "Hope", "--if-version", "1"],
        ["delete", "Hope", "--if-version", "1"],
    ):
        stale = codes(*args)
        assert stale.exit_code == 1, args
        assert "was changed by someone else since you read it" in stale.output, args
    assert project.codebook.get("Hope").definition == "Looking forward"


def test_merge_and_delete_previews_say_what_points_at_the_code(
    codes, project: qualframe.Project
) -> None:
    codes("add", "Hope")
    codes("add", "Optimism")
    project.memos.add("Optimism or hope?", kind="analytic", code="Optimism")
    preview = codes("merge", "Optimism", "Hope", "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert "Merging 'Optimism' into 'Hope' moves 1 memo." in preview.output
    assert "Nothing was written (dry run)." in preview.output
    assert _paths(project) == ["Hope", "Optimism"]
    deleting = codes("delete", "Optimism", "--dry-run")
    assert "Deleting 'Optimism' removes 1 memo link" in deleting.output
    assert _paths(project) == ["Hope", "Optimism"]
    stale = codes("merge", "Optimism", "Hope", "--if-version", "3")
    assert stale.exit_code == 1
    assert codes("merge", "Optimism", "Hope", "--if-version", "1").exit_code == 0
    assert project.codebook.get("Hope").version == 2
