"""Creating, renaming, disabling, enabling accounts; resetting and changing passwords."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from team_accounts import PASSWORD

import qualframe
from qualframe.api.accounts import AccountsAPI
from qualframe.errors import ConflictError, LoginFailedError, NotFoundError, ValidationError
from qualframe.storage.database import Database
from qualframe.storage.models import AuditEntry

MakeAccount = Callable[..., qualframe.AccountInfo]


def _server_audit(database: Database) -> list[tuple[str, str]]:
    with database.transaction() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.project_id.is_(None)))
        return [(row.actor, row.action) for row in rows]


def test_create_account_lowercases_the_login_and_audits_without_the_password(
    accounts: AccountsAPI, database: Database
) -> None:
    created = accounts.create("  Ana.Costa ", "Ana  Costa", PASSWORD, admin=True)

    assert (created.login, created.display_name, created.is_admin) == (
        "ana.costa",
        "Ana Costa",
        True,
    )
    assert accounts.find("ANA.COSTA") == created
    assert accounts.has_admin()
    assert _server_audit(database) == [("admin", "account.create")]


@pytest.mark.parametrize("login", ["", "-ana", "ana costa", "ana@example.org", "a" * 65, "ána"])
def test_a_malformed_login_name_is_refused_and_nothing_written(
    accounts: AccountsAPI, database: Database, login: str
) -> None:
    with pytest.raises(ValidationError, match="is not valid: use 1 to 64 lowercase letters"):
        accounts.create(login, "Ana", PASSWORD)

    assert accounts.list() == []
    assert _server_audit(database) == []


def test_a_taken_login_or_display_name_is_a_clear_conflict(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    make_account("ana")
    before = accounts.list()

    with pytest.raises(ConflictError, match="The login name 'ana' is taken already"):
        accounts.create("ANA", "Someone", PASSWORD)
    with pytest.raises(ConflictError, match="The display name 'Ana' is taken already"):
        accounts.create("ana2", "Ana", PASSWORD)

    assert accounts.list() == before
    assert not accounts.has_admin()


def test_set_display_name_renames_and_refuses_a_clash(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    make_account("ana")
    make_account("ben")

    assert accounts.set_display_name("ana", "Ana Costa").display_name == "Ana Costa"
    with pytest.raises(ConflictError, match="'Ben'"):
        accounts.set_display_name("ana", "Ben")
    assert accounts.find("ana").display_name == "Ana Costa"


def test_unknown_login_is_named(accounts: AccountsAPI) -> None:
    with pytest.raises(NotFoundError, match="There is no account with the login name 'zed'"):
        accounts.disable("zed")


def test_disable_ends_sessions_and_refuses_login_with_the_wrong_password_message(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    make_account("ana")
    login = accounts.log_in("ana", PASSWORD)

    disabled = accounts.disable("ana")

    assert disabled.disabled
    assert accounts.resolve(login.token) is None
    with pytest.raises(LoginFailedError, match=r"^That login name and password do not match; "):
        accounts.log_in("ana", PASSWORD)
    accounts.enable("ana")
    assert accounts.log_in("ana", PASSWORD).account.login == "ana"


def test_the_only_administrator_cannot_be_disabled(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    make_account("root", admin=True)

    with pytest.raises(ConflictError, match="'root' is the only administrator"):
        accounts.disable("root")

    assert not accounts.find("root").disabled


def test_reset_password_gives_a_one_time_password_and_ends_every_session(
    accounts: AccountsAPI, make_account: MakeAccount, database: Database
) -> None:
    make_account("ana")
    sessions = [accounts.log_in("ana", PASSWORD) for _ in range(2)]

    one_time = accounts.reset_password("ana")

    assert all(accounts.resolve(s.token) is None for s in sessions)
    with pytest.raises(LoginFailedError):
        accounts.log_in("ana", PASSWORD)
    login = accounts.log_in("ana", one_time)
    assert login.account.must_change_password
    assert ("admin", "account.reset_password") in _server_audit(database)
    assert all(one_time not in str(entry) for entry in _server_audit(database))


def test_change_password_checks_the_current_one_and_keeps_only_this_session(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    ana = make_account("ana")
    here, elsewhere = accounts.log_in("ana", PASSWORD), accounts.log_in("ana", PASSWORD)
    found = accounts.resolve(here.token)
    assert found is not None

    with pytest.raises(ValidationError, match="The current password is not right"):
        accounts.change_password(ana.id, "wrong password", "a brand new password")
    assert accounts.resolve(elsewhere.token) is not None

    changed = accounts.change_password(
        ana.id, PASSWORD, "a brand new password", keep_session=found[1].id
    )

    assert not changed.must_change_password
    assert accounts.resolve(here.token) is not None
    assert accounts.resolve(elsewhere.token) is None
    assert accounts.log_in("ana", "a brand new password").account.id == ana.id


def test_change_password_refuses_a_new_password_breaking_a_rule(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    ana = make_account("ana")

    with pytest.raises(ValidationError, match="at least 10 characters"):
        accounts.change_password(ana.id, PASSWORD, "short")
    with pytest.raises(ValidationError, match="must differ"):
        accounts.change_password(ana.id, PASSWORD, PASSWORD)

    assert accounts.log_in("ana", PASSWORD).account.id == ana.id


def test_an_account_made_with_a_one_time_password_must_change_it(accounts: AccountsAPI) -> None:
    created = accounts.create("ana", "Ana", PASSWORD, must_change_password=True)

    assert created.must_change_password
    assert accounts.log_in("ana", PASSWORD).account.must_change_password


def test_looking_up_a_login_holding_a_nul_says_there_is_none(accounts: AccountsAPI) -> None:
    with pytest.raises(NotFoundError, match="There is no account with the login name"):
        accounts.find("ana\x00")
