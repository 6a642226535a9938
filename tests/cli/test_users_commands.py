"""``qualframe users``: the accounts of a team server from the command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

import qualframe
from qualframe.cli.app import build_app
from qualframe.storage.database import Database

runner = CliRunner()
PASSWORD = "correct horse battery"


def run(url: str, *args: str, input: str | None = None) -> Result:
    return runner.invoke(build_app(), ["--database", url, *args], input=input)


def _accounts(url: str) -> list[qualframe.AccountInfo]:
    database = Database(url)
    try:
        return qualframe.open_accounts(database).list()
    finally:
        database.close()


def _log_in(url: str, login: str, password: str) -> qualframe.LoginResult:
    database = Database(url)
    try:
        return qualframe.open_accounts(database).log_in(login, password)
    finally:
        database.close()


def test_users_create_asks_the_password_twice_without_echo(database_url: str) -> None:
    result = run(
        database_url,
        "users",
        "create",
        "Ana",
        "--name",
        "Ana Costa",
        "--admin",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )

    assert result.exit_code == 0, result.output
    assert "Created the administrator ana (Ana Costa)." in result.output
    assert PASSWORD not in result.output
    [ana] = _accounts(database_url)
    assert (ana.login, ana.display_name, ana.is_admin) == ("ana", "Ana Costa", True)
    assert _log_in(database_url, "ana", PASSWORD).account.id == ana.id


def test_users_create_reads_a_password_from_stdin(database_url: str) -> None:
    result = run(
        database_url,
        "users",
        "create",
        "ben",
        "--name",
        "Ben",
        "--password-stdin",
        input=f"{PASSWORD}\n",
    )

    assert result.exit_code == 0, result.output
    assert _log_in(database_url, "ben", PASSWORD).account.login == "ben"


def test_users_create_with_a_short_password_says_so_and_creates_nothing(database_url: str) -> None:
    result = run(
        database_url,
        "users",
        "create",
        "ben",
        "--name",
        "Ben",
        "--password-stdin",
        input="short\n",
    )

    assert result.exit_code == 1
    assert "Error: A password needs at least 10 characters." in result.output
    assert _accounts(database_url) == []


def test_users_create_with_two_different_passwords_asks_again(database_url: str) -> None:
    result = run(
        database_url,
        "users",
        "create",
        "ben",
        "--name",
        "Ben",
        input=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n",
    )

    assert result.exit_code == 0, result.output
    assert [a.login for a in _accounts(database_url)] == ["ben"]


@pytest.fixture
def url(database_url: str) -> str:
    """A database with the accounts ana (administrator) and ben."""
    database = Database(database_url)
    accounts = qualframe.open_accounts(database, user="setup")
    accounts.create("ana", "Ana Costa", PASSWORD, admin=True)
    accounts.create("ben", "Ben Okafor", PASSWORD)
    database.close()
    return database_url


def test_users_list_in_every_format(url: str) -> None:
    table = run(url, "users", "list")
    as_json = run(url, "users", "list", "--format", "json")
    as_csv = run(url, "users", "list", "--format", "csv")

    assert table.exit_code == as_json.exit_code == as_csv.exit_code == 0
    assert "Ana Costa" in table.output and "Ben Okafor" in table.output
    assert [row["login"] for row in json.loads(as_json.output)] == ["ana", "ben"]
    assert as_csv.output.splitlines()[0].startswith("id,login,display_name,is_admin")
    assert "argon2" not in table.output + as_json.output + as_csv.output


def test_users_reset_password_prints_a_one_time_password_that_works(url: str) -> None:
    old = _log_in(url, "ben", PASSWORD)

    result = run(url, "users", "reset-password", "ben")

    assert result.exit_code == 0, result.output
    password = result.output.split("(shown only now): ")[1].split()[0]
    assert _log_in(url, "ben", password).account.must_change_password
    database = Database(url)
    assert qualframe.open_accounts(database).resolve(old.token) is None
    database.close()


def test_users_disable_enable_and_logout(url: str) -> None:
    login = _log_in(url, "ben", PASSWORD)

    disabled = run(url, "users", "disable", "ben")
    assert disabled.exit_code == 0, disabled.output
    assert "Disabled ben (Ben Okafor); their sessions ended." in disabled.output
    with pytest.raises(qualframe.LoginFailedError):
        _log_in(url, "ben", PASSWORD)

    assert run(url, "users", "enable", "ben").exit_code == 0
    login = _log_in(url, "ben", PASSWORD)
    logout = run(url, "users", "logout", "ben")
    assert logout.exit_code == 0
    assert "Ended 1 session of ben." in logout.output
    database = Database(url)
    assert qualframe.open_accounts(database).resolve(login.token) is None
    database.close()


def test_users_disable_of_an_unknown_login_says_so(url: str) -> None:
    result = run(url, "users", "disable", "zed")

    assert result.exit_code == 1
    assert "There is no account with the login name 'zed'." in result.output
    assert not any(a.disabled for a in _accounts(url))
