"""Creating, choosing and listing projects."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.storage.database import Database


def test_creating_a_project_records_it_in_the_audit_log(project: qualframe.Project) -> None:
    log = project.audit_log()
    assert list(log["action"]) == ["project.create"]
    assert log.iloc[0]["actor"] == "tester"


def test_a_project_name_is_unique_in_a_database(database: Database, project) -> None:
    with pytest.raises(qualframe.ConflictError, match="exists already"):
        qualframe.create_project("Study", database=database)
    assert [p.name for p in qualframe.list_projects(database=database)] == ["Study"]


def test_the_only_project_is_opened_without_naming_it(database: Database, project) -> None:
    assert qualframe.open_project(database=database).name == "Study"


def test_with_several_projects_one_must_be_named(database: Database, project) -> None:
    qualframe.create_project("Second", database=database)
    with pytest.raises(qualframe.ProjectChoiceError, match="several projects"):
        qualframe.open_project(database=database)
    assert qualframe.open_project("Second", database=database).name == "Second"


def test_an_unknown_project_name_lists_the_known_ones(database: Database, project) -> None:
    with pytest.raises(qualframe.ProjectChoiceError, match="projects: Study"):
        qualframe.open_project("Nope", database=database)


def test_an_empty_database_says_how_to_create_a_project(database: Database) -> None:
    with pytest.raises(qualframe.ProjectChoiceError, match="qualframe init"):
        qualframe.open_project(database=database)


def test_the_database_url_comes_from_the_environment(monkeypatch, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("QUALFRAME_DATABASE_URL", url)
    qualframe.create_project("From env")
    assert (tmp_path / "env.db").exists()
    assert qualframe.open_project().name == "From env"
