"""The members of a project: who may work on it, in which role.

Every member sees the list; only an owner (or an unrestricted local
operator: the command line, a script) adds members, changes their roles and
removes them. A project always keeps at least one owner. Changes are
audited as ``member.add``, ``member.role`` and ``member.remove``.
"""

from __future__ import annotations

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.services.accounts.accounts import account_by_login
from qualframe.services.accounts.records import Member
from qualframe.services.core import access, audit
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import Account, ProjectMember
from qualframe.vocabulary import ProjectRole

_MANAGING = "managing the project's members"


def project_role(role: ProjectRole | str) -> ProjectRole:
    """``role`` as a :class:`ProjectRole` (its name in any case). Raises
    :class:`ValidationError` naming the roles for anything else. Pure."""
    if isinstance(role, ProjectRole):
        return role
    try:
        return ProjectRole(str(role).strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in ProjectRole)
        raise ValidationError(
            f"There is no role {str(role)[:40]!r}; the roles are {names}."
        ) from None


def members(uow: UnitOfWork) -> list[Member]:
    """The project's members, by display name. Reads only."""
    rows = queries.accounts.members_of(uow.session, uow.project_id)
    return [Member.of(member, account) for member, account in rows]


def my_role(uow: UnitOfWork) -> ProjectRole | None:
    """The acting account's role in the project (None for an unrestricted
    local operator, who acts without an account). Reads only."""
    return uow.role


def add_member(uow: UnitOfWork, login: str, role: ProjectRole | str) -> Member:
    """Make the account ``login`` a member in ``role``. Owners only.

    Raises :class:`~qualframe.errors.PermissionDeniedError` for anyone else,
    :class:`NotFoundError` for an unknown login, :class:`ValidationError` for
    an unknown role and :class:`ConflictError` when it is a member already
    (change its role instead); nothing is written then.
    """
    access.require(uow, ProjectRole.OWNER, _MANAGING)
    wanted = project_role(role)
    account = account_by_login(uow.session, login)
    existing = queries.accounts.membership(uow.session, uow.project_id, account.id)
    if existing is not None:
        raise ConflictError(
            f"{account.display_name} ({account.login}) is a member already, as "
            f"{ProjectRole(existing.role).value}; change their role instead."
        )
    member = ProjectMember(
        project_id=uow.project_id, account_id=account.id, role=wanted, added_by=uow.actor.name
    )
    # Added meanwhile by another owner: a ConflictError, not a database error.
    queries.accounts.add_membership(
        uow.session, member, f"{account.display_name} ({account.login})"
    )
    audit.record(
        uow,
        "member.add",
        "member",
        account.id,
        f"Added {account.display_name} ({account.login}) as {wanted.value}",
        {"login": account.login, "role": wanted.value},
    )
    uow.session.flush()
    return Member.of(member, account)


def set_role(uow: UnitOfWork, login: str, role: ProjectRole | str) -> Member:
    """Change a member's role. Owners only; the last owner stays an owner.

    Raises :class:`~qualframe.errors.PermissionDeniedError`,
    :class:`NotFoundError` (no such account, or not a member),
    :class:`ValidationError` (unknown role) and :class:`ConflictError`
    (demoting the last owner); nothing is written then.
    """
    access.require(uow, ProjectRole.OWNER, _MANAGING)
    wanted = project_role(role)
    member, account = _membership(uow, login)
    before = ProjectRole(member.role)
    if before == wanted:
        return Member.of(member, account)
    if before == ProjectRole.OWNER:
        _keep_an_owner(uow, account.display_name, "change their role")
    member.role = wanted
    audit.record(
        uow,
        "member.role",
        "member",
        account.id,
        f"Changed the role of {account.display_name} from {before.value} to {wanted.value}",
        {"login": account.login, "before": before.value, "after": wanted.value},
    )
    uow.session.flush()
    return Member.of(member, account)


def remove_member(uow: UnitOfWork, login: str) -> Member:
    """Remove a member from the project (their codings and memos stay, under
    their name). Owners only; the last owner cannot be removed.

    Raises :class:`~qualframe.errors.PermissionDeniedError`,
    :class:`NotFoundError` and :class:`ConflictError` (the last owner);
    nothing is written then. Returns the member as they were.
    """
    access.require(uow, ProjectRole.OWNER, _MANAGING)
    member, account = _membership(uow, login)
    removed = Member.of(member, account)
    if removed.role == ProjectRole.OWNER:
        _keep_an_owner(uow, account.display_name, "remove them")
    uow.session.delete(member)
    audit.record(
        uow,
        "member.remove",
        "member",
        account.id,
        f"Removed {account.display_name} ({account.login}) from the project",
        {"login": account.login, "role": removed.role.value},
    )
    uow.session.flush()
    return removed


def _membership(uow: UnitOfWork, login: str) -> tuple[ProjectMember, Account]:
    account = account_by_login(uow.session, login)
    member = queries.accounts.membership(uow.session, uow.project_id, account.id)
    if member is None:
        raise NotFoundError(f"{account.display_name} ({account.login}) is not a member.")
    return member, account


def _keep_an_owner(uow: UnitOfWork, name: str, doing: str) -> None:
    """Refuse to take away the project's last owner. The owners are counted
    under a lock (``FOR UPDATE``), so that two owners demoting or removing
    each other at once cannot both succeed: the second counts what the first
    left. Locks the owner rows until the transaction ends."""
    if len(queries.accounts.lock_owners(uow.session, uow.project_id)) <= 1:
        raise ConflictError(
            f"{name} is the project's only owner: make another member an owner before "
            f"you {doing}. Nothing was changed."
        )
