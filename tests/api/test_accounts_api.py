"""The accounts and members from the Python API: the same rules as the web."""

from __future__ import annotations

import pytest

import qualframe
from qualframe.storage.database import Database

PASSWORD = "correct horse battery"


def test_open_accounts_takes_a_url_and_names_the_acting_user(database_url: str) -> None:
    accounts = qualframe.open_accounts(database_url, user="Root")
    try:
        created = accounts.create("ana", "Ana", PASSWORD)
        assert accounts.find("ana") == created
        assert accounts.get(created.id) == created
    finally:
        accounts.database.close()


def test_a_project_created_for_an_account_is_owned_and_listed_for_it(database: Database) -> None:
    qualframe.open_accounts(database).create("ana", "Ana", PASSWORD)

    project = qualframe.create_project("Study", database=database, account="ana")

    assert project.user == "Ana"
    assert project.role is qualframe.ProjectRole.OWNER
    table = project.members.table()
    assert list(table.columns[:4]) == ["account_id", "login", "display_name", "role"]
    assert table["login"].tolist() == ["ana"]
    assert [p.name for p in qualframe.list_projects(database=database, account="ana")] == ["Study"]
    assert project.activity()[0].actor == "Ana"


def test_an_unknown_account_is_named(database: Database) -> None:
    qualframe.create_project("Study", database=database, user="tester")

    with pytest.raises(qualframe.NotFoundError, match="no account with the login name 'zed'"):
        qualframe.open_project("Study", database=database, account="zed")


def test_a_failed_login_is_counted_though_it_raises(database: Database) -> None:
    accounts = qualframe.open_accounts(database)
    accounts.create("ana", "Ana", PASSWORD)

    for _ in range(5):
        with pytest.raises(qualframe.LoginFailedError):
            accounts.log_in("ana", "wrong password")

    assert accounts.find("ana").locked_until is not None
