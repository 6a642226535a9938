"""Reading the audit log: newest first, filtered by actor and type, paged."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.errors import ValidationError
from qualframe.storage.database import Database


@pytest.fixture
def busy(database: Database) -> qualframe.Project:
    """A project changed by two people: tester adds two cases, sam adds a code."""
    project = qualframe.create_project("Busy", database=database, user="tester")
    project.study.add_case("Site A")
    project.study.add_case("Site B")
    sam = qualframe.open_project("Busy", database=database, user="sam")
    sam.codebook.add("Trust")
    return project


def test_the_log_is_oldest_first_unless_asked_for_the_newest(busy: qualframe.Project) -> None:
    oldest = list(busy.audit_log()["action"])
    assert oldest[0] == "project.create"
    newest = list(busy.audit_log(newest_first=True)["action"])
    assert newest == oldest[::-1]


def test_the_log_is_filtered_by_actor_and_entity_type(busy: qualframe.Project) -> None:
    assert list(busy.audit_log(actor="sam")["summary"]) == [
        busy.audit_log(entity_type="code")["summary"].iloc[0]
    ]
    assert list(busy.audit_log(entity_type="case", actor="tester")["action"]) == [
        "case.create",
        "case.create",
    ]
    assert busy.audit_log(actor="nobody").empty


def test_the_log_is_paged_with_limit_and_offset(busy: qualframe.Project) -> None:
    everything = list(busy.audit_log(newest_first=True)["id"])
    first = list(busy.audit_log(newest_first=True, limit=2)["id"])
    second = list(busy.audit_log(newest_first=True, limit=2, offset=2)["id"])
    assert first + second == everything[:4]


def test_a_negative_page_is_refused(busy: qualframe.Project) -> None:
    with pytest.raises(ValidationError, match="whole numbers from 0"):
        busy.audit_log(offset=-1)
