"""`qualframe init` and `qualframe projects` through the CLI runner."""

from __future__ import annotations

import pytest
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


def test_init_with_an_example_builds_it_under_its_title(database_url: str) -> None:
    result = runner.invoke(
        build_app(), ["--database", database_url, "init", "--example", "peer-worker"]
    )
    assert result.exit_code == 0, result.output
    assert "Peer worker study (fictional example)" in result.output


def test_serve_creates_the_example_once_then_runs_the_server(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    import qualframe.web.app

    served: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(options))
    frozen: list[bool] = []
    monkeypatch.setattr(qualframe.web.app, "freeze_startup_heap", lambda: frozen.append(True))
    args = ["--database", database_url, "serve", "--example", "peer-worker", "--port", "8123"]
    first = runner.invoke(build_app(), args)
    again = runner.invoke(build_app(), args)
    assert first.exit_code == 0, first.output
    assert "Created the example project" in first.output
    assert "Created the example project" not in again.output
    assert "http://127.0.0.1:8123/" in again.output
    assert served == [{"host": "127.0.0.1", "port": 8123, "log_level": "warning"}] * 2
    assert frozen == [True, True]  # the start-up heap is left out of collections
    listed = runner.invoke(build_app(), ["--database", database_url, "projects"])
    assert listed.output.count("Peer worker study (fictional example)") == 1


def test_serve_refuses_a_port_that_is_not_a_number(database_url: str) -> None:
    result = runner.invoke(build_app(), ["--database", database_url, "serve", "--port", "eighty"])
    assert result.exit_code == 1
    assert "the port must be a number, not 'eighty'" in result.output


def test_serving_on_every_interface_accepts_only_the_named_hosts(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    import qualframe.web.app

    apps: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: apps.append(app))
    monkeypatch.setattr(qualframe.web.app, "freeze_startup_heap", lambda: None)
    base = ["--database", database_url, "serve", "--host", "0.0.0.0"]
    named = runner.invoke(build_app(), [*base, "--allow-host", "qualframe.team.example"])
    anyone = runner.invoke(build_app(), base)
    assert named.exit_code == 0 and "Warning" not in named.output
    assert "any host name is" in anyone.output  # rich wraps the line
    states = [app.state.web for app in apps]  # type: ignore[attr-defined]
    assert "qualframe.team.example" in states[0].allowed_hosts
    assert "*" not in states[0].allowed_hosts
    assert "*" in states[1].allowed_hosts
