"""Invitations: accepted once, never when expired or revoked; the higher role kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from team_accounts import PASSWORD, as_account

import qualframe
from qualframe.api.accounts import AccountsAPI
from qualframe.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ProjectChoiceError,
    ValidationError,
)
from qualframe.services.accounts import invitations
from qualframe.storage.database import Database

MakeAccount = Callable[..., qualframe.AccountInfo]
UNUSABLE = "This invitation link cannot be used"


def test_an_invitation_is_accepted_once(
    database: Database, team: str, accounts: AccountsAPI
) -> None:
    owner = as_account(database, "olga")
    issued = owner.members.invite("coder", note="For Nora", days=3)
    nora = accounts.find("nora")

    assert issued.link_path == f"/invite/{issued.token}"
    shown = accounts.invitation(issued.token)
    assert (shown.role.value, shown.state, shown.project_name) == ("coder", "open", team)
    assert accounts.accept(issued.token, nora.id) == owner.info.id

    assert as_account(database, "nora").role is not None
    assert as_account(database, "nora").members.my_role().value == "coder"
    with pytest.raises(NotFoundError, match=UNUSABLE):
        accounts.accept(issued.token, accounts.find("vic").id)
    listed = owner.members.invitations()
    assert [(i.state, i.accepted_by_name) for i in listed] == [("accepted", "Nora")]
    assert all(issued.token not in repr(i) for i in listed)


def test_an_expired_or_revoked_invitation_cannot_be_used(
    database: Database, team: str, accounts: AccountsAPI
) -> None:
    owner = as_account(database, "olga")
    expiring = owner.members.invite("viewer", days=1)
    revoked = owner.members.invite("viewer")
    owner.members.revoke(revoked.info.id)
    nora = accounts.find("nora")
    later = expiring.info.expires_at + timedelta(seconds=1)

    with database.transaction() as session, pytest.raises(NotFoundError, match=UNUSABLE):
        invitations.accept(session, expiring.token, nora.id, now=later)
    with pytest.raises(NotFoundError, match=UNUSABLE):
        accounts.accept(revoked.token, nora.id)
    with pytest.raises(NotFoundError, match=UNUSABLE):
        accounts.invitation("no-such-token")

    with pytest.raises(ProjectChoiceError):
        as_account(database, "nora")
    states = {i.id: i.state for i in owner.members.invitations()}
    assert states == {expiring.info.id: "open", revoked.info.id: "revoked"}


def test_a_member_keeps_the_higher_role(
    database: Database, team: str, accounts: AccountsAPI
) -> None:
    owner = as_account(database, "olga")
    lower, higher = owner.members.invite("viewer"), owner.members.invite("analyst")
    ann, cody = accounts.find("ann"), accounts.find("cody")

    accounts.accept(lower.token, ann.id)
    accounts.accept(higher.token, cody.id)

    roles = {m.login: m.role.value for m in owner.members.list()}
    assert (roles["ann"], roles["cody"]) == ("analyst", "analyst")


def test_only_an_owner_invites_lists_and_revokes(database: Database, team: str) -> None:
    issued = as_account(database, "olga").members.invite("viewer")
    analyst = as_account(database, "ann")

    with pytest.raises(PermissionDeniedError, match="analyst"):
        analyst.members.invite("viewer")
    with pytest.raises(PermissionDeniedError):
        analyst.members.invitations()
    with pytest.raises(PermissionDeniedError):
        analyst.members.revoke(issued.info.id)

    assert [i.state for i in as_account(database, "olga").members.invitations()] == ["open"]


@pytest.mark.parametrize(("days", "role"), [(0, "viewer"), (91, "viewer"), (7, "admin")])
def test_a_bad_invitation_is_refused_and_nothing_written(
    database: Database, team: str, days: int, role: str
) -> None:
    owner = as_account(database, "olga")

    with pytest.raises(ValidationError):
        owner.members.invite(role, days=days)

    assert owner.members.invitations() == []


def test_join_as_new_creates_the_account_joins_and_logs_in_at_once(
    database: Database, team: str, accounts: AccountsAPI
) -> None:
    issued = as_account(database, "olga").members.invite("coder")

    project_id, login = accounts.join_as_new(issued.token, "zoe", "Zoe", PASSWORD)

    assert accounts.resolve(login.token) is not None
    assert as_account(database, "zoe").info.id == project_id
    with pytest.raises(NotFoundError, match=UNUSABLE):
        accounts.join_as_new(issued.token, "yann", "Yann", PASSWORD)
    assert "yann" not in {a.login for a in accounts.list()}


def test_join_as_new_with_a_taken_name_writes_nothing(
    database: Database, team: str, accounts: AccountsAPI
) -> None:
    issued = as_account(database, "olga").members.invite("coder")
    before = accounts.list()

    with pytest.raises(ConflictError, match="taken already"):
        accounts.join_as_new(issued.token, "zoe", "Olga", PASSWORD)

    assert accounts.list() == before
    assert accounts.invitation(issued.token).state == "open"
