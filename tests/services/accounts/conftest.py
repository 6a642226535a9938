"""Fixtures of the accounts tests: a database with accounts and a project."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from team_accounts import PASSWORD

import qualframe
from qualframe.api.accounts import AccountsAPI, open_accounts
from qualframe.storage.database import Database


@pytest.fixture
def accounts(database: Database) -> AccountsAPI:
    """The accounts of the test database, changes made by "admin"."""
    return open_accounts(database, user="admin")


@pytest.fixture
def make_account(accounts: AccountsAPI) -> Callable[..., qualframe.AccountInfo]:
    """Create an account ``login`` (display name: the login titled), password :data:`PASSWORD`."""

    def make(login: str, *, admin: bool = False) -> qualframe.AccountInfo:
        return accounts.create(login, login.title(), PASSWORD, admin=admin)

    return make


@pytest.fixture
def team(database: Database, make_account: Callable[..., qualframe.AccountInfo]) -> str:
    """A project "Team study" owned by "olga", with "ann" analyst, "cody" coder,
    "vic" viewer, and "nora" an account but not a member. Returns the name."""
    for login in ("olga", "ann", "cody", "vic", "nora"):
        make_account(login)
    project = qualframe.create_project("Team study", database=database, account="olga")
    for login, role in (("ann", "analyst"), ("cody", "coder"), ("vic", "viewer")):
        project.members.add(login, role)
    return "Team study"
