"""CLI commands: ``qualframe db status`` and ``qualframe db upgrade``, the schema.

An SQLite file is upgraded when it is opened; a PostgreSQL database with
data is upgraded only on purpose, with ``db upgrade`` (after a backup), so a
newer client never changes a shared database behind the team's back.
"""

from __future__ import annotations

from qualframe.cli.app import Commands, command_group
from qualframe.cli.output import say
from qualframe.cli.state import CliState

app = Commands()
db = command_group(app, "db", "The database's schema: its revision, and upgrading it.")


@db.command("status")
def status(cli: CliState) -> None:
    """Say which schema revision the database is at and which this qualframe writes."""
    from qualframe.storage.database import schema_revisions

    database = cli.open_database(upgrade=False)
    current, known = database.schema_revision(), schema_revisions()
    if current == known[-1]:
        state = "up to date"
    elif current is None:
        state = "empty: opening it creates the schema"
    elif current in known:
        state = "older: run 'qualframe db upgrade' after a backup"
    else:
        state = "newer than this qualframe: update qualframe"
    found = current or "none"
    say(cli, f"{database.shown_url}: schema {found}; this qualframe writes {known[-1]} ({state}).")


@db.command("upgrade")
def upgrade(cli: CliState) -> None:
    """Upgrade the database to the schema this qualframe writes (back it up first)."""
    from qualframe.storage.database import Database, schema_revisions

    database = cli.open_database(upgrade=False)
    before, newest = database.schema_revision(), schema_revisions()[-1]
    if before == newest:
        say(cli, f"{database.shown_url} is at schema {newest} already.")
        return
    Database(database.url, upgrade=True).close()
    say(cli, f"Upgraded {database.shown_url} from schema {before or 'none'} to {newest}.")
