"""Queries over ``accounts``, ``login_sessions``, ``project_members`` and ``invitations``.

Only rows are read and written here; the rules (who may log in, who may add
a member, when a session ends) are the services' (``services/accounts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from qualframe.errors import ConflictError
from qualframe.storage.models import Account, Invitation, LoginSession, Project, ProjectMember
from qualframe.vocabulary import ProjectRole

T = TypeVar("T")

# -- accounts ---------------------------------------------------------------


def all_accounts(session: Session) -> Sequence[Account]:
    """Every account, by login name."""
    return session.scalars(select(Account).order_by(Account.login)).all()


def account_by_login(session: Session, login: str) -> Account | None:
    """The account with login name ``login`` (already lowercased), if any."""
    return session.scalar(select(Account).where(Account.login == login))


def account_by_id(session: Session, account_id: int) -> Account | None:
    """The account with id ``account_id``, if any."""
    return session.get(Account, account_id)


def account_named(session: Session, display_name: str) -> Account | None:
    """The account whose display name is ``display_name``, if any."""
    return session.scalar(select(Account).where(Account.display_name == display_name))


def add_account(session: Session, account: Account) -> None:
    """Store a new account (the caller checked its login and display name are
    free). Under a savepoint: when another transaction took the login or the
    display name meanwhile, raises :class:`ConflictError` naming which, and
    the transaction stays usable with nothing of the account written."""
    try:
        with _savepoint(session):
            session.add(account)
            session.flush()
    except IntegrityError:
        if account_by_login(session, account.login) is not None:
            raise ConflictError(f"The login name {account.login!r} is taken already.") from None
        if account_named(session, account.display_name) is not None:
            raise ConflictError(
                f"The display name {account.display_name!r} is taken already by another account."
            ) from None
        raise  # not a clash of names: a real error


def _savepoint(session: Session) -> SessionTransaction:
    """A savepoint of the session's transaction (begun first on SQLite, whose
    driver begins one only at the first write: a savepoint taken before would
    begin one of its own, committed at its release, apart from the rest)."""
    _begin_sqlite(session, "BEGIN")
    return session.begin_nested()


def _begin_sqlite(session: Session, begin: str) -> None:
    """On SQLite, begin the session's transaction with ``begin`` unless it has
    begun (with its first write: it holds the write lock then)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        if driver is not None and not driver.in_transaction:
            connection.exec_driver_sql(begin)


def _for_update(session: Session, query: Select[T]) -> Select[T]:
    """``query`` locking its rows until the transaction ends (``FOR UPDATE``),
    read afresh when already loaded (with what the lock waited for). SQLite
    has no row locks: the transaction takes the database's write lock
    instead (``BEGIN IMMEDIATE``), before reading, with the same effect."""
    _begin_sqlite(session, "BEGIN IMMEDIATE")
    return query.with_for_update().execution_options(populate_existing=True)


def count_failed_login(session: Session, account_id: int) -> int:
    """Add one to an account's failed logins in one atomic UPDATE (not moving
    its version: concurrent failures are all counted, none refused as a
    conflict); returns the new count."""
    statement = (
        update(Account)
        .where(Account.id == account_id)
        .values(failed_logins=Account.failed_logins + 1)
        .returning(Account.failed_logins)
        .execution_options(synchronize_session=False)
    )
    count = int(session.execute(statement).scalar_one())
    _refresh(session, account_id)
    return count


def lock_account(session: Session, account_id: int, until: datetime) -> None:
    """Lock an account until ``until`` (not moving its version)."""
    statement = (
        update(Account)
        .where(Account.id == account_id)
        .values(locked_until=until)
        .execution_options(synchronize_session=False)
    )
    session.execute(statement)
    _refresh(session, account_id)


def _refresh(session: Session, account_id: int) -> None:
    # A loaded account must not keep (and later write back) the values before.
    loaded = session.get(Account, account_id)
    if loaded is not None:
        session.expire(loaded, ["failed_logins", "locked_until"])


def admin_count(session: Session) -> int:
    """How many administrators are not disabled."""
    query = select(func.count()).where(Account.is_admin, Account.disabled_at.is_(None))
    return int(session.scalar(query.select_from(Account)) or 0)


# -- login sessions -----------------------------------------------------------


def session_by_digest(session: Session, digest: str) -> LoginSession | None:
    """The login session whose token has SHA-256 ``digest``, if any."""
    return session.scalar(select(LoginSession).where(LoginSession.token_digest == digest))


def sessions_of(session: Session, account_id: int) -> Sequence[LoginSession]:
    """The login sessions of an account, the latest started first."""
    query = select(LoginSession).where(LoginSession.account_id == account_id)
    return session.scalars(query.order_by(LoginSession.created_at.desc(), LoginSession.id)).all()


