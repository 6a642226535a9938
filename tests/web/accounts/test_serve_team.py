"""``qualframe serve --team``: refused without an administrator, else a team server."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qualframe.cli.app import build_app

runner = CliRunner()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, dict[str, object]]]:
    """What uvicorn was asked to run (nothing is served)."""
    import uvicorn

    import qualframe.web.app

    calls: list[tuple[object, dict[str, object]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    monkeypatch.setattr(qualframe.web.app, "freeze_startup_heap", lambda: None)
    return calls


def test_a_team_server_needs_an_administrator_first(
    database_url: str, served: list[tuple[object, dict[str, object]]]
) -> None:
    result = runner.invoke(build_app(), ["--database", database_url, "serve", "--team"])
    assert result.exit_code == 1
    assert "Create the first administrator: qualframe users create LOGIN" in result.output
    assert "Traceback" not in result.output
    assert served == []


def test_a_team_server_trusts_proxy_headers_from_loopback_only(
    database_url: str, served: list[tuple[object, dict[str, object]]], boss: str
) -> None:
    result = runner.invoke(build_app(), ["--database", database_url, "serve", "--team"])
    assert result.exit_code == 0, result.output
    [(app, options)] = served
    assert app.state.web.team is True  # type: ignore[attr-defined]
    assert options["proxy_headers"] is True
    assert options["forwarded_allow_ips"] == "127.0.0.1,::1"
