"""A project's members and invitations in the JSON API.

Every member may list the members; only an owner may add, change or
remove them and create, list or revoke invitations (403 otherwise). A
project keeps at least one owner (409 for removing or demoting the last
one). An invitation's token is in the answer that creates it, and never
again: only its hash is stored.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path as PathParam
from pydantic import BaseModel, Field

from qualframe.services.accounts.records import InvitationInfo, Member
from qualframe.vocabulary import ProjectRole
from qualframe.web.members.view import (
    DEFAULT_DAYS,
    MAX_DAYS,
    check_role_unchanged,
    invitation_path,
    member_by_account,
)
from qualframe.web.server.dependencies import ProjectDep

router = APIRouter(tags=["members"])

#: A member named in the path, by account id.
AccountId = Annotated[int, PathParam(description="The member's account id.", ge=1)]
#: An invitation named in the path, by id.
InvitationId = Annotated[int, PathParam(description="The invitation's id.", ge=1)]


class NewMember(BaseModel):
    """An existing account to add to the project."""

    login: str = Field(description="The account's login name.", max_length=64)
    role: ProjectRole


class RoleChange(BaseModel):
    """A member's new role."""

    role: ProjectRole
    if_role: ProjectRole | None = Field(
        None,
        description="The role you read; when someone changed it since, 409 and nothing is saved.",
    )


class NewInvitation(BaseModel):
    """An invitation to join the project by a link."""

    role: ProjectRole
    days: int = Field(DEFAULT_DAYS, ge=1, le=MAX_DAYS, description="Days the link stays open.")
    note: str = Field("", description="Who it is for, as a reminder for the owners.")


class CreatedInvitation(BaseModel):
    """A new invitation and its secret token, shown this once."""

    invitation: InvitationInfo
    token: str = Field(description="The secret of the link; it is not stored and not shown again.")
    path: str = Field(description="The path of the page that accepts it: /invite/<token>.")


@router.get("/projects/{project_id}/members")
def members(project: ProjectDep) -> list[Member]:
    """The project's members and their roles (any member may read them)."""
    return project.members.list()


@router.post("/projects/{project_id}/members", status_code=201)
def add_member(project: ProjectDep, body: NewMember) -> Member:
    """Add an existing account to the project in a role (owners only). 404
    for an unknown login; 409 when it is a member already."""
    return project.members.add(body.login.strip(), body.role)


@router.patch("/projects/{project_id}/members/{account_id}")
def change_role(project: ProjectDep, account_id: AccountId, body: RoleChange) -> Member:
    """Give a member another role (owners only). 409 when that would leave
    the project without an owner, or when ``if_role`` is not the stored role."""
    member = member_by_account(project, account_id)
    check_role_unchanged(member, body.if_role.value if body.if_role else None)
    return project.members.set_role(member.login, body.role)


@router.delete("/projects/{project_id}/members/{account_id}")
def remove_member(project: ProjectDep, account_id: AccountId) -> Member:
    """Remove a member (owners only); answers what the membership was. Their
    codings and memos stay. 409 for the last owner."""
    member = member_by_account(project, account_id)
    project.members.remove(member.login)
    return member


@router.get("/projects/{project_id}/invitations")
def invitations(project: ProjectDep) -> list[InvitationInfo]:
    """The project's invitations, open and past (owners only)."""
    return project.members.invitations()


@router.post("/projects/{project_id}/invitations", status_code=201)
def create_invitation(project: ProjectDep, body: NewInvitation) -> CreatedInvitation:
    """Create an invitation (owners only): its token is in this answer only."""
    issued = project.members.invite(body.role, note=body.note.strip(), days=body.days)
    return CreatedInvitation(
        invitation=issued.info, token=issued.token, path=invitation_path(issued.token)
    )


@router.delete("/projects/{project_id}/invitations/{invitation_id}")
def revoke_invitation(project: ProjectDep, invitation_id: InvitationId) -> InvitationInfo:
    """Revoke an open invitation (owners only); its link stops working. 404
    for an invitation of another project."""
    return project.members.revoke(invitation_id)
