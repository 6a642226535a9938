"""Connecting to the database and running one transaction per user action."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from qualframe.errors import BusyError, ConfigurationError, StaleVersionError
from qualframe.storage import caching

MIGRATIONS = Path(__file__).with_name("migrations")
#: Query parameters of a database URL that hold a password (libpq's ``password``).
_SECRET_PARAMETERS = ("password",)
#: The password of something like a URL that is not one: from a colon to the @.
_CREDENTIALS = re.compile(r"(?<=:)[^/@\s]+(?=@)")


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


def _postgresql_settings(dbapi_connection: Any, _record: Any) -> None:
    # A write blocked by another's row lock waits as long as SQLite's busy
    # timeout, then fails as busy (BusyError), instead of waiting forever.
    cursor = dbapi_connection.cursor()
    cursor.execute("SET lock_timeout = '10s'")
    cursor.close()
    dbapi_connection.commit()


def shown_url(url: str) -> str:
    """``url`` for people to read (messages, banners, pages): a password in it
    masked as ``***``, in the user part or as a ``password`` query parameter.
    A string that is not a URL has whatever stands between a colon and an
    ``@`` masked. The one place qualframe turns a database URL into text."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return _CREDENTIALS.sub("***", url)
    secret = [key for key in parsed.query if key.lower() in _SECRET_PARAMETERS]
    if secret:
        parsed = parsed.update_query_dict(dict.fromkeys(secret, "***"))
    # The URL's own rendering quotes the query's "***" as %2A%2A%2A.
    return parsed.render_as_string(hide_password=True).replace("%2A%2A%2A", "***")


def _engine(parsed: URL, shown: str) -> Engine:
    """The engine of the database at ``parsed``.

    ``hide_parameters``: an error's message never carries the statement's
    parameters (interview text, quotes, names) into a log or a traceback.
    Raises :class:`ConfigurationError` for a database kind or driver that
    is not installed."""
    try:
        return create_engine(parsed, future=True, hide_parameters=True)
    except (NoSuchModuleError, ImportError) as error:
        raise ConfigurationError(
            f"cannot open the database {shown}: there is no driver for "
            f"{parsed.drivername!r} ({type(error).__name__}); use sqlite:///path.db "
            "or postgresql+psycopg://user@host/db"
        ) from None


def _create_private_file(parsed: URL) -> None:
    """Create the SQLite file of ``parsed`` readable by its owner only (0600),
    and each folder it needs that does not exist (0700), before SQLite opens
    it: SQLite gives its ``-wal``, ``-shm`` and journal files the file's own
    permissions. A file that exists keeps the permissions it has (an
    owner's choice is not changed behind their back). In-memory databases
    and ``file:`` URIs are left to SQLite.

    Raises :class:`ConfigurationError` when the folder or file cannot be
    created (permissions, a file where a folder should be)."""
    name = parsed.database
    if not name or name == ":memory:" or name.startswith("file:") or "uri" in parsed.query:
        return
    path = Path(name)
    try:
        _private_folder(path.parent)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise ConfigurationError(
            f"cannot create the database file {path}: {error.strerror or error}"
        ) from None
    os.close(descriptor)  # an empty file is an empty SQLite database


def _private_folder(folder: Path) -> None:
    """Create ``folder`` and its missing parents, each readable by its owner only."""
    missing: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:  # made meanwhile by another process
            continue


def schema_revisions() -> list[str]:
    """Every schema revision qualframe knows, oldest first: the migrations in
    ``migrations/versions``, each file named ``<revision>_<what it does>.py``
    (read from the file names, so checking a database imports no Alembic)."""
    return sorted(path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("*.py"))


