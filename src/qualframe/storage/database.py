"""Connecting to the database and running one transaction per user action."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from qualframe.errors import ConfigurationError, ConflictError, StaleVersionError
from qualframe.storage import caching

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


def schema_revisions() -> list[str]:
    """Every schema revision qualframe knows, oldest first: the migrations in
    ``migrations/versions``, each file named ``<revision>_<what it does>.py``
    (read from the file names, so checking a database imports no Alembic)."""
    return sorted(path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("*.py"))


class Database:
    """A qualframe database at ``url``, at the schema this qualframe writes.

    ``Database(url)`` opens it (creating an SQLite file if needed) and checks
    its schema revision, then, by ``upgrade``:

    - ``None`` (the default): an SQLite file or an empty database is brought
      to the current schema (the schema is only ever built through the
      migrations); a PostgreSQL database with data at an older schema is
      refused with a clear message, since upgrading a shared database is the
      administrator's decision (``qualframe db upgrade``, after a backup).
    - ``True``: upgrade whatever the server (what ``qualframe db upgrade`` does).
    - ``False``: open it as it is (``qualframe db status``).

    A database written by a newer qualframe (a revision this one does not
    know) is always refused. Raises :class:`ConfigurationError` for a
    malformed URL and for a schema it will not work on; nothing is changed then.
    """

    def __init__(self, url: str, *, upgrade: bool | None = None) -> None:
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
        caching.install()
        if upgrade is not False:
            self._bring_up_to_date(force=bool(upgrade))

    def schema_revision(self) -> str | None:
        """The schema revision the database is at (None: no qualframe schema yet)."""
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        return None if found is None else str(found)

    def _bring_up_to_date(self, *, force: bool) -> None:
        """Upgrade the schema as :class:`Database` says, or refuse (see there)."""
        known = schema_revisions()
        current = self.schema_revision()
        if current == known[-1]:
            return
        if current is not None and current not in known:
            raise ConfigurationError(
                f"the database {self.shown_url} was written by a newer qualframe (schema "
                f"{current}; this one knows up to {known[-1]}): update qualframe to open it"
            )
        if current is not None and self.dialect != "sqlite" and not force:
            raise ConfigurationError(
                f"the database {self.shown_url} has schema {current} and this qualframe "
                f"needs {known[-1]}; back it up, then run 'qualframe db upgrade' "
                "(nothing was changed)"
            )
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
    def transaction(self, *, block: bool = False, reading: bool = False) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error.

        ``block``: the transaction of a block of several calls, which may hold
        savepoints and write. On SQLite it begins at once and takes the write
        lock (``BEGIN IMMEDIATE``): the driver would otherwise begin only at
        the first write, so a savepoint taken before it would start, and its
        release commit, a transaction of its own; and a block that read
        before writing could fail part way when another connection wrote in
        between. It waits for other writers instead (the busy timeout).

        ``reading``: the transaction of a block of several calls that only
        read (a page): every read sees one snapshot while others write. On
        SQLite it begins at once without the write lock (``BEGIN``), so its
        savepoints nest in it; on PostgreSQL it is ``REPEATABLE READ, READ
        ONLY``. It must not write: a preview (a change rolled back) needs a
        ``block`` transaction.

        A database too busy to answer within the busy timeout, and a versioned
        record changed by another transaction meanwhile, raise user errors
        (:class:`ConflictError`, :class:`StaleVersionError`): nothing is saved.
        """
        session = self._sessions()
        try:
            if self.dialect == "sqlite" and (block or reading):
                begin = "BEGIN IMMEDIATE" if block else "BEGIN"
                session.connection().exec_driver_sql(begin)
            elif self.dialect == "postgresql" and reading and not block:
                # One snapshot for every read of the block; writing is refused.
                session.connection().exec_driver_sql(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
            with stale_as_conflict():
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


@contextmanager
def stale_as_conflict() -> Iterator[None]:
    """Turn SQLAlchemy's "the row's version changed under us" into the user error
    :class:`StaleVersionError`, and SQLite's "database is locked" (busy past
    the timeout) into a :class:`ConflictError` asking to try again.

    A versioned record's UPDATE states the version the session read; when
    another transaction committed a change in between, it updates nothing
    and SQLAlchemy raises ``StaleDataError``. Nothing is saved then."""
    try:
        yield
    except StaleDataError:
        raise StaleVersionError("the record") from None
    except OperationalError as error:
        if "database is locked" not in str(error.orig):
            raise
        raise ConflictError(
            "The database is busy with another change and did not answer in time; "
            "nothing was saved. Try again in a moment."
        ) from None


def alembic_config() -> Any:
    """The Alembic configuration of qualframe's migrations (no ini file)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
