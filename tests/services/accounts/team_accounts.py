"""What the accounts tests share: the password of their accounts, opening as one."""

from __future__ import annotations

import qualframe
from qualframe.storage.database import Database

PASSWORD = "correct horse battery"


def as_account(database: Database, login: str, name: str = "Team study") -> qualframe.Project:
    """The project ``name`` opened as the account ``login``."""
    return qualframe.open_project(name, database=database, account=login)
