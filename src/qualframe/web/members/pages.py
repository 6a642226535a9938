"""A project's members: who is in the project and in which role, for every
member to see; for its owners, forms adding an account by login, changing
a role, removing a member (after a confirmation page), inviting someone
by a link, and revoking an invitation.

An invitation's link holds a secret token that the server keeps only as a
hash, so the page answering "Create the invitation" is the one and only
place it is shown: not a redirect (the token would travel in a cookie or
a URL), and never again later. Every other form answers with a redirect
and a message; a refused "add" or "invite" form shows the page again with
what was typed, and nothing is written. The role and remove forms have
nothing typed to keep: a refusal goes back to the page with its message
(403 for a member whose role may not manage members). The services keep a
project from losing its last owner.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from qualframe.errors import UserError
from qualframe.project import Project
from qualframe.services.accounts.members import project_role
from qualframe.services.accounts.records import IssuedInvitation
from qualframe.vocabulary import ProjectRole
from qualframe.web.members import invitation
from qualframe.web.members.view import (
    ROLE_CHOICES,
    AddForm,
    InviteForm,
    check_role_unchanged,
    invitation_path,
    member_by_account,
    parse_days,
)
from qualframe.web.server.dependencies import ProjectDep, login_of
from qualframe.web.server.error_pages import status_of
from qualframe.web.server.navigation import redirect
from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)
router.include_router(invitation.router)

#: A route parameter: a form's text field (blank when left out).
Text = Annotated[str, Form()]


def members_url(project_id: int) -> str:
    """The members page of a project."""
    return f"/projects/{project_id}/members"


def _members_page(
    request: Request,
    project: Project,
    *,
    add: AddForm | None = None,
    invite: InviteForm | None = None,
    issued: IssuedInvitation | None = None,
    error: UserError | None = None,
) -> Response:
    """The members page; ``add``/``invite``: the forms as typed, ``issued``: an
    invitation just created (its link shown this once), ``error``: why a form
    was refused (the page's status is then the error's)."""
    role = project.members.my_role()
    manages = role is None or role is ProjectRole.OWNER  # None: a local, unrestricted operator
    login = login_of(request)
    link = None
    if issued is not None:
        link = str(request.base_url).rstrip("/") + invitation_path(issued.token)
    context = {
        "project": project,
        "active": "members",
        "members": project.members.list(),
        "my_role": role,
        "me": login.account.id if login is not None else None,
        "manages": manages,
        "invitations": project.members.invitations() if manages else [],
        "roles": ROLE_CHOICES,
        "add": add or AddForm(),
        "invite": invite or InviteForm(),
        "issued": issued,
        "link": link,
        "error": str(error) if error is not None else None,
    }
    status = status_of(error) if error is not None else 201 if issued is not None else 200
    return render(request, "members/index.html", context, status_code=status)


def _is_me(request: Request, account_id: int) -> bool:
    login = login_of(request)
    return login is not None and login.account.id == account_id


@router.get("/projects/{project_id}/members")
def members_page(request: Request, project: ProjectDep) -> Response:
    """The members and their roles; for an owner, the forms managing them and
    the invitations."""
    return _members_page(request, project)


@router.post("/projects/{project_id}/members")
def add_member(
    request: Request, project: ProjectDep, login: Text = "", role: Text = ""
) -> Response:
    """Add the account called ``login`` to the project in ``role`` (owners only)."""
    form = AddForm(login=login, role=role)
    try:
        member = project.members.add(login.strip(), project_role(role))
    except UserError as error:
        return _members_page(request, project, add=form, error=error)
    return redirect(
        members_url(project.info.id),
        f"Added {member.display_name} ({member.login}) as {member.role.value}.",
    )


@router.post("/projects/{project_id}/members/{account_id}/role")
def change_role(
    project: ProjectDep, account_id: int, role: Text = "", shown_role: Text = ""
) -> Response:
    """Give a member another role (owners only; the last owner keeps theirs);
    refused (409) when their role changed since the page showed ``shown_role``."""
    member = member_by_account(project, account_id)
    check_role_unchanged(member, shown_role)
    chosen = project_role(role)
    if chosen is member.role:
        message = f"Nothing was changed: {member.display_name} is already {chosen.value}."
        return redirect(members_url(project.info.id), message)
    changed = project.members.set_role(member.login, chosen)
    return redirect(
        members_url(project.info.id),
        f"{changed.display_name} is now {changed.role.value} (was {member.role.value}).",
    )


@router.get("/projects/{project_id}/members/{account_id}/remove")
def remove_member_page(request: Request, project: ProjectDep, account_id: int) -> Response:
    """Ask before removing a member."""
    member = member_by_account(project, account_id)
    context = {
        "project": project,
        "active": "members",
        "member": member,
        "yourself": _is_me(request, member.account_id),
    }
    return render(request, "members/remove.html", context)


@router.post("/projects/{project_id}/members/{account_id}/remove")
def remove_member(request: Request, project: ProjectDep, account_id: int) -> Response:
    """Remove a member from the project (owners only; never the last owner).
    Their codings, memos and history stay, under their name. Removing
    yourself goes to your projects: this one is no longer among them."""
    member = member_by_account(project, account_id)
    project.members.remove(member.login)
    if _is_me(request, member.account_id):
        return redirect("/", f"You left the project {project.name!r}.")
    return redirect(
        members_url(project.info.id),
        f"Removed {member.display_name} ({member.login}) from the project. "
        "Their codings and memos stay.",
    )


@router.post("/projects/{project_id}/invitations")
def create_invitation(
    request: Request, project: ProjectDep, role: Text = "", days: Text = "", note: Text = ""
) -> Response:
    """Create an invitation (owners only) and show its link, this once."""
    form = InviteForm(role=role, days=days, note=note)
    try:
        issued = project.members.invite(
            project_role(role), note=note.strip(), days=parse_days(days)
        )
    except UserError as error:
        return _members_page(request, project, invite=form, error=error)
    return _members_page(request, project, issued=issued)


@router.post("/projects/{project_id}/invitations/{invitation_id}/revoke")
def revoke_invitation(project: ProjectDep, invitation_id: int) -> Response:
    """Revoke an open invitation (owners only): its link stops working."""
    revoked = project.members.revoke(invitation_id)
    return redirect(
        members_url(project.info.id),
        f"Revoked the invitation as {revoked.role.value} created "
        f"{revoked.created_at:%Y-%m-%d %H:%M}: its link no longer works.",
    )
