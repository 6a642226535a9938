"""Logging in and out: one message for every failure, the lock, expiry, CSRF tokens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from team_accounts import PASSWORD

import qualframe
from qualframe.api.accounts import AccountsAPI
from qualframe.errors import LoginFailedError
from qualframe.services.accounts import sessions
from qualframe.storage.database import Database

MakeAccount = Callable[..., qualframe.AccountInfo]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FAILED = (
    r"^That login name and password do not match; "
    r"after five wrong passwords in a row an account waits a few minutes\.$"
)


def test_log_in_gives_a_token_stored_only_as_its_digest(
    accounts: AccountsAPI, make_account: MakeAccount, database: Database
) -> None:
    make_account("ana")

    login = accounts.log_in("ANA", PASSWORD, user_agent="Firefox")

    assert login.account.login == "ana"
    assert login.csrf_token == sessions.csrf_token(login.token) != login.token
    with database.transaction() as session:
        from qualframe.storage.models import LoginSession

        stored = session.query(LoginSession).one()
        assert stored.token_digest == sessions.token_digest(login.token)
        assert login.token not in stored.token_digest
    listed = accounts.sessions(login.account.id, login.token)
    assert [(s.user_agent, s.current) for s in listed] == [("Firefox", True)]


def test_an_unknown_login_and_a_wrong_password_get_the_same_message(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    make_account("ana")

    with pytest.raises(LoginFailedError, match=FAILED):
        accounts.log_in("nobody", PASSWORD)
    with pytest.raises(LoginFailedError, match=FAILED):
        accounts.log_in("ana", "not the password")

    assert accounts.sessions(accounts.find("ana").id) == []


def test_five_failures_lock_the_account_even_for_the_right_password(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    make_account("ana")
    for _ in range(5):
        with pytest.raises(LoginFailedError, match=FAILED):
            accounts.log_in("ana", "wrong password", now=NOW)

    with pytest.raises(LoginFailedError, match=FAILED):
        accounts.log_in("ana", PASSWORD, now=NOW + timedelta(seconds=10))

    assert accounts.find("ana").locked_until == NOW + timedelta(minutes=1)
    # After the lock, one more failure locks for twice as long.
    with pytest.raises(LoginFailedError, match=FAILED):
        accounts.log_in("ana", "wrong password", now=NOW + timedelta(minutes=2))
    assert accounts.find("ana").locked_until == NOW + timedelta(minutes=4)
    # A success after the lock resets the count.
    assert accounts.log_in("ana", PASSWORD, now=NOW + timedelta(minutes=5)).account.login == "ana"
    assert accounts.find("ana").locked_until is None


def test_the_lock_doubles_to_at_most_fifteen_minutes(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    make_account("ana")
    moment = NOW
    for _ in range(12):
        with pytest.raises(LoginFailedError):
            accounts.log_in("ana", "wrong password", now=moment)
        moment += timedelta(minutes=20)  # past any lock

    locked = accounts.find("ana").locked_until
    assert locked == moment - timedelta(minutes=20) + timedelta(minutes=15)


def test_a_session_expires_after_twelve_hours_even_when_used(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    make_account("ana")
    login = accounts.log_in("ana", PASSWORD, now=NOW)

    for hour in range(1, 12):
        assert accounts.resolve(login.token, now=NOW + timedelta(hours=hour)) is not None
    assert accounts.resolve(login.token, now=NOW + timedelta(hours=12)) is None
    assert accounts.sessions(login.account.id) == []


def test_a_session_unused_for_two_hours_ends(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    make_account("ana")
    login = accounts.log_in("ana", PASSWORD, now=NOW)

    found = accounts.resolve(login.token, now=NOW + timedelta(minutes=119))
    assert found is not None and found[1].last_seen_at == NOW + timedelta(minutes=119)
    assert accounts.resolve(login.token, now=NOW + timedelta(minutes=200)) is not None
    assert accounts.resolve(login.token, now=NOW + timedelta(minutes=321)) is None


def test_last_seen_is_written_at_most_every_five_minutes(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    make_account("ana")
    login = accounts.log_in("ana", PASSWORD, now=NOW)

    found = accounts.resolve(login.token, now=NOW + timedelta(minutes=4))

    assert found is not None and found[1].last_seen_at == NOW


def test_log_out_ends_one_session_and_log_out_everywhere_all(
    accounts: AccountsAPI, make_account: MakeAccount
) -> None:
    ana = make_account("ana")
    first, second, third = (accounts.log_in("ana", PASSWORD) for _ in range(3))

    assert accounts.log_out(first.token)
    assert not accounts.log_out(first.token)
    assert accounts.resolve(first.token) is None
    assert accounts.resolve(second.token) is not None

    assert accounts.log_out_everywhere(ana.id) == 2
    assert accounts.resolve(second.token) is None and accounts.resolve(third.token) is None


def test_unknown_and_empty_tokens_resolve_to_nobody(accounts: AccountsAPI) -> None:
    assert accounts.resolve("") is None
    assert accounts.resolve("not-a-token") is None


def test_end_expired_removes_only_ended_sessions(
    accounts: AccountsAPI, make_account: MakeAccount, database: Database
) -> None:
    make_account("ana")
    old = accounts.log_in("ana", PASSWORD, now=NOW - timedelta(days=1))
    fresh = accounts.log_in("ana", PASSWORD, now=NOW)

    with database.transaction() as session:
        assert sessions.end_expired(session, NOW + timedelta(minutes=1)) == 1

    assert accounts.resolve(fresh.token, now=NOW + timedelta(minutes=1)) is not None
    assert accounts.resolve(old.token, now=NOW + timedelta(minutes=1)) is None


def test_the_csrf_token_is_pure_and_differs_per_session() -> None:
    assert sessions.csrf_token("a") == sessions.csrf_token("a")
    assert sessions.csrf_token("a") != sessions.csrf_token("b")
    assert len(sessions.csrf_token("a")) == 64


@pytest.mark.parametrize("login", ["ana\x00", "a" * 300, "ana costa", "\ud800"])
def test_a_login_name_no_account_can_have_is_refused_with_the_one_message(
    accounts: AccountsAPI, make_account: MakeAccount, login: str
) -> None:
    make_account("ana")

    with pytest.raises(LoginFailedError, match=FAILED):
        accounts.log_in(login, PASSWORD)

    assert accounts.find("ana").locked_until is None
