"""Connecting to the database and running one transaction per user action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from qualframe.errors import ConfigurationError

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers work while
    # an import writes; NORMAL sync is safe with WAL and much faster.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 10000")
    # A 32 MiB page cache (default 2 MiB): listings that read codings scattered
    # over a large table otherwise re-read their pages from the OS on each call.
    cursor.execute("PRAGMA cache_size = -32768")
    cursor.close()


class Database:
    """A qualframe database at ``url``, upgraded to the current schema.

    ``Database(url)`` opens (creating an SQLite file if needed) and runs any
    pending Alembic migration, so the schema is always built through the
    migrations. Raises :class:`ConfigurationError` for a malformed URL.
    """

    def __init__(self, url: str, *, upgrade: bool = True) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise ConfigurationError(f"not a database URL: {url!r}") from None
        self.url = url
        #: The URL for people to read: the password, if any, masked.
        self.shown_url = parsed.render_as_string(hide_password=True)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if upgrade:
            self.upgrade()

    def upgrade(self) -> None:
        """Apply every pending migration (idempotent)."""
        from alembic import command

        with self.engine.connect() as connection:
            sqlite = self.dialect == "sqlite"
            if sqlite:
                # SQLite alters a table by copying it; with foreign keys on, dropping
                # the old copy would cascade-delete rows that point at it.
                connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
                connection.commit()  # ends the empty autobegun transaction
            try:
                with connection.begin():
                    config = alembic_config()
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise ConfigurationError(
                            "the database upgrade broke a foreign key; nothing was changed"
                        )
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys = ON")
                    connection.commit()

    @contextmanager
    def transaction(self, *, block: bool = False) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error.

        ``block``: the transaction of a block of several calls, which may hold
        savepoints. On SQLite it begins at once and takes the write lock
        (``BEGIN IMMEDIATE``): the driver would otherwise begin only at the
        first write, so a savepoint taken before it would start, and its
        release commit, a transaction of its own; and a block that read
        before writing could fail part way when another connection wrote in
        between. It waits for other writers instead (the busy timeout).
        """
        session = self._sessions()
        try:
            if block and self.dialect == "sqlite":
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def alembic_config() -> Any:
    """The Alembic configuration of qualframe's migrations (no ini file)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
