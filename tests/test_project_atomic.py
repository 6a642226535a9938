"""Several calls of the Python API as one transaction: ``with project.atomic():``."""

from __future__ import annotations

import pytest

import qualframe


def _cases(project: qualframe.Project) -> list[str]:
    return sorted(case.name for case in project.study.cases())


def test_calls_in_an_atomic_block_are_kept_together(project: qualframe.Project) -> None:
    with project.atomic():
        project.study.add_case("Trust A")
        project.study.add_participant("P01", "Trust A")
    assert _cases(project) == ["Trust A"]
    assert [p.identifier for p in project.study.participants()] == ["P01"]


def test_an_error_in_an_atomic_block_keeps_nothing_the_block_did(project) -> None:
    project.study.add_case("Before")
    with pytest.raises(qualframe.ConflictError), project.atomic():
        project.study.add_case("Trust A")
        project.codebook.add("Hope")
        project.study.add_case("Trust A")  # a conflict: the whole block is undone
    assert _cases(project) == ["Before"]
    assert project.codebook.tree() == []
    assert list(project.audit_log()["action"]).count("case.create") == 1  # "Before"


def test_a_nested_block_joins_the_outer_one(project: qualframe.Project) -> None:
    with pytest.raises(qualframe.UserError), project.atomic():
        with project.atomic():
            project.study.add_case("Inner")
        project.coding.apply("missing.txt", "Nothing", 0, 1)  # fails after the inner block
    assert _cases(project) == []


def test_a_preview_inside_a_block_writes_nothing_and_keeps_the_block(project) -> None:
    project.codebook.add("Hope")
    project.codebook.add("Hopes")
    with project.atomic():
        project.study.add_case("Trust A")
        preview = project.codebook.preview_merge("Hopes", "Hope")
        project.study.add_case("Trust B")
    assert preview.target == "Hope"
    assert [code.name for code in project.codebook.tree()] == ["Hope", "Hopes"]
    assert _cases(project) == ["Trust A", "Trust B"]


def test_acting_as_attributes_changes_to_another_name_in_the_same_block(project) -> None:
    with project.atomic():
        project.study.add_case("Trust A")
        project.acting_as("labellers").codebook.add("Hope")
    log = project.audit_log()
    actors = dict(zip(log["action"], log["actor"], strict=True))
    assert (actors["case.create"], actors["code.create"]) == ("tester", "labellers")


def test_a_block_opened_acting_as_another_name_is_joined_by_the_project(project) -> None:
    labellers = project.acting_as("labellers")
    with labellers.atomic():
        labellers.codebook.add("Hope")
        project.study.add_case("Trust A")  # joins the block (no second transaction)
    assert _cases(project) == ["Trust A"]
    actors = dict(zip(project.audit_log()["action"], project.audit_log()["actor"], strict=True))
    assert (actors["code.create"], actors["case.create"]) == ("labellers", "tester")


def test_a_failed_call_caught_inside_a_block_is_undone_alone(project) -> None:
    with project.atomic():
        project.study.add_case("Trust A")
        with pytest.raises(qualframe.ConflictError):
            project.study.add_case("Trust A")
        project.study.add_case("Trust B")
    assert _cases(project) == ["Trust A", "Trust B"]


def test_an_error_caught_around_a_nested_block_undoes_only_that_block(project) -> None:
    with project.atomic():
        project.study.add_case("Kept")
        with pytest.raises(RuntimeError), project.atomic():
            project.study.add_case("Undone")
            raise RuntimeError("the caller gives up on this part")
    assert _cases(project) == ["Kept"]


def test_after_a_block_calls_run_in_transactions_of_their_own_again(project) -> None:
    labellers = project.acting_as("labellers")
    with project.atomic():
        project.study.add_case("Trust A")
    labellers.study.add_case("Trust B")  # no stale unit of work from the block
    assert _cases(project) == ["Trust A", "Trust B"]
