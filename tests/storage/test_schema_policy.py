"""Which schema a database is at, and who may upgrade it: SQLite files upgrade when
opened; a PostgreSQL database with data is upgraded only on purpose
(``qualframe db upgrade``); a database written by a newer qualframe is refused."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database, alembic_config, schema_revisions
from schema_revisions import at_revision, set_revision

runner = CliRunner()


def test_the_revisions_read_from_file_names_are_alembics() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    walked = [revision.revision for revision in script.walk_revisions()]
    assert schema_revisions() == sorted(walked)
    assert schema_revisions()[-1] == script.get_current_head()


def test_a_database_written_by_a_newer_qualframe_is_refused_and_left_alone(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    Database(url).close()
    set_revision(url, "9999")
    with pytest.raises(qualframe.ConfigurationError, match=r"newer qualframe.*update qualframe"):
        Database(url)
    with pytest.raises(qualframe.ConfigurationError, match="9999"):
        Database(url, upgrade=True)
    assert Database(url, upgrade=False).schema_revision() == "9999"


def test_db_status_and_upgrade_on_an_older_sqlite_file(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    at_revision(url, "0001")
    status = runner.invoke(build_app(), ["--database", url, "db", "status"])
    assert status.exit_code == 0, status.output
    assert "schema 0001" in status.output and "older" in status.output
    upgraded = runner.invoke(build_app(), ["--database", url, "db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    newest = schema_revisions()[-1]
    assert f"from schema 0001 to {newest}" in upgraded.output
    again = runner.invoke(build_app(), ["--database", url, "db", "status"])
    assert "up to date" in again.output


@pytest.mark.postgres
def test_an_older_postgresql_database_is_upgraded_only_on_purpose(server_database) -> None:
    at_revision(server_database, "0001")
    with pytest.raises(qualframe.ConfigurationError, match="qualframe db upgrade"):
        Database(server_database)
    assert Database(server_database, upgrade=False).schema_revision() == "0001"
    refused = runner.invoke(build_app(), ["--database", server_database, "projects"])
    assert refused.exit_code == 1
    assert "Configuration error" in refused.output and "db upgrade" in refused.output
    upgraded = runner.invoke(build_app(), ["--database", server_database, "db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    database = Database(server_database)
    assert database.schema_revision() == schema_revisions()[-1]
    database.close()


@pytest.mark.postgres
def test_an_empty_postgresql_database_gets_the_schema_when_opened(server_database) -> None:
    database = Database(server_database)
    assert database.schema_revision() == schema_revisions()[-1]
    database.close()
