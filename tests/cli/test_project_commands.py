"""`qualframe init` and `qualframe projects` through the CLI runner."""

from __future__ import annotations

from typer.testing import CliRunner

from qualframe.cli.app import build_app

runner = CliRunner()


def test_init_creates_a_named_project(database_url: str) -> None:
    result = runner.invoke(build_app(), ["--database", database_url, "init", "My study"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(build_app(), ["--database", database_url, "projects"])
    assert "My study" in listed.output


def test_init_twice_with_the_same_name_fails_with_one_clear_line(database_url: str) -> None:
    runner.invoke(build_app(), ["--database", database_url, "init", "Twice"])
    result = runner.invoke(build_app(), ["--database", database_url, "init", "Twice"])
    assert result.exit_code == 1
    assert "Error: A project called 'Twice' exists already." in result.output
    assert "Traceback" not in result.output


def test_a_bad_database_url_is_reported_without_a_traceback() -> None:
    result = runner.invoke(build_app(), ["--database", "nonsense", "projects"])
    assert result.exit_code == 1
    assert "not a database URL" in result.output
