"""The history of the framework, read back from the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest

import qualframe
from qualframe.services.codebook.history import FieldChange, change_items, initial_values


def test_history_shows_each_change_in_order(project: qualframe.Project, tmp_path: Path) -> None:
    book = project.codebook
    book.add("Support")
    book.add("Peer support", parent="Support")
    book.rename("Peer support", "Peer-to-peer support")
    book.edit("Support", definition="Help given or received.")
    book.add("Barriers")
    book.move("Support > Peer-to-peer support", "Barriers")
    book.retire("Barriers")
    book.restore("Barriers", recursive=True)
    book.add("Old")
    book.merge("Old", "Support")
    path = tmp_path / "more.csv"
    path.write_text("code\nHope\n", encoding="utf-8")
    book.import_file(path)
    book.delete("Hope")
    frame = book.history()
    assert list(frame["action"]) == [
        "code.create",
        "code.create",
        "code.rename",
        "code.edit",
        "code.create",
        "code.move",
        "code.retire",
        "code.retire",
        "code.restore",
        "code.restore",
        "code.create",
        "code.merge",
        "code.import",
        "code.delete",
    ]
    assert list(frame["code"])[2:4] == ["Support > Peer-to-peer support", "Support"]
    assert frame.loc[2, "changes"] == (
        "name: 'Peer support' → 'Peer-to-peer support'; "
        "path: 'Support > Peer support' → 'Support > Peer-to-peer support'"
    )
    assert frame.loc[3, "changes"] == "definition: (empty) → 'Help given or received.'"
    assert frame.loc[6, "changes"] == "retired: no → yes"
    assert set(frame["actor"]) == {"tester"}
    assert frame["at"].is_monotonic_increasing
    assert str(frame["at"].dt.tz) == "UTC"


def test_the_history_of_a_code_includes_the_codes_merged_into_it(
    project: qualframe.Project,
) -> None:
    book = project.codebook
    book.add("Hope")
    book.add("Optimism")
    book.add("Positivity")
    book.edit("Positivity", definition="Looking on the bright side.")
    book.merge("Positivity", "Optimism")
    book.merge("Optimism", "Hope")
    book.add("Unrelated")
    frame = book.history("Hope")
    assert list(zip(frame["action"], frame["code"], strict=True)) == [
        ("code.create", "Hope"),
        ("code.create", "Optimism"),
        ("code.create", "Positivity"),
        ("code.edit", "Positivity"),
        ("code.merge", "Positivity"),
        ("code.merge", "Optimism"),
    ]


def test_the_history_of_a_code_starts_when_it_was_created(project: qualframe.Project) -> None:
    book = project.codebook
    book.add("Keep")
    book.add("Temporary")
    book.rename("Temporary", "Gone soon")
    book.delete("Gone soon")
    book.add("Fresh")  # SQLite may give it the deleted code's id
    frame = book.history("Fresh")
    assert list(frame["action"]) == ["code.create"]


def test_the_history_of_an_unknown_code_is_an_error(project: qualframe.Project) -> None:
    with pytest.raises(qualframe.NotFoundError, match="no code called 'Nothing'"):
        project.codebook.history("Nothing")


def test_an_empty_history_has_its_columns(project: qualframe.Project) -> None:
    frame = project.codebook.history()
    assert frame.empty
    assert {"at", "actor", "action", "code", "summary", "changes"} <= set(frame.columns)


def test_the_changes_of_an_entry_are_listed_field_by_field(project: qualframe.Project) -> None:
    book = project.codebook
    book.add("Support")
    book.edit("Support", definition="Help given.", colour="#0072b2")
    details = book.history().iloc[-1]["details"]
    assert change_items(details) == [
        FieldChange("colour", "'#E69F00'", "'#0072B2'"),
        FieldChange("definition", "(empty)", "'Help given.'"),
    ]
    assert change_items(book.history().iloc[0]["details"]) == []


def test_a_new_code_is_described_by_the_values_it_was_created_with(
    project: qualframe.Project,
) -> None:
    project.codebook.add("Support", definition="Help given.", colour="#0072B2")
    details = project.codebook.history().iloc[-1]["details"]
    assert initial_values(details) == [
        ("definition", "'Help given.'"),
        ("origin", "'deductive'"),
        ("colour", "'#0072B2'"),
    ]
    project.codebook.rename("Support", "Help")
    assert initial_values(project.codebook.history().iloc[-1]["details"]) == []
