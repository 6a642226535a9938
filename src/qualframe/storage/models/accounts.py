"""Accounts of a team server, their login sessions, project members and invitations.

An **account** is a person who logs in to a team server (``qualframe serve
--team``): a login name (lowercase, unique), the display name written on
their codings, memos and audit entries (unique too, so that two people's
work is never written under one name), and an argon2id hash of the
password (never the password: a constraint refuses anything that is not an
argon2id hash). An administrator manages accounts; a disabled account
cannot log in and its sessions end. Failed logins are counted per account
and lock it for a while (``locked_until``).

A **login session** is one browser's (or script's) login: only the SHA-256
of its random token is stored, so a copy of the database opens no session.
It ends when it expires, when its person logs out (everywhere: every
session of the account) or when the account is disabled.

A **project member** gives an account a role in one project
(:class:`~qualframe.vocabulary.ProjectRole`); an account that is not a
member sees nothing of the project. An **invitation** lets whoever holds
its link (only the token's SHA-256 is stored) join a project in a role,
once, before it expires, unless the owner revoked it.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from qualframe.storage.models import columns as col
from qualframe.storage.models.base import Base
from qualframe.vocabulary import ProjectRole

#: Longest login name, in characters.
LOGIN_CHARS = 64
#: Characters of a hex SHA-256 (a token's stored digest).
DIGEST_CHARS = 64


def _digest(column: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"length({column}) = {DIGEST_CHARS}", name=f"{column}_is_digest")


class Account(Base):
    """A person who logs in to a team server (see the module docstring)."""

    __tablename__ = "accounts"

    id: Mapped[col.IntPK]
    guid: Mapped[str] = col.guid_column()
    version: Mapped[int] = col.version_column()
    login: Mapped[str] = mapped_column(sa.String(LOGIN_CHARS), unique=True)
    display_name: Mapped[col.Name] = mapped_column(unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(col.Timestamp())
    disabled_at: Mapped[datetime | None] = mapped_column(col.Timestamp())
    created_at: Mapped[col.Moment]
    password_changed_at: Mapped[col.Moment]

    __table_args__ = (
        col.not_empty("login"),
        col.not_empty("display_name"),
        sa.CheckConstraint("login = lower(login)", name="login_lowercase"),
        # Only a hash is ever stored: an argon2id encoding, never the password.
        sa.CheckConstraint("password_hash LIKE '$argon2id$%'", name="password_is_argon2id"),
        sa.CheckConstraint("failed_logins >= 0", name="failed_logins_counted"),
        sa.UniqueConstraint("guid"),
        *col.version_constraints(),
    )
    __mapper_args__ = col.versioned_by(version)


class LoginSession(Base):
    """One login of an account: the SHA-256 of its token, when it started, was
    last used and expires, and what the browser said it was."""

    __tablename__ = "login_sessions"

    id: Mapped[col.IntPK]
    account_id: Mapped[int] = col.references("accounts.id")
    token_digest: Mapped[str] = mapped_column(sa.String(DIGEST_CHARS), unique=True)
    created_at: Mapped[col.Moment]
    last_seen_at: Mapped[col.Moment]
    expires_at: Mapped[datetime] = mapped_column(col.Timestamp())
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")

    __table_args__ = (
        _digest("token_digest"),
        sa.CheckConstraint("expires_at > created_at", name="expires_after_start"),
        sa.Index(None, "account_id"),
    )


class ProjectMember(Base):
    """An account's role in a project (one role per account and project)."""

    __tablename__ = "project_members"

    project_id: Mapped[int] = col.references("projects.id", primary_key=True)
    account_id: Mapped[int] = col.references("accounts.id", primary_key=True)
    role: Mapped[ProjectRole] = mapped_column(col.enum_column(ProjectRole, "project_role"))
    added_by: Mapped[col.Name]
    added_at: Mapped[col.Moment]

    __table_args__ = (sa.Index(None, "account_id"),)


class Invitation(Base):
    """An owner's invitation to join a project in a role (see the module docstring)."""

    __tablename__ = "invitations"

    id: Mapped[col.IntPK]
    project_id: Mapped[col.ProjectKey]
    token_digest: Mapped[str] = mapped_column(sa.String(DIGEST_CHARS), unique=True)
    role: Mapped[ProjectRole] = mapped_column(col.enum_column(ProjectRole, "invitation_role"))
    note: Mapped[col.Prose]
    created_by: Mapped[col.Name]
    created_at: Mapped[col.Moment]
    expires_at: Mapped[datetime] = mapped_column(col.Timestamp())
    accepted_by: Mapped[int | None] = col.references("accounts.id", on_delete="SET NULL")
    accepted_at: Mapped[datetime | None] = mapped_column(col.Timestamp())
    revoked_at: Mapped[datetime | None] = mapped_column(col.Timestamp())

    __table_args__ = (
        _digest("token_digest"),
        sa.CheckConstraint("expires_at > created_at", name="expires_after_creation"),
        # Accepted by somebody means accepted at some time (the account may go later).
        sa.CheckConstraint("accepted_by IS NULL OR accepted_at IS NOT NULL", name="accepted_when"),
        sa.CheckConstraint("accepted_at IS NULL OR revoked_at IS NULL", name="accepted_or_revoked"),
        sa.Index(None, "project_id"),
    )
