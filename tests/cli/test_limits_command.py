"""`qualframe limits`: the bounds on files and requests, and raising one."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qualframe.cli.app import build_app
from qualframe.limits import LIMITS, declared, limit

runner = CliRunner()


def test_limits_lists_every_limit_with_its_variable(monkeypatch) -> None:
    monkeypatch.delenv("QUALFRAME_LIMIT_PDF_PAGES", raising=False)
    result = runner.invoke(build_app(), ["limits"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    for item in LIMITS:
        assert item.name in result.output
        assert item.env in result.output
    assert "5,000 pages" in result.output


def test_an_administrator_raises_a_limit_with_its_variable() -> None:
    env = {"QUALFRAME_LIMIT_PDF_PAGES": "20_000", "COLUMNS": "250"}
    assert limit("pdf_pages", env) == 20_000
    result = runner.invoke(build_app(), ["limits"], env=env)
    assert "20,000 pages" in result.output


@pytest.mark.parametrize("raw", ["0", "-5", "lots", ""])
def test_a_limit_that_is_not_a_positive_number_is_a_configuration_error(raw: str) -> None:
    result = runner.invoke(
        build_app(), ["limits"], env={"QUALFRAME_LIMIT_PDF_PAGES": raw, "COLUMNS": "250"}
    )
    assert result.exit_code == 1
    assert "QUALFRAME_LIMIT_PDF_PAGES must be a positive whole number of pages" in result.output
    assert "Traceback" not in result.output


def test_every_limit_says_what_it_protects_against() -> None:
    names = [item.name for item in LIMITS]
    assert len(names) == len(set(names))
    for item in LIMITS:
        assert item.default > 0 and item.help.endswith(".")
        assert declared(item.name).env == "QUALFRAME_LIMIT_" + item.name.upper()


def test_the_security_guide_explains_every_limit() -> None:
    from pathlib import Path

    guide = (Path(__file__).parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    for item in LIMITS:
        assert f"`{item.name}`" in guide, item.name
