"""Configuration is declared once and read from flags, then environment, then defaults."""

from __future__ import annotations

import pytest

from qualframe import config
from qualframe.errors import ConfigurationError


def test_a_flag_wins_over_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("QUALFRAME_USER", "from-env")
    assert config.resolve("user", "from-flag") == "from-flag"
    assert config.resolve("user") == "from-env"


def test_the_default_database_is_an_sqlite_file_in_the_data_folder(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    url = config.resolve("database")
    assert url is not None and url.startswith("sqlite:///")
    assert url.endswith("qualframe.db")


def test_an_empty_environment_variable_is_a_configuration_error(monkeypatch) -> None:
    monkeypatch.setenv("QUALFRAME_DATABASE_URL", " ")
    with pytest.raises(ConfigurationError, match="QUALFRAME_DATABASE_URL"):
        config.resolve("database")


def test_every_setting_has_an_environment_variable_and_help() -> None:
    for item in config.SETTINGS:
        assert item.env.startswith("QUALFRAME_")
        assert item.help
