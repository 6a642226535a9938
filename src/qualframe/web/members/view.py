"""What the members pages and endpoints share: the roles as offered, reading
a number of days from a form, a member found by account id, and
an invitation's link."""

from __future__ import annotations

from dataclasses import dataclass

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.project import Project
from qualframe.services.accounts.records import Member
from qualframe.vocabulary import ProjectRole

#: What each role may do, as the forms explain it (each includes the ones above it).
ROLE_HINTS = {
    ProjectRole.VIEWER: "reads everything, changes nothing",
    ProjectRole.CODER: "also codes and writes memos",
    ProjectRole.ANALYST: "also shapes the study: design, documents, codebook, matrix, agreement",
    ProjectRole.OWNER: "also manages members and invitations, and may delete the project",
}
#: The roles as a select offers them: (value, "coder: also codes and writes memos").
ROLE_CHOICES = [(role.value, f"{role.value}: {hint}") for role, hint in ROLE_HINTS.items()]
#: The role an invitation or a new member gets unless another is chosen.
DEFAULT_ROLE = ProjectRole.CODER

#: Days an invitation stays open unless the owner says otherwise, and at most.
DEFAULT_DAYS = 7
MAX_DAYS = 90


def parse_days(text: str) -> int:
    """The number of days an invitation stays open, from a form field.

    Raises :class:`~qualframe.errors.ValidationError` unless it is a whole
    number from 1 to :data:`MAX_DAYS`."""
    cleaned = text.strip()
    if not cleaned.isdecimal() or not 1 <= int(cleaned) <= MAX_DAYS:
        raise ValidationError(
            f"An invitation stays open from 1 to {MAX_DAYS} days; {cleaned!r} is not one of them."
        )
    return int(cleaned)


def member_by_account(project: Project, account_id: int) -> Member:
    """The project's member with account id ``account_id`` (reads the members).

    Raises :class:`~qualframe.errors.NotFoundError` when no member has it."""
    for member in project.members.list():
        if member.account_id == account_id:
            return member
    raise NotFoundError(f"This project has no member with account id {account_id}.")


def check_role_unchanged(member: Member, shown: str | None) -> None:
    """Refuse a role change made from a page that showed ``member`` in another
    role than the stored one (someone changed it since): the person sees the
    new role before choosing again. ``shown`` None or blank: not checked.

    Raises :class:`~qualframe.errors.ConflictError` (409); reads nothing."""
    if shown and shown != member.role.value:
        raise ConflictError(
            f"{member.display_name}'s role was changed by someone else since you read it: "
            f"it is now {member.role.value}, not {shown}. Nothing was saved; choose again."
        )


def invitation_path(token: str) -> str:
    """The path of the page that accepts the invitation holding ``token``."""
    return f"/invite/{token}"


@dataclass(frozen=True)
class AddForm:
    """The "add a member" form as typed (shown again when refused)."""

    login: str = ""
    role: str = DEFAULT_ROLE.value


@dataclass(frozen=True)
class InviteForm:
    """The "invite someone" form as typed (shown again when refused)."""

    role: str = DEFAULT_ROLE.value
    days: str = str(DEFAULT_DAYS)
    note: str = ""
