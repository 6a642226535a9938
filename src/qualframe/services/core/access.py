"""Who may do what in a project: opening a unit of work under a role, and the checks.

A unit of work acted by a logged-in account (an :class:`Actor` with an
``account_id``: a team server's person, or the Python API opened with
``account=``) carries that account's :class:`~qualframe.vocabulary.ProjectRole`;
one without an account (the CLI, a script, a local ``qualframe serve``)
carries None, an unrestricted local operator allowed everything, as before
accounts existed.

Two checks guard the writes:

- the **backstop**: :func:`check_change`, called by
  :func:`qualframe.services.core.audit.record` before anything is recorded,
  refuses a change whose action or entity needs a higher role than the
  unit of work's (:data:`ACTION_ROLES`, else :data:`ENTITY_ROLES`); every
  audited write passes through it, so a use case cannot forget it;
- :func:`require`, called at the top of the use cases that must refuse
  before doing anything (owner-only ones: members, invitations) and of the
  writes that are not audited (familiarisation notes, label decisions...).

A refusal is a :class:`~qualframe.errors.PermissionDeniedError` raised inside
the transaction, which its opener then rolls back: nothing is saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualframe.errors import PermissionDeniedError, ProjectChoiceError
from qualframe.services.core.actor import Actor
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.vocabulary import ProjectRole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

VIEWER, CODER, ANALYST, OWNER = (
    ProjectRole.VIEWER,
    ProjectRole.CODER,
    ProjectRole.ANALYST,
    ProjectRole.OWNER,
)

#: The least role that may change each kind of audited object (an audit
#: entry's ``entity_type``). A type missing here is refused to anyone but an
#: owner (and an unrestricted local operator): a new kind of change is closed
#: until it is classified (a test checks every recorded action is).
ENTITY_ROLES: dict[str, ProjectRole] = {
    # Coding and notes: what a coder does.
    "coding": CODER,
    "memo": CODER,
    # The study design, the material and its analysis: an analyst's.
    "project": ANALYST,
    "attribute": ANALYST,
    "case": ANALYST,
    "participant": ANALYST,
    "question": ANALYST,
    "document": ANALYST,
    "speaker_mapping": ANALYST,
    "code": ANALYST,
    "cell": ANALYST,
    "change_model": ANALYST,
    "model_kind": ANALYST,
    "model_node": ANALYST,
    "model_link": ANALYST,
    "model_evidence": ANALYST,
    "indicator": ANALYST,
    "measure": ANALYST,
    "model_version": ANALYST,
    "agreement_round": ANALYST,
    # A resolution recodes other coders' work.
    "disagreement": ANALYST,
    # Who works on the project: its owners'.
    "member": OWNER,
    "invitation": OWNER,
}

#: Actions whose least role is not their entity's (see :data:`ENTITY_ROLES`).
ACTION_ROLES: dict[str, ProjectRole] = {
    # A coder's own reading and progress on a document.
    "document.read": CODER,
    "document.unread": CODER,
    "document.position": CODER,
    "document.coding_done": CODER,
    "document.coding_undone": CODER,
    # Applying and removing a code is coding, though recorded on the code.
    "coding.add": CODER,
    "coding.remove": CODER,
    # The project itself.
    "project.create": OWNER,
    "project.rename": OWNER,
    "project.describe": OWNER,
    "project.delete": OWNER,
}

#: What each role is called in a refusal, with who may do it instead.
_WHO_MAY: dict[ProjectRole, str] = {
    CODER: "coders, analysts and owners can",
    ANALYST: "analysts and owners can",
    OWNER: "only owners can",
}

#: What a change of each entity type is, for a refusal ("changing the codebook").
_DOING: dict[str, str] = {
    "coding": "coding",
    "memo": "writing memos",
    "project": "changing the study's design",
    "attribute": "changing the study's attributes",
    "case": "changing cases",
    "participant": "changing participants or their answers",
    "question": "changing the interview questions",
    "document": "changing documents",
    "speaker_mapping": "changing speaker mappings",
    "code": "changing the codebook",
    "cell": "writing matrix cells",
    "change_model": "changing change models",
    "model_kind": "changing change models",
    "model_node": "changing change models",
    "model_link": "changing change models",
    "model_evidence": "changing change models",
    "indicator": "changing change models",
    "measure": "changing change models",
    "model_version": "changing change models",
    "agreement_round": "running agreement rounds",
    "disagreement": "resolving disagreements",
    "member": "managing the project's members",
    "invitation": "inviting people to the project",
}


def open_unit(
    session: Session, project_id: int, actor: Actor, *, in_parts: bool = False
) -> UnitOfWork:
    """The unit of work of ``actor`` on project ``project_id`` in ``session``.

    For an actor with an account, its role in the project is looked up and
    carried by the unit of work. Raises :class:`ProjectChoiceError` with the
    message of a missing project ("There is no project with id N.") when the
    account is not a member, is disabled or no longer exists: a non-member
    learns nothing, not even that the project exists. Reads only.
    """
    role: ProjectRole | None = None
    if actor.account_id is not None:
        role = account_role(session, project_id, actor.account_id)
        if role is None:
            raise ProjectChoiceError(f"There is no project with id {project_id}.")
    return UnitOfWork(session, project_id, actor, in_parts=in_parts, role=role)


def account_role(session: Session, project_id: int, account_id: int) -> ProjectRole | None:
    """The role of account ``account_id`` in the project, or None when it is not a
    member, is disabled or does not exist. Reads only."""
    account = queries.accounts.account_by_id(session, account_id)
    if account is None or account.disabled_at is not None:
        return None
    member = queries.accounts.membership(session, project_id, account_id)
    return None if member is None else ProjectRole(member.role)


def allows(uow: UnitOfWork, role: ProjectRole) -> bool:
    """Whether the unit of work may do what needs ``role`` (always, with no role)."""
    return uow.role is None or uow.role.includes(role)


def require(uow: UnitOfWork, role: ProjectRole, doing: str) -> None:
    """Refuse, unless the unit of work's role includes ``role`` (or it has none).

    ``doing`` is the human phrase of the action ("changing the codebook").
    Raises :class:`PermissionDeniedError` naming the role and what it may not
    do; writes nothing.
    """
    if allows(uow, role):
        return
    assert uow.role is not None
    raise PermissionDeniedError(
        f"Your role in this project is {uow.role.value}: it does not allow {doing} "
        f"({_WHO_MAY[role]}). Nothing was saved."
    )


def require_own(uow: UnitOfWork, owner: str, doing: str) -> None:
    """Refuse a coder's change of work that is not theirs: unless ``owner`` (a
    coding's coder, a memo's author) is the acting person, the unit of work's
    role must include analyst (who recodes and tidies everyone's work).
    ``doing`` names the change for the refusal ("changing other coders'
    codings"). An unrestricted local operator (no role) may do anything.
    Raises :class:`PermissionDeniedError`; reads nothing, writes nothing."""
    if uow.role is not None and owner != uow.actor.name:
        require(uow, ANALYST, doing)


def least_role(action: str, entity_type: str) -> ProjectRole:
    """The least role that may record ``action`` on an ``entity_type`` (owner for
    a kind of change not classified)."""
    return ACTION_ROLES.get(action) or ENTITY_ROLES.get(entity_type, OWNER)


def check_change(uow: UnitOfWork, action: str, entity_type: str) -> None:
    """The backstop of every audited write: refuse ``action`` on an ``entity_type``
    unless the unit of work's role allows it. Raises
    :class:`PermissionDeniedError` (the transaction is then rolled back by its
    opener). Reads nothing, writes nothing."""
    if uow.role is None:
        return
    doing = _DOING.get(entity_type, f"this change ({action})")
    if action.startswith("document.") and action in ACTION_ROLES:
        doing = "marking reading progress"
    require(uow, least_role(action, entity_type), doing)
