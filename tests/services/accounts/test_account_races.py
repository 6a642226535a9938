"""Accounts under concurrency and attack: locks, counters, clashes and races.

The races are made deterministic: a first transaction does its change and
stays open while a second one, in a thread, tries the clashing change. On
PostgreSQL the second waits for the row lock and then sees what the first
did; on SQLite, whose writers are serialised, it may instead be refused as
busy (:class:`BusyError`): nothing saved either way, never a database error.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from team_accounts import PASSWORD, as_account

import qualframe
from qualframe.api.accounts import AccountsAPI
from qualframe.errors import (
    BusyError,
    ConflictError,
    LoginFailedError,
    NotFoundError,
    PermissionDeniedError,
    UserError,
    ValidationError,
)
from qualframe.services.accounts import invitations, members
from qualframe.services.core import access
from qualframe.services.core.actor import Actor
from qualframe.storage import queries
from qualframe.storage.database import Database
from qualframe.storage.models import Account, ProjectMember
from qualframe.vocabulary import ProjectRole

MakeAccount = Callable[..., qualframe.AccountInfo]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FAILED = (
    r"^That login name and password do not match; "
    r"after five wrong passwords in a row an account waits a few minutes\.$"
)
NEW_PASSWORD = "another horse battery"


def _stored(database: Database, login: str) -> tuple[int, int]:
    """The stored failed-login count and version of an account."""
    with database.transaction() as session:
        account = session.scalar(select(Account).where(Account.login == login))
        assert account is not None
        return account.failed_logins, account.version


# -- the lock after failed logins -------------------------------------------------


def test_a_locked_account_answers_a_wrong_password_like_any_failed_login(
    accounts: AccountsAPI, make_account: MakeAccount, database: Database
) -> None:
    make_account("ana")
    for _ in range(5):
        with pytest.raises(LoginFailedError, match=FAILED):
            accounts.log_in("ana", "wrong password", now=NOW)
    locked = accounts.find("ana").locked_until

    # Who does not know the password learns nothing from the lock...
    with pytest.raises(LoginFailedError, match=FAILED):
        accounts.log_in("ana", "another guess", now=NOW + timedelta(seconds=10))
    with pytest.raises(LoginFailedError, match=FAILED):
        accounts.log_in("nobody", "another guess", now=NOW + timedelta(seconds=10))
    # ...nor from the right password while the lock lasts.
    with pytest.raises(LoginFailedError, match=FAILED):
        accounts.log_in("ana", PASSWORD, now=NOW + timedelta(seconds=10))

    assert accounts.find("ana").locked_until == locked == NOW + timedelta(minutes=1)
    assert _stored(database, "ana")[0] == 5


def test_a_failed_login_is_counted_without_moving_the_accounts_version(
    accounts: AccountsAPI, make_account: MakeAccount, database: Database
) -> None:
    make_account("ana")
    count, version = _stored(database, "ana")

    with pytest.raises(LoginFailedError, match=FAILED):
        accounts.log_in("ana", "wrong password", now=NOW)

    assert _stored(database, "ana") == (count + 1, version)


def test_concurrent_failed_logins_are_all_counted(
    accounts: AccountsAPI, make_account: MakeAccount, database: Database
) -> None:
    make_account("ana")
    errors: list[BaseException] = []

    def fail() -> None:
        try:
            accounts.log_in("ana", "wrong password", now=NOW)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=fail) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(errors) == 4
    assert all(re.match(FAILED, str(error)) for error in errors)
    assert _stored(database, "ana")[0] == 4


def test_a_wrong_current_password_counts_as_a_failed_login_and_locks(
    accounts: AccountsAPI, make_account: MakeAccount, database: Database
) -> None:
    ana = make_account("ana")
    for _ in range(5):
        with pytest.raises(ValidationError, match=r"^The current password is not right"):
            accounts.change_password(ana.id, "wrong password", NEW_PASSWORD)

    assert _stored(database, "ana")[0] == 5
    assert accounts.find("ana").locked_until is not None
    # Locked: even the right current password changes nothing now.
    with pytest.raises(ValidationError, match=r"^Too many wrong passwords: try again in 1 minutes"):
        accounts.change_password(ana.id, PASSWORD, NEW_PASSWORD)
    with pytest.raises(LoginFailedError, match=FAILED):
        accounts.log_in("ana", PASSWORD)
    with pytest.raises(LoginFailedError, match=FAILED):
        accounts.log_in("ana", NEW_PASSWORD)


# -- clashes of creation --------------------------------------------------------


def test_inserting_a_clashing_account_is_a_conflict_naming_the_clash(
    make_account: MakeAccount, database: Database
) -> None:
    ana = make_account("ana")
    hash_ = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"

    with database.transaction() as session:
        with pytest.raises(ConflictError, match=r"^The login name 'ana' is taken already\.$"):
            queries.accounts.add_account(
                session, Account(login="ana", display_name="Other", password_hash=hash_)
            )
        with pytest.raises(ConflictError, match=r"^The display name 'Ana' is taken already"):
            queries.accounts.add_account(
                session, Account(login="other", display_name="Ana", password_hash=hash_)
            )
        # The transaction is still usable, and holds nothing of the two.
        assert [a.login for a in queries.accounts.all_accounts(session)] == ["ana"]
    assert qualframe.open_accounts(database).find("ana").id == ana.id


def test_inserting_a_membership_twice_is_a_conflict_naming_the_member(
    database: Database, team: str
) -> None:
    owner = as_account(database, "olga")
    ann = qualframe.open_accounts(database).find("ann")

    with database.transaction() as session:
        twice = ProjectMember(
            project_id=owner.info.id, account_id=ann.id, role=ProjectRole.CODER, added_by="x"
        )
        with pytest.raises(ConflictError, match=r"^Ann \(ann\) is a member already"):
            queries.accounts.add_membership(session, twice, "Ann (ann)")
        assert queries.accounts.membership(session, owner.info.id, ann.id) is not None

    assert {m.login: m.role.value for m in owner.members.list()}["ann"] == "analyst"


# -- races ------------------------------------------------------------------------


def _refused_as(database: Database, *expected: type[UserError]) -> tuple[type[UserError], ...]:
    """What the second of two racing transactions may be refused with."""
    return expected if database.dialect == "postgresql" else (*expected, BusyError)


def _while_open(
    database: Database, first: Callable[[Session], object], second: Callable[[], None]
) -> BaseException | None:
    """Run ``first`` in a transaction and, while it is open, ``second`` in a
    thread; check ``second`` waits, commit ``first``: what ``second`` raised."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            second()
        except BaseException as error:
            raised.append(error)

    thread = threading.Thread(target=run)
    with database.transaction() as session:
        first(session)
        session.flush()
        thread.start()
        time.sleep(0.5)
        waited = thread.is_alive()
    thread.join(timeout=20)
    assert not thread.is_alive()
    if database.dialect == "postgresql":  # SQLite may refuse at once, as busy
        assert waited, "the second transaction did not wait for the first"
    return raised[0] if raised else None


