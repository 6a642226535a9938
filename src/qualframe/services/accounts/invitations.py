"""Invitations: a link that lets whoever holds it join a project in a role.

An owner creates one (:func:`invite`), whose token is shown once (only its
SHA-256 is stored); it can be accepted once, before it expires, unless the
owner revoked it. Accepting makes the account a member (an existing member
keeps the higher of their role and the invitation's). Audited as
``invitation.create``, ``invitation.revoke`` and (when accepted)
``member.add`` or ``member.role``.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.accounts import accounts, sessions
from qualframe.services.accounts.members import project_role
from qualframe.services.accounts.records import InvitationInfo, IssuedInvitation, LoginResult
from qualframe.services.accounts.sessions import token_digest
from qualframe.services.core import access, audit, text_rules
from qualframe.services.core.actor import Actor
from qualframe.services.core.field_limits import check_field
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import Invitation, ProjectMember
from qualframe.storage.models.base import as_utc, utc_now
from qualframe.vocabulary import ProjectRole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: The most days an invitation may stay open.
MAX_DAYS = 90
#: The one message for a link that cannot be used, whatever the reason.
UNUSABLE = (
    "This invitation link cannot be used: it is unknown, was used already, has expired "
    "or was withdrawn. Ask the project's owner for a new one."
)
_INVITING = "inviting people to the project"


def _info(session: Session, row: Invitation, now: datetime) -> InvitationInfo:
    name = None
    if row.accepted_by is not None:
        account = queries.accounts.account_by_id(session, row.accepted_by)
        name = account.display_name if account is not None else None
    project = queries.projects.project_by_id(session, row.project_id)
    return InvitationInfo.of(row, name, now, project.name if project is not None else "")


def invite(
    uow: UnitOfWork, role: ProjectRole | str, *, note: str = "", days: int = 7
) -> IssuedInvitation:
    """Create an invitation to join the project as ``role`` for ``days`` days
    (1 to 90), with an optional ``note``; owners only. Its token is returned
    once (only its digest is stored).

    Raises :class:`~qualframe.errors.PermissionDeniedError` for anyone but an
    owner and :class:`ValidationError` for an unknown role or days out of
    range; nothing is written then.
    """
    access.require(uow, ProjectRole.OWNER, _INVITING)
    wanted = project_role(role)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        raise ValidationError(f"An invitation stays open 1 to {MAX_DAYS} days, not {days!r}.")
    note = text_rules.normalised_text(note)
    check_field(note, "invitation's note")
    text_rules.check_text(note, "invitation's note")
    token = secrets.token_urlsafe(32)
    now = utc_now()
    row = Invitation(
        project_id=uow.project_id,
        token_digest=token_digest(token),
        role=wanted,
        note=note,
        created_by=uow.actor.name,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    uow.session.add(row)
    uow.session.flush()
    audit.record(
        uow,
        "invitation.create",
        "invitation",
        row.id,
        f"Invited someone to join as {wanted.value} (for {days} days)",
        {"role": wanted.value, "days": days, "note": note},
    )
    return IssuedInvitation(_info(uow.session, row, now), token)


def invitations(uow: UnitOfWork) -> list[InvitationInfo]:
    """The project's invitations, the latest first (never their tokens); owners
    only. Raises :class:`~qualframe.errors.PermissionDeniedError`. Reads only."""
    access.require(uow, ProjectRole.OWNER, _INVITING)
    now = utc_now()
    rows = queries.accounts.invitations_of(uow.session, uow.project_id)
    return [_info(uow.session, row, now) for row in rows]


def revoke(uow: UnitOfWork, invitation_id: int) -> InvitationInfo:
    """Withdraw an open invitation (its link stops working); owners only.

    Raises :class:`~qualframe.errors.PermissionDeniedError`,
    :class:`NotFoundError` for no such invitation in the project and
    :class:`ValidationError` for one accepted already. Revoking twice does
    nothing more.
    """
    access.require(uow, ProjectRole.OWNER, _INVITING)
    # Locked: an accept at the same time waits, or is waited for (and seen).
    row = queries.accounts.invitation_by_id(uow.session, uow.project_id, invitation_id, lock=True)
    if row is None:
        raise NotFoundError(f"There is no invitation with id {invitation_id} in this project.")
    if row.accepted_at is not None:
        raise ValidationError("That invitation was accepted already; remove the member instead.")
    now = utc_now()
    if row.revoked_at is None:
        row.revoked_at = now
        audit.record(
            uow,
            "invitation.revoke",
            "invitation",
            row.id,
            f"Withdrew an invitation to join as {ProjectRole(row.role).value}",
        )
        uow.session.flush()
    return _info(uow.session, row, now)


def _usable(session: Session, token: str, now: datetime, *, lock: bool = False) -> Invitation:
    """The invitation of ``token`` if it can be used; ``lock``: locked until the
    transaction ends (and read afresh), to use it up. Raises
    :class:`NotFoundError` (:data:`UNUSABLE`)."""
    digest = token_digest(token)
    row = queries.accounts.invitation_by_digest(session, digest, lock=lock) if token else None
    if (
        row is None
        or row.accepted_at is not None
        or row.revoked_at is not None
        or as_utc(row.expires_at) <= now
    ):
        raise NotFoundError(UNUSABLE)
    return row


def invitation_by_token(
    session: Session, token: str, *, now: datetime | None = None
) -> InvitationInfo:
    """The open invitation of ``token`` (to show "Join PROJECT as ROLE").
    Raises :class:`NotFoundError` with one message for an unknown, used,
    expired or revoked link. Reads only."""
    now = now or utc_now()
    return _info(session, _usable(session, token, now), now)


def accept(session: Session, token: str, account_id: int, *, now: datetime | None = None) -> int:
    """Accept the invitation of ``token`` for account ``account_id``: it becomes
    a member of the project in the invitation's role (a member already keeps
    the higher of the two) and the invitation is used up. Returns the
    project's id.

    Raises :class:`NotFoundError` with one message for an unknown, used,
    expired or revoked link, or an unknown or disabled account; nothing is
    written then.
    """
    now = now or utc_now()
    # Locked: two accepts (or an accept and a revoke) at once are serialised,
    # and the second finds the invitation used up (or withdrawn).
    row = _usable(session, token, now, lock=True)
    account = queries.accounts.account_by_id(session, account_id)
    if account is None or account.disabled_at is not None:
        raise NotFoundError(f"There is no account with id {account_id}.")
    offered = ProjectRole(row.role)
    # Not opened by access.open_unit: the account is not a member yet, and the
    # invitation is what allows it in (the owner's decision, made when inviting).
    uow = UnitOfWork(session, row.project_id, Actor(account.display_name, account.id))
    member = queries.accounts.membership(session, row.project_id, account.id)
    if member is None:
        joining = ProjectMember(
            project_id=row.project_id,
            account_id=account.id,
            role=offered,
            added_by=row.created_by,
            added_at=now,
        )
        queries.accounts.add_membership(
            session, joining, f"{account.display_name} ({account.login})"
        )
        audit.record(
            uow,
            "member.add",
            "member",
            account.id,
            f"{account.display_name} ({account.login}) joined as {offered.value} by invitation",
            {"login": account.login, "role": offered.value, "invitation": row.id},
        )
    elif not ProjectRole(member.role).includes(offered):
        before = ProjectRole(member.role).value
        member.role = offered
        audit.record(
            uow,
            "member.role",
            "member",
            account.id,
            f"{account.display_name} became {offered.value} (was {before}) by invitation",
            {"login": account.login, "before": before, "after": offered.value},
        )
    row.accepted_by = account.id
    row.accepted_at = now
    session.flush()
    return row.project_id


def join_as_new(
    session: Session,
    token: str,
    login: str,
    display_name: str,
    password: str,
    *,
    user_agent: str = "",
    now: datetime | None = None,
) -> tuple[int, LoginResult]:
    """Create an account and accept the invitation of ``token`` with it, then log
    it in: all in the caller's one transaction. Returns the project's id and
    the new login. The link is checked first, so nothing is hashed or
    written when it cannot be used. Audited as ``account.create`` (by the new
    display name) and ``member.add``.

    Raises :class:`NotFoundError` (:data:`UNUSABLE`) for an unusable link,
    and what :func:`~qualframe.services.accounts.accounts.create_account`
    raises for the login, display name or password; nothing is written then.
    """
    now = now or utc_now()
    _usable(session, token, now)
    name = text_rules.normalised_name(display_name)
    created = accounts.create_account(session, login, display_name, password, by=name or login)
    project_id = accept(session, token, created.id, now=now)
    result = sessions.log_in(session, created.login, password, user_agent=user_agent, now=now)
    return project_id, result