def end_sessions(session: Session, account_id: int, *, keep: int | None = None) -> int:
    """Delete an account's login sessions (all but the one with id ``keep``);
    returns how many ended."""
    statement = delete(LoginSession).where(LoginSession.account_id == account_id)
    if keep is not None:
        statement = statement.where(LoginSession.id != keep)
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]


def end_sessions_before(session: Session, expired_at: datetime, idle_since: datetime) -> int:
    """Delete the login sessions that expired by ``expired_at`` or were last used
    before ``idle_since``; returns how many ended."""
    statement = delete(LoginSession).where(
        or_(LoginSession.expires_at <= expired_at, LoginSession.last_seen_at < idle_since)
    )
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]


# -- project members ----------------------------------------------------------


def membership(session: Session, project_id: int, account_id: int) -> ProjectMember | None:
    """An account's membership of a project, if it is a member."""
    return session.get(ProjectMember, (project_id, account_id))


def members_of(session: Session, project_id: int) -> Sequence[tuple[ProjectMember, Account]]:
    """A project's members with their accounts, by display name."""
    query = (
        select(ProjectMember, Account)
        .join(Account, Account.id == ProjectMember.account_id)
        .where(ProjectMember.project_id == project_id)
        .order_by(Account.display_name)
    )
    return [(member, account) for member, account in session.execute(query).all()]


def add_membership(session: Session, member: ProjectMember, display_name: str) -> None:
    """Store a new membership (the caller checked there is none). Under a
    savepoint: when another transaction added the same member meanwhile,
    raises :class:`ConflictError` naming ``display_name``, and the
    transaction stays usable with nothing of it written."""
    try:
        with _savepoint(session):
            session.add(member)
            session.flush()
    except IntegrityError:
        if membership(session, member.project_id, member.account_id) is None:
            raise  # not the one-membership rule: a real error
        raise ConflictError(
            f"{display_name} is a member already (added meanwhile); change their role instead."
        ) from None


def lock_owners(session: Session, project_id: int) -> Sequence[ProjectMember]:
    """A project's owner memberships, locked (``FOR UPDATE``) until the end of
    the transaction and read afresh: two owners demoting or removing each
    other at once are serialised, so the second one counts what the first
    left. (On SQLite the transaction takes the write lock instead.)"""
    query = (
        select(ProjectMember)
        .where(ProjectMember.project_id == project_id, ProjectMember.role == ProjectRole.OWNER)
        .order_by(ProjectMember.account_id)
    )
    return session.scalars(_for_update(session, query)).all()


def owner_count(session: Session, project_id: int) -> int:
    """How many owners a project has."""
    query = select(func.count()).select_from(ProjectMember)
    query = query.where(
        ProjectMember.project_id == project_id, ProjectMember.role == ProjectRole.OWNER
    )
    return int(session.scalar(query) or 0)


def member_project(session: Session, project_id: int, account_id: int) -> Project | None:
    """Project ``project_id`` if account ``account_id`` is a member of it and
    not disabled, else None: one query, the same for a missing project and
    for a non-member's."""
    query = (
        select(Project)
        .join(ProjectMember, ProjectMember.project_id == Project.id)
        .join(Account, Account.id == ProjectMember.account_id)
        .where(
            Project.id == project_id,
            ProjectMember.account_id == account_id,
            Account.disabled_at.is_(None),
        )
    )
    return session.scalar(query)


def projects_of(session: Session, account_id: int) -> Sequence[Project]:
    """The projects an account is a member of, by name."""
    query = (
        select(Project)
        .join(ProjectMember, ProjectMember.project_id == Project.id)
        .where(ProjectMember.account_id == account_id)
        .order_by(Project.name)
    )
    return session.scalars(query).all()


# -- invitations --------------------------------------------------------------


def invitations_of(session: Session, project_id: int) -> Sequence[Invitation]:
    """A project's invitations, the latest first."""
    query = select(Invitation).where(Invitation.project_id == project_id)
    return session.scalars(query.order_by(Invitation.created_at.desc(), Invitation.id.desc())).all()


def invitation_by_digest(session: Session, digest: str, *, lock: bool = False) -> Invitation | None:
    """The invitation whose token has SHA-256 ``digest``, if any. ``lock``:
    locked (``FOR UPDATE``) until the end of the transaction and read afresh,
    so that an accept and a revoke (or two accepts) are serialised and the
    second sees what the first did."""
    query = select(Invitation).where(Invitation.token_digest == digest)
    return session.scalar(_for_update(session, query) if lock else query)


def invitation_by_id(
    session: Session, project_id: int, invitation_id: int, *, lock: bool = False
) -> Invitation | None:
    """The project's invitation with id ``invitation_id``, if any; ``lock`` as
    for :func:`invitation_by_digest`."""
    query = select(Invitation).where(
        Invitation.id == invitation_id, Invitation.project_id == project_id
    )
    return session.scalar(_for_update(session, query) if lock else query)
