"""One CLI command is one unit of work: what it does commits together, and a
command that fails part way leaves nothing behind."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction
from typer.testing import CliRunner

import qualframe
from qualframe.cli.app import Commands, build_app
from qualframe.cli.state import CliState
from qualframe.errors import ValidationError
from qualframe.storage.database import Database

runner = CliRunner()


@contextmanager
def transactions() -> Iterator[list[str]]:
    """The transactions qualframe's sessions begin in the block (one entry each;
    opening the database reads its schema revision outside any session)."""
    begun: list[str] = []

    def record(_session: Session, transaction: SessionTransaction, _connection: object) -> None:
        if not transaction.nested:  # a savepoint is part of the transaction
            begun.append("begin")

    event.listen(Session, "after_begin", record)
    try:
        yield begun
    finally:
        event.remove(Session, "after_begin", record)


def _study(database_url: str) -> qualframe.Project:
    database = Database(database_url)
    project = qualframe.create_project("Study", database=database, user="tester")
    project.codebook.add("Hope")
    return project


def test_a_command_that_reads_and_writes_runs_in_one_transaction(database_url: str) -> None:
    _study(database_url)
    with transactions() as begun:
        result = runner.invoke(
            build_app(),
            [
                "--database",
                database_url,
                "memos",
                "add",
                "A memo",
                "--kind",
                "analytic",
                "--code",
                "Hope",
            ],
        )
    assert result.exit_code == 0, result.output
    assert len(begun) == 1


def test_a_command_that_fails_part_way_saves_nothing(database_url: str) -> None:
    project = _study(database_url)
    app = build_app()
    broken = Commands(name="broken", help="A command that fails after writing.")

    @broken.command("half")
    def half(cli: CliState) -> None:
        cli.open_project().codebook.add("Written first")
        raise ValidationError("Then the input turned out wrong.")

    app.add_typer(broken)
    result = runner.invoke(app, ["--database", database_url, "broken", "half"])
    assert result.exit_code == 1
    assert "Then the input turned out wrong." in result.output
    assert [code.name for code in project.codebook.tree()] == ["Hope"]
    assert not [e for e in project.activity() if "Written first" in e.summary]
