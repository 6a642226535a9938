"""The records the accounts area returns: accounts, login sessions, members,
invitations (never an ORM object, never a password or a hash)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from qualframe.storage.models import Account, Invitation, LoginSession, ProjectMember
from qualframe.storage.models.base import as_utc
from qualframe.vocabulary import ProjectRole

#: What became of an invitation.
InvitationState = Literal["open", "accepted", "expired", "revoked"]


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else as_utc(moment)


@dataclass(frozen=True)
class AccountInfo:
    """An account as shown: ``disabled`` whether it may not log in,
    ``locked_until`` the end of a lock after failed logins (UTC; None: not locked)."""

    id: int
    login: str
    display_name: str
    is_admin: bool
    disabled: bool
    must_change_password: bool
    created_at: datetime
    locked_until: datetime | None

    @classmethod
    def of(cls, account: Account) -> AccountInfo:
        """The record of a stored account."""
        return cls(
            account.id,
            account.login,
            account.display_name,
            bool(account.is_admin),
            account.disabled_at is not None,
            bool(account.must_change_password),
            as_utc(account.created_at),
            _utc(account.locked_until),
        )


@dataclass(frozen=True)
class SessionInfo:
    """One login session of an account; ``current`` whether it is the one asking."""

    id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    user_agent: str
    current: bool

    @classmethod
    def of(cls, row: LoginSession, *, current: bool = False) -> SessionInfo:
        """The record of a stored login session."""
        return cls(
            row.id,
            as_utc(row.created_at),
            as_utc(row.last_seen_at),
            as_utc(row.expires_at),
            row.user_agent,
            current,
        )


@dataclass(frozen=True)
class Member:
    """A member of a project: its account, role, who added it and when."""

    account_id: int
    login: str
    display_name: str
    role: ProjectRole
    added_by: str
    added_at: datetime

    @classmethod
    def of(cls, member: ProjectMember, account: Account) -> Member:
        """The record of a stored membership and its account."""
        return cls(
            account.id,
            account.login,
            account.display_name,
            ProjectRole(member.role),
            member.added_by,
            as_utc(member.added_at),
        )


@dataclass(frozen=True)
class InvitationInfo:
    """An invitation to a project (never its token): ``accepted_by_name`` the
    display name of whoever accepted it; ``state`` what became of it;
    ``project_name`` the project's name (for the invitation page, which a
    visitor not yet a member sees)."""

    id: int
    project_id: int
    role: ProjectRole
    note: str
    created_by: str
    created_at: datetime
    expires_at: datetime
    accepted_by_name: str | None
    accepted_at: datetime | None
    revoked_at: datetime | None
    state: InvitationState
    project_name: str = ""

    @classmethod
    def of(
        cls,
        row: Invitation,
        accepted_by_name: str | None,
        now: datetime,
        project_name: str = "",
    ) -> InvitationInfo:
        """The record of a stored invitation, its state as of ``now``."""
        state: InvitationState
        if row.accepted_at is not None:
            state = "accepted"
        elif row.revoked_at is not None:
            state = "revoked"
        elif as_utc(row.expires_at) <= now:
            state = "expired"
        else:
            state = "open"
        return cls(
            row.id,
            row.project_id,
            ProjectRole(row.role),
            row.note,
            row.created_by,
            as_utc(row.created_at),
            as_utc(row.expires_at),
            accepted_by_name,
            _utc(row.accepted_at),
            _utc(row.revoked_at),
            state,
            project_name,
        )


@dataclass(frozen=True)
class LoginResult:
    """A successful login: the account, the session token (shown to the
    browser once, as a cookie), its CSRF token and when it expires."""

    account: AccountInfo
    token: str
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation and its token (shown once: only its digest is stored)."""

    info: InvitationInfo
    token: str

    @property
    def link_path(self) -> str:
        """The path of the invitation's link on the server (``/invite/<token>``)."""
        return f"/invite/{self.token}"
