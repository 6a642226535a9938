"""Facade methods are built from their use case's declaration, the service function."""

from __future__ import annotations

import inspect

import pytest

import qualframe
from qualframe.api.coding import CodingAPI
from qualframe.api.facade import UseCase
from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.coding import codings as coding_service
from qualframe.storage.database import Database
from row_counts import row_counts


def test_a_facade_method_shows_its_service_signature_without_the_unit_of_work() -> None:
    declared = vars(CodingAPI)["apply"]
    assert isinstance(declared, UseCase)
    service = inspect.signature(coding_service.apply_code)
    method = inspect.signature(CodingAPI.apply)
    assert list(method.parameters)[1:] == list(service.parameters)[1:]
    assert next(iter(method.parameters)) == "self"
    assert CodingAPI.apply.__doc__ == coding_service.apply_code.__doc__
    assert CodingAPI.apply.__qualname__ == "CodingAPI.apply"


def test_a_converted_method_says_what_it_returns() -> None:
    doc = inspect.getdoc(qualframe.Project.audit_log) or ""
    assert doc.startswith("The project's recorded changes")
    assert "Returned as: Audit records as a DataFrame" in doc
    returns = inspect.signature(qualframe.Project.audit_log).return_annotation
    assert "DataFrame" in str(returns)


def test_a_bound_method_and_a_call_on_the_class_do_the_same(project) -> None:
    project.codebook.add("Hope")
    bound = project.codebook.get("Hope")
    unbound = type(project.codebook).get(project.codebook, "Hope")
    assert bound == unbound
    assert "uow" not in inspect.signature(project.codebook.get).parameters


def test_a_preview_runs_the_use_case_and_writes_nothing(project) -> None:
    project.codebook.add("Hope")
    project.codebook.add("Hopes")
    preview = project.codebook.preview_merge("Hopes", "Hope")
    assert (preview.source, preview.target) == ("Hopes", "Hope")
    assert sorted(code.name for code in project.codebook.tree()) == ["Hope", "Hopes"]


@pytest.mark.parametrize(
    "number",
    [2**31, -(2**31), 2**70, -(2**70), 10**5000],
    ids=["2^31", "-2^31", "2^70", "-2^70", "10^5000"],
)
def test_a_whole_number_no_column_holds_is_refused_by_name_before_any_query(
    project: qualframe.Project, database: Database, number: int
) -> None:
    project.documents.import_bytes("a.txt", b"Hope came back.\n")
    before = row_counts(database)
    calls = {
        "document": lambda: project.documents.document(number),
        "documents": lambda: project.coding.listing(documents=[1, number]),
        "memo_id": lambda: project.memos.get(number),
        "row": lambda: project.matrix.cell(number, "Hope"),
    }
    for name, call in calls.items():
        with pytest.raises(ValidationError) as refused:
            call()
        message = str(refused.value)
        assert f"({name}=" in message, message
        assert "at most 2,147,483,647 either way" in message
        assert len(message) < 300  # a 5,000-digit number is not repeated whole
    assert row_counts(database) == before


def test_the_largest_stored_whole_number_is_an_id_that_is_simply_not_found(
    project: qualframe.Project,
) -> None:
    with pytest.raises(NotFoundError):
        project.documents.document(2**31 - 1)
