"""Shared fixtures: a fresh database per test on SQLite or PostgreSQL.

``QUALFRAME_TEST_DATABASE_URL`` picks the database server: unset (or an
``sqlite`` URL) runs on SQLite files; a ``postgresql+psycopg://`` URL names a
server on which the session creates, and afterwards drops, a database of its
own, so concurrent test runs never share tables.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import qualframe
from qualframe.storage.database import Database

# Property tests check what is computed, never how fast: no per-example
# deadline (a loaded CI machine would make them flaky).
settings.register_profile("qualframe", deadline=None)
settings.load_profile("qualframe")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _server_url() -> str | None:
    url = os.environ.get("QUALFRAME_TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``../shared`` folder beside the checkout (datasets, REFI-QDA samples)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def _postgres_database() -> Iterator[str | None]:
    server = _server_url()
    if server is None:
        yield None
        return
    name = f"qualframe_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        # A throwaway database: a commit need not wait for the disk (the
        # tests check what is stored, never what survives a power cut).
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    Database(url).close()  # build the schema once, through the migrations
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    Database(f"sqlite:///{path}").close()
    return path


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ).scalars()
        names = ", ".join(f'"{t}"' for t in tables if t != "alembic_version")
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database_url(tmp_path: Path, _postgres_database: str | None, _sqlite_template: Path) -> str:
    """The URL of an empty, migrated database for this test."""
    if _postgres_database is not None:
        _truncate_all(_postgres_database)
        return _postgres_database
    path = tmp_path / "qualframe.db"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """An open :class:`Database` on an empty schema."""
    db = Database(database_url)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def project(database: Database) -> qualframe.Project:
    """An empty project called "Study", acting as user "tester"."""
    return qualframe.create_project("Study", database=database, user="tester")


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash passwords with cheap argon2id costs (t=1, 8 KiB, one lane): the real
    ones take a good part of a second by design, which hundreds of logins in
    the tests would add up. The hashes are argon2id all the same."""
    from qualframe.services.accounts import passwords

    cheap = passwords.HashParameters(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(passwords, "_PARAMETERS", cheap)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Tests must never touch the user's real database or identity.
    monkeypatch.delenv("QUALFRAME_DATABASE_URL", raising=False)
    monkeypatch.delenv("QUALFRAME_PROJECT", raising=False)
    monkeypatch.setenv("QUALFRAME_USER", "tester")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, run only the tests that use the database.

    A test that never asks for ``database_url`` (formats, analysis, pure
    logic, SQLite-only checks) gives the same answer on every server, so
    ``make test`` runs it once, in the SQLite pass; a test marked
    ``postgres`` makes a server database of its own and runs in this pass.
    """
    if _server_url() is None:
        return
    kept, left = [], []
    for item in items:
        uses = "database_url" in getattr(item, "fixturenames", ())
        uses = uses or item.get_closest_marker("postgres") is not None
        (kept if uses else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


#: Routes the test workers requested (``pytest -n``): each worker hands its own
#: to this, the controlling process, as it finishes.
_WORKER_ROUTES: set[str] = set()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """A test worker (pytest-xdist) finished: keep the routes it requested."""
    _WORKER_ROUTES.update(getattr(node, "workeroutput", {}).get("routes_hit", ()))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With ``QUALFRAME_CHECK_ROUTES=1`` (a whole-suite run), fail if a web route
    was never requested by any test. Checked in the SQLite pass, which runs
    every test (the PostgreSQL pass leaves out the tests without a database).
    Under pytest-xdist each worker hands the routes it requested to the
    controlling process, which checks them all."""
    if os.environ.get("QUALFRAME_CHECK_ROUTES") != "1" or _server_url() is not None:
        return
    from route_recorder import hit_routes, untested_routes

    worker_output = getattr(session.config, "workeroutput", None)
    if worker_output is not None:  # a worker: the controller checks
        worker_output["routes_hit"] = sorted(hit_routes())
        return
    if exitstatus != 0:
        return
    missing = untested_routes(hit_routes() | _WORKER_ROUTES)
    if missing:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("Web routes no test requested:", red=True)
            for line in missing:
                reporter.write_line(f"  {line}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
