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
