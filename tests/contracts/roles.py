"""The least project role each write use case of the Python API needs (the
roles of a team server: :class:`~qualframe.vocabulary.ProjectRole`)."""

from __future__ import annotations

import qualframe
from contracts.writes_study import _KNOWN
from qualframe.vocabulary import ProjectRole

#: The write use cases a coder may make: coding, memos and their own reading.
CODER_WRITES = frozenset(
    {
        "coding.apply",
        "coding.add",
        "coding.change",
        "coding.extend",
        "coding.remove",
        "coding.remove_from_span",
        "documents.set_position",
        "documents.mark_coding_done",
        "documents.mark_read",
        "documents.unmark_read",
        "documents.familiarisation_notes",
        "memos.add",
        "memos.edit",
        "memos.link",
        "memos.unlink",
        "memos.annotate",
        "memos.delete",
    }
)

_ORDER = (ProjectRole.VIEWER, ProjectRole.CODER, ProjectRole.ANALYST, ProjectRole.OWNER)


def needed(use_case: str) -> ProjectRole:
    """The least role ``use_case`` ("<facade>.<method>") needs: a coder's writes,
    an owner's (members and invitations), else an analyst's."""
    if use_case in CODER_WRITES:
        return ProjectRole.CODER
    if use_case.startswith("members."):
        return ProjectRole.OWNER
    return ProjectRole.ANALYST


def just_below(role: ProjectRole) -> ProjectRole | None:
    """The highest role that does not include ``role`` (None below a viewer's)."""
    index = _ORDER.index(role)
    return _ORDER[index - 1] if index else None


def opened_as(local: qualframe.Project, role: ProjectRole) -> qualframe.Project:
    """``local`` opened as an account that is a member in ``role`` (made here),
    knowing the records the scenarios found or made for ``local``."""
    login = f"{role.value}1"
    accounts = qualframe.open_accounts(local.database, user="admin")
    if login not in {account.login for account in accounts.list()}:
        accounts.create(login, f"{role.value.title()} One", "a long password")
    local.members.add(login, role)
    project = qualframe.open_project(local.name, database=local.database, account=login)
    _KNOWN[project] = dict(_KNOWN.get(local, {}))
    return project
