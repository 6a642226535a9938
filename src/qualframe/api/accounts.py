"""The accounts of a team server, from Python: what ``qualframe users`` and the
web's login and administration pages do.

::

    accounts = qualframe.open_accounts("postgresql+psycopg://...")
    accounts.create("ana", "Ana Costa", password, admin=True)
    login = accounts.log_in("ana", password)       # a LoginResult: token, CSRF token
    accounts.resolve(login.token)                  # (AccountInfo, SessionInfo) or None
    one_time = accounts.reset_password("ana")      # shown once

Each call is one transaction on the server's database (not one project's),
recorded in the audit log as the acting ``user``. A failed login is
committed too (its count and the lock after too many), then raised.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from qualframe import config
from qualframe.errors import LoginFailedError, ValidationError
from qualframe.services.accounts import accounts, invitations, sessions
from qualframe.services.accounts.records import (
    AccountInfo,
    InvitationInfo,
    LoginResult,
    SessionInfo,
)
from qualframe.storage.database import Database

__all__ = ["AccountsAPI", "open_accounts"]

T = TypeVar("T")


class AccountsAPI:
    """The accounts, login sessions and invitation links of one database
    (see :mod:`qualframe.services.accounts`); ``user`` is who the audit log
    names for the changes made through it."""

    def __init__(self, database: Database, user: str) -> None:
        self.database = database
        self.user = user

    def _run(self, work: Callable[..., T], *args: object, **kwargs: object) -> T:
        with self.database.transaction() as session:
            return work(session, *args, **kwargs)

    def _by(self, by: str | None) -> str:
        return by or self.user

    def create(
        self,
        login: str,
        display_name: str,
        password: str,
        *,
        admin: bool = False,
        by: str | None = None,
        must_change_password: bool = False,
    ) -> AccountInfo:
        """Create an account (see :func:`~qualframe.services.accounts.accounts.create_account`);
        ``by``: who the audit log names (default: this API's user)."""
        return self._run(
            accounts.create_account,
            login,
            display_name,
            password,
            admin=admin,
            by=self._by(by),
            must_change_password=must_change_password,
        )

    def list(self) -> list[AccountInfo]:
        """Every account, by login name."""
        return self._run(accounts.list_accounts)

    def find(self, login: str) -> AccountInfo:
        """The account called ``login`` (:class:`~qualframe.errors.NotFoundError` if none)."""
        return self._run(accounts.find_account, login)

    def disable(self, login: str, *, by: str | None = None) -> AccountInfo:
        """Disable an account and end its sessions."""
        return self._run(accounts.disable_account, login, by=self._by(by))

    def enable(self, login: str, *, by: str | None = None) -> AccountInfo:
        """Enable a disabled (or locked) account."""
        return self._run(accounts.enable_account, login, by=self._by(by))

    def reset_password(self, login: str, *, by: str | None = None) -> str:
        """A new one-time password for the account (show it once); ends its sessions."""
        return self._run(accounts.reset_password, login, by=self._by(by))

    def set_display_name(
        self, login: str, display_name: str, *, by: str | None = None
    ) -> AccountInfo:
        """Rename an account."""
        return self._run(accounts.set_display_name, login, display_name, by=self._by(by))

    def get(self, account_id: int) -> AccountInfo:
        """The account with id ``account_id`` (:class:`~qualframe.errors.NotFoundError` if none)."""
        return self._run(accounts.get_account, account_id)

    def change_password(
        self, account_id: int, current: str, new: str, *, keep_session: int | None = None
    ) -> AccountInfo:
        """Change an account's own password (ends its other sessions). A refusal
        is committed, then raised: a wrong current password is counted as a
        failed login (the service writes nothing else before refusing)."""
        refused: ValidationError | None = None
        with self.database.transaction() as session:
            try:
                return accounts.change_password(
                    session, account_id, current, new, keep_session=keep_session
                )
            except ValidationError as error:
                refused = error
        raise refused

    def has_admin(self) -> bool:
        """Whether the server has an administrator (not disabled)."""
        return self._run(accounts.has_admin)

    def log_in(
        self, login: str, password: str, *, user_agent: str = "", now: datetime | None = None
    ) -> LoginResult:
        """Log in (see :func:`~qualframe.services.accounts.sessions.log_in`); a
        failure is committed (counted, perhaps locking the account), then raised."""
        failed: LoginFailedError | None = None
        with self.database.transaction() as session:
            try:
                return sessions.log_in(session, login, password, user_agent=user_agent, now=now)
            except LoginFailedError as error:
                failed = error
        raise failed

    def resolve(
        self, token: str, *, now: datetime | None = None
    ) -> tuple[AccountInfo, SessionInfo] | None:
        """The account and session of a token, or None (unknown, expired, idle, disabled)."""
        return self._run(sessions.resolve, token, now=now)

    def log_out(self, token: str) -> bool:
        """End the session of ``token``."""
        return self._run(sessions.log_out, token)

    def log_out_everywhere(self, account_id: int) -> int:
        """End every session of an account; returns how many."""
        return self._run(sessions.log_out_everywhere, account_id)

    def sessions(
        self, account_id: int, current_token: str | None = None
    ) -> builtins.list[SessionInfo]:
        """An account's sessions, the latest first."""
        return self._run(sessions.list_sessions, account_id, current_token)

    def invitation(self, token: str) -> InvitationInfo:
        """The open invitation of a link's token
        (:class:`~qualframe.errors.NotFoundError` if unusable)."""
        return self._run(invitations.invitation_by_token, token)

    def accept(self, token: str, account_id: int) -> int:
        """Accept an invitation for an account; returns the project's id."""
        return self._run(invitations.accept, token, account_id)

    def join_as_new(
        self,
        token: str,
        login: str,
        display_name: str,
        password: str,
        *,
        user_agent: str = "",
    ) -> tuple[int, LoginResult]:
        """Create an account, accept an invitation with it and log it in, in one
        transaction (see :func:`~qualframe.services.accounts.invitations.join_as_new`);
        returns the project's id and the login."""
        return self._run(
            invitations.join_as_new, token, login, display_name, password, user_agent=user_agent
        )

    def __repr__(self) -> str:
        return f"<AccountsAPI of {self.database.dialect}>"


def open_accounts(
    database: str | Database | None = None, *, user: str | None = None
) -> AccountsAPI:
    """The accounts of a database (default: the configured one), changes
    recorded as made by ``user`` (default: the configured user)."""
    if isinstance(database, Database):
        db = database
    else:
        url = config.resolve("database", database)
        assert url is not None  # the setting has a default
        db = Database(url)
    return AccountsAPI(db, user or config.resolve("user") or "administrator")
