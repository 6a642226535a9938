"""The members area's write use cases, exercised on the contract study.

The study has no accounts: each scenario creates the account it needs
(server-level, not audited in the project) before the write.
"""

from __future__ import annotations

import qualframe
from contracts.registry import Write
from qualframe.api.accounts import open_accounts

PASSWORD = "a long enough password"


def _account(project: qualframe.Project, login: str = "bea") -> str:
    """Create the account ``login`` (once) and return its login name."""
    accounts = open_accounts(project.database, user="admin")
    if login not in {a.login for a in accounts.list()}:
        accounts.create(login, login.title(), PASSWORD)
    return login


def _member(project: qualframe.Project, role: str = "coder") -> str:
    login = _account(project)
    if login not in {m.login for m in project.members.list()}:
        project.members.add(login, role)
    return login


def _invitation(project: qualframe.Project) -> int:
    return project.members.invite("viewer").info.id


WRITES: list[Write] = [
    Write("members.add", lambda p: p.members.add(_account(p), "coder")),
    Write("members.set_role", lambda p: p.members.set_role(_member(p), "analyst")),
    Write("members.remove", lambda p: p.members.remove(_member(p))),
    Write("members.invite", lambda p: p.members.invite("coder", note="For Bea", days=3)),
    Write("members.revoke", lambda p: p.members.revoke(_invitation(p))),
]

READS = ["members.list", "members.my_role", "members.invitations", "members.table"]