class Database:
    """A qualframe database at ``url``, at the schema this qualframe writes.

    ``Database(url)`` opens it (creating an SQLite file if needed, with its
    folders, readable by their owner only) and checks its schema revision,
    then, by ``upgrade``:

    - ``None`` (the default): an SQLite file or an empty database is brought
      to the current schema (the schema is only ever built through the
      migrations); a PostgreSQL database with data at an older schema is
      refused with a clear message, since upgrading a shared database is the
      administrator's decision (``qualframe db upgrade``, after a backup).
    - ``True``: upgrade whatever the server (what ``qualframe db upgrade`` does).
    - ``False``: open it as it is (``qualframe db status``).

    A database written by a newer qualframe (a revision this one does not
    know) is always refused. Raises :class:`ConfigurationError` for a
    malformed URL, a database that cannot be reached and a schema it will
    not work on; nothing is changed then. No error of its engine carries SQL
    parameters (``hide_parameters``), and :attr:`shown_url` is the URL to print.
    """

    def __init__(self, url: str, *, upgrade: bool | None = None) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise ConfigurationError(f"not a database URL: {shown_url(url)!r}") from None
        self.url = url
        #: The URL for people to read: the password, if any, masked (:func:`shown_url`).
        self.shown_url = shown_url(url)
        self.dialect = parsed.get_backend_name()
        if self.dialect == "sqlite":
            _create_private_file(parsed)
        self.engine: Engine = _engine(parsed, self.shown_url)
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        elif self.dialect == "postgresql":
            event.listen(self.engine, "connect", _postgresql_settings)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        caching.install()
        if upgrade is not False:
            self._bring_up_to_date(force=bool(upgrade))

    def schema_revision(self) -> str | None:
        """The schema revision the database is at (None: no qualframe schema yet).

        Raises :class:`ConfigurationError` when the database cannot be
        reached (no server, a wrong password, a file that cannot be opened)."""
        try:
            connecting = self.engine.connect()
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else "no answer"
            raise ConfigurationError(
                f"cannot open the database {self.shown_url}: {reason}"
            ) from None
        with connecting as connection:
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

        A database too busy to answer in time (SQLite's write lock held by
        another writer past the busy timeout, from the ``BEGIN`` to the
        ``COMMIT``; a PostgreSQL lock timeout, deadlock or serialization
        failure) raises :class:`BusyError`, and a versioned record changed by
        another transaction meanwhile :class:`StaleVersionError`: user errors,
        and nothing is saved (see :func:`stale_as_conflict`).
        """
        session = self._sessions()
        try:
            with stale_as_conflict():
                if self.dialect == "sqlite" and (block or reading):
                    begin = "BEGIN IMMEDIATE" if block else "BEGIN"
                    session.connection().exec_driver_sql(begin)
                elif self.dialect == "postgresql" and reading and not block:
                    # One snapshot for every read of the block; writing is refused.
                    session.connection().exec_driver_sql(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                    )
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


#: What a user is told when the database stayed busy (:class:`BusyError`).
BUSY_MESSAGE = (
    "The database is busy: another user or command is writing (an import?). "
    "Nothing was saved; try again in a moment."
)
#: PostgreSQL's SQLSTATEs of a transaction that lost to another one and may
#: simply be run again: lock_not_available (``lock_timeout``),
#: serialization_failure, deadlock_detected.
_POSTGRES_BUSY = frozenset({"55P03", "40001", "40P01"})
#: Seconds a writer committing in parts (:func:`commit_part`) leaves SQLite's
#: write lock free after a part: a writer waiting for the lock retries every
#: 100 ms at most (SQLite's busy handler), and with no gap at all the part
#: writer takes the lock back before any waiting writer looks.
HANDOVER_SECONDS = 0.12
#: How many busy timeouts a part waits for SQLite's write lock before giving up.
PART_ATTEMPTS = 6


def is_busy(error: DBAPIError) -> bool:
    """Whether ``error`` says the database was too busy, not that the statement
    was wrong: SQLite's ``SQLITE_BUSY`` ("database is locked") and
    ``SQLITE_LOCKED``, PostgreSQL's lock timeout, deadlock and serialization
    failure. Running the same work again later can succeed."""
    original = error.orig
    if str(getattr(original, "sqlite_errorname", "")).startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return True
    if getattr(original, "sqlstate", None) in _POSTGRES_BUSY:
        return True
    return any(words in str(original) for words in ("database is locked", "database is busy"))


@contextmanager
def stale_as_conflict() -> Iterator[None]:
    """Turn the errors of concurrent work into user errors (nothing is saved):
    SQLAlchemy's "the row's version changed under us" into
    :class:`StaleVersionError`, and a database too busy to answer
    (:func:`is_busy`) into :class:`BusyError` asking to try again.

    A versioned record's UPDATE states the version the session read; when
    another transaction committed a change in between, it updates nothing
    and SQLAlchemy raises ``StaleDataError``. Only the ``orig`` error's kind
    is read: its message (which can quote the statement's values) is dropped."""
    try:
        yield
    except StaleDataError:
        raise StaleVersionError("the record") from None
    except DBAPIError as error:
        if not is_busy(error):
            raise
        raise BusyError(BUSY_MESSAGE) from None


def commit_part(session: Session) -> None:
    """Commit the work of ``session``'s transaction so far and begin its next part:
    for a long writer (an import of many files) that commits in parts so that
    others can write in between. The caller decides that its transaction may
    be committed in parts (see ``UnitOfWork.checkpoint``).

    On SQLite the next part takes the write lock at once (``BEGIN
    IMMEDIATE``), so what the writer reads next stays true until it commits
    again; a part that held the lock leaves it free for
    :data:`HANDOVER_SECONDS` first, for the writers waiting for it. Another
    writer holding the lock is waited for, up to :data:`PART_ATTEMPTS` busy
    timeouts, then :class:`BusyError` is raised (the parts committed before
    stay). On PostgreSQL, where writers lock rows, not the database, it
    commits and the next statement begins the next part.
    """
    sqlite = session.get_bind().dialect.name == "sqlite"
    held = sqlite and _holds_sqlite_transaction(session)
    with stale_as_conflict():
        session.commit()
    if not sqlite:
        return
    if held:
        time.sleep(HANDOVER_SECONDS)
    for attempt in range(1, PART_ATTEMPTS + 1):
        try:
            with stale_as_conflict():
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            return
        except BusyError:
            session.rollback()  # ends the failed attempt's session transaction
            if attempt == PART_ATTEMPTS:
                raise


def discard_part(session: Session) -> None:
    """Roll back ``session``'s transaction: everything since its last part (or its
    start) is undone and, on SQLite, the write lock is let go until the next
    write. For a writer that commits in parts (see ``UnitOfWork.discard``)."""
    session.rollback()


def _holds_sqlite_transaction(session: Session) -> bool:
    """Whether ``session``'s SQLite connection is inside a transaction (the
    driver begins one only at the first write, or at an explicit ``BEGIN``)."""
    return bool(session.connection().connection.dbapi_connection.in_transaction)  # type: ignore[union-attr]


def alembic_config() -> Any:
    """The Alembic configuration of qualframe's migrations (no ini file)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
