"""SQLite database files qualframe creates are readable by their owner only:
the file, its -wal and -shm files and the folders made for it; a file that
exists keeps the permissions its owner gave it."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import qualframe
from qualframe import config
from qualframe.cli.app import build_app
from qualframe.storage.database import Database

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would leave new files readable by everyone (022), as on
    most systems: the permissions must come from qualframe, not the umask."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def test_a_new_database_file_and_its_wal_and_shm_files_are_owner_only(
    tmp_path: Path, open_umask: None
) -> None:
    path = tmp_path / "study.db"
    database = Database(f"sqlite:///{path}")
    try:
        project = qualframe.create_project("Study", database=database, user="tester")
        project.codebook.add("Hope")
        with database.engine.connect() as connection:  # the WAL files exist while one is open
            connection.exec_driver_sql("SELECT count(*) FROM codes").scalar()
            wal, shm = path.with_name("study.db-wal"), path.with_name("study.db-shm")
            assert wal.exists() and shm.exists()
            assert (_mode(path), _mode(wal), _mode(shm)) == (0o600, 0o600, 0o600)
    finally:
        database.close()


def test_the_folders_made_for_a_database_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    tmp_path.chmod(0o755)
    Database(f"sqlite:///{tmp_path / 'new' / 'nested' / 'study.db'}").close()
    assert _mode(tmp_path / "new") == 0o700
    assert _mode(tmp_path / "new" / "nested") == 0o700
    assert _mode(tmp_path / "new" / "nested" / "study.db") == 0o600
    assert _mode(tmp_path) == 0o755  # a folder that existed is left as it was


def test_an_existing_database_file_keeps_its_permissions(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "shared.db"
    Database(f"sqlite:///{path}").close()
    path.chmod(0o640)  # the owner shares it with their group on purpose
    Database(f"sqlite:///{path}").close()
    assert _mode(path) == 0o640


def test_the_default_database_in_the_data_folder_is_owner_only(
    tmp_path: Path, open_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = config.resolve("database")
    assert url is not None
    path = Path(url.removeprefix("sqlite:///"))
    assert not path.parent.exists()  # working out the URL creates nothing
    result = CliRunner().invoke(build_app(), ["init", "Study"])
    assert result.exit_code == 0, result.output
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700  # .../data/qualframe
    assert _mode(tmp_path / "data") == 0o700


def test_a_database_file_that_cannot_be_created_is_a_clear_configuration_error(
    tmp_path: Path,
) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(qualframe.ConfigurationError, match="cannot create the database file"):
        Database(f"sqlite:///{tmp_path / 'taken' / 'study.db'}")