def test_two_owners_demoting_each_other_at_once_leave_one_owner(
    database: Database, team: str
) -> None:
    owner = as_account(database, "olga")
    owner.members.set_role("ann", "owner")
    olga, ann = (qualframe.open_accounts(database).find(n) for n in ("olga", "ann"))
    project_id = owner.info.id

    def demote(actor: qualframe.AccountInfo, login: str) -> Callable[[], None]:
        def run() -> None:
            with database.transaction() as session:
                uow = access.open_unit(session, project_id, Actor(actor.display_name, actor.id))
                members.set_role(uow, login, "coder")

        return run

    def first(session: Session) -> None:
        uow = access.open_unit(session, project_id, Actor(olga.display_name, olga.id))
        members.set_role(uow, "ann", "coder")

    error = _while_open(database, first, demote(ann, "olga"))

    assert isinstance(error, _refused_as(database, ConflictError, PermissionDeniedError)), error
    roles = {m.login: m.role.value for m in owner.members.list()}
    assert (roles["olga"], roles["ann"]) == ("owner", "coder")


def test_an_invitation_accepted_twice_at_once_is_used_once(
    database: Database, team: str, accounts: AccountsAPI
) -> None:
    issued = as_account(database, "olga").members.invite("coder")
    nora, vic = accounts.find("nora"), accounts.find("vic")

    error = _while_open(
        database,
        lambda session: invitations.accept(session, issued.token, nora.id),
        lambda: accounts.accept(issued.token, vic.id),
    )

    assert isinstance(error, _refused_as(database, NotFoundError)), error
    assert isinstance(error, BusyError) or str(error) == invitations.UNUSABLE
    listed = as_account(database, "olga").members.invitations()
    assert [(i.state, i.accepted_by_name) for i in listed] == [("accepted", "Nora")]
    assert as_account(database, "vic").members.my_role() is ProjectRole.VIEWER


def test_an_invitation_accepted_while_it_is_revoked_stays_revoked(
    database: Database, team: str, accounts: AccountsAPI
) -> None:
    owner = as_account(database, "olga")
    issued = owner.members.invite("coder")
    nora = accounts.find("nora")

    olga = accounts.find("olga")

    def first(session: Session) -> None:
        uow = access.open_unit(session, owner.info.id, Actor(olga.display_name, olga.id))
        invitations.revoke(uow, issued.info.id)

    error = _while_open(database, first, lambda: accounts.accept(issued.token, nora.id))

    assert isinstance(error, _refused_as(database, NotFoundError)), error
    assert isinstance(error, BusyError) or str(error) == invitations.UNUSABLE
    assert [i.state for i in owner.members.invitations()] == ["revoked"]
    assert "nora" not in {m.login for m in owner.members.list()}
