"""``qualframe members``: who works on a project, from the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database

runner = CliRunner()
PASSWORD = "correct horse battery"


def run(url: str, *args: str) -> Result:
    return runner.invoke(build_app(), ["--database", url, *args])


@pytest.fixture
def url(database_url: str) -> str:
    """A project "Study" owned by the account olga; accounts ben and cy not members."""
    database = Database(database_url)
    accounts = qualframe.open_accounts(database, user="setup")
    for login, name in (("olga", "Olga"), ("ben", "Ben"), ("cy", "Cy")):
        accounts.create(login, name, PASSWORD)
    qualframe.create_project("Study", database=database, account="olga")
    database.close()
    return database_url


def _roles(url: str) -> dict[str, str]:
    database = Database(url)
    try:
        members = qualframe.open_project("Study", database=database).members.list()
        return {m.login: m.role.value for m in members}
    finally:
        database.close()


def test_members_add_role_remove_and_list(url: str) -> None:
    assert run(url, "members", "add", "ben", "coder").exit_code == 0
    changed = run(url, "members", "role", "ben", "analyst")
    assert changed.exit_code == 0 and "Ben (ben) is now analyst." in changed.output
    assert run(url, "members", "add", "cy", "viewer").exit_code == 0
    assert run(url, "members", "remove", "cy").exit_code == 0

    listed = run(url, "members", "list", "--format", "json")

    assert listed.exit_code == 0, listed.output
    assert [(m["login"], m["role"]) for m in json.loads(listed.output)] == [
        ("ben", "analyst"),
        ("olga", "owner"),
    ]
    assert "Olga" in run(url, "members", "list").output
    assert run(url, "members", "list", "--format", "csv").output.startswith("account_id,login")


def test_members_add_with_an_unknown_role_says_so_and_adds_nothing(url: str) -> None:
    result = run(url, "members", "add", "ben", "boss")

    assert result.exit_code == 1
    assert "There is no role 'boss'; the roles are viewer, coder, analyst, owner." in result.output
    assert _roles(url) == {"olga": "owner"}


def test_members_keep_the_last_owner(url: str) -> None:
    result = run(url, "members", "remove", "olga")

    assert result.exit_code == 1
    assert "Olga is the project's only owner" in result.output
    assert _roles(url) == {"olga": "owner"}


def test_members_invite_prints_a_link_that_can_be_accepted_once(url: str) -> None:
    result = run(url, "members", "invite", "coder", "--days", "3", "--note", "For Cy")

    assert result.exit_code == 0, result.output
    path = result.output.strip().splitlines()[-1]
    assert path.startswith("/invite/")
    database = Database(url)
    accounts = qualframe.open_accounts(database)
    accounts.accept(path.removeprefix("/invite/"), accounts.find("cy").id)
    database.close()
    assert _roles(url)["cy"] == "coder"


def test_members_invite_for_too_many_days_is_refused(url: str) -> None:
    result = run(url, "members", "invite", "coder", "--days", "400")

    assert result.exit_code != 0
    assert _roles(url) == {"olga": "owner"}
