"""What a recorded change did to each field, before and after (the activity page's column)."""

from __future__ import annotations

from qualframe.services.core.audit import FieldChange, field_changes


def test_the_fields_of_before_and_after_mappings_are_listed_in_recorded_order() -> None:
    details = {
        "path": "Hope",
        "before": {"name": "Hope", "definition": "Old"},
        "after": {"name": "Hope", "definition": "New", "colour": "#aa0000"},
    }
    assert field_changes(details) == (
        FieldChange("definition", "Old", "New"),
        FieldChange("colour", None, "#aa0000"),
    )


def test_a_creation_has_nothing_before_and_a_deletion_nothing_after() -> None:
    assert field_changes({"before": {}, "after": {"title": "Memo"}}) == (
        FieldChange("title", None, "Memo"),
    )
    assert field_changes({"before": {"title": "Memo"}, "after": None}) == (
        FieldChange("title", "Memo", None),
    )


def test_plain_values_before_and_after_are_one_field() -> None:
    assert field_changes({"before": None, "after": 3}) == (FieldChange("value", None, 3),)
    assert field_changes({"before": 3, "after": 3}) == ()


def test_a_change_recording_no_before_or_after_has_no_fields() -> None:
    assert field_changes({"links": 10}) == ()
    assert field_changes({}) == ()
