"""The members part of the Python API: who works on the project, in which role.

::

    project.members.list()                       # Member records
    project.members.add("ana", "coder")
    project.members.set_role("ana", "analyst")
    issued = project.members.invite("viewer", days=3, note="For the board")
    issued.link_path                             # "/invite/<token>": shown once
    project.members.table()                      # a pandas DataFrame

Managing members and invitations is for the project's owners (and an
unrestricted local operator: a script opened without ``account=``); every
member may list the members. Every method is one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, fields
from typing import TYPE_CHECKING

from qualframe.api.facade import Facade, use_case
from qualframe.services.accounts import invitations as invitation_links, members
from qualframe.services.accounts.records import Member

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MembersAPI", "members_frame"]


def members_frame(rows: Sequence[Member]) -> pd.DataFrame:
    """One row per member, the columns the fields of
    :class:`~qualframe.services.accounts.records.Member`."""
    import pandas as pd

    columns = [field.name for field in fields(Member)]
    return pd.DataFrame([astuple(row) for row in rows], columns=columns)


class MembersAPI(Facade):
    """The members and invitations of one project (see
    :mod:`qualframe.services.accounts.members` and
    :mod:`qualframe.services.accounts.invitations`)."""

    #: The members, by display name, as :class:`Member` records.
    list = use_case(members.members)
    add = use_case(members.add_member)
    set_role = use_case(members.set_role)
    remove = use_case(members.remove_member)
    my_role = use_case(members.my_role)
    invite = use_case(invitation_links.invite)
    invitations = use_case(invitation_links.invitations)
    revoke = use_case(invitation_links.revoke)
    #: The members as a DataFrame, one row each.
    table = use_case(members.members, members_frame)
