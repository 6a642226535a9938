"""The members and invitations of a project in the JSON API of a team server."""

from __future__ import annotations

import pytest

from web.members.conftest import Team

BEFORE = {"olive": "owner", "anna": "analyst", "cody": "coder", "vera": "viewer"}


def _api(team: Team, rest: str = "members") -> str:
    return f"/api/projects/{team.project_id}/{rest}"


def test_a_member_lists_the_members(team: Team) -> None:
    answer = team.browser("vera").get(_api(team))
    assert answer.status_code == 200
    assert {row["login"]: row["role"] for row in answer.json()} == BEFORE
    assert {"account_id", "display_name", "added_by", "added_at"} <= answer.json()[0].keys()


def test_an_owner_adds_changes_and_removes_a_member(team: Team) -> None:
    owner = team.browser("olive")
    added = owner.post(_api(team), json={"login": "nina", "role": "viewer"})
    assert added.status_code == 201, added.text
    nina = added.json()["account_id"]
    assert added.json()["role"] == "viewer"
    changed = owner.patch(_api(team, f"members/{nina}"), json={"role": "analyst"})
    assert changed.status_code == 200
    assert changed.json()["role"] == "analyst"
    assert team.roles()["nina"] == "analyst"
    removed = owner.delete(_api(team, f"members/{nina}"))
    assert removed.status_code == 200
    assert removed.json()["login"] == "nina"
    assert team.roles() == BEFORE


@pytest.mark.parametrize("login", ["anna", "cody", "vera"])
def test_a_member_who_is_not_an_owner_is_refused_every_change(team: Team, login: str) -> None:
    browser = team.browser(login)
    cody = team.account_id("cody")
    invitation = team.project.members.invite("coder").info.id
    answers = [
        browser.post(_api(team), json={"login": "nina", "role": "owner"}),
        browser.patch(_api(team, f"members/{cody}"), json={"role": "owner"}),
        browser.delete(_api(team, f"members/{cody}")),
        browser.get(_api(team, "invitations")),
        browser.post(_api(team, "invitations"), json={"role": "owner"}),
        browser.delete(_api(team, f"invitations/{invitation}")),
    ]
    for answer in answers:
        assert answer.status_code == 403, answer.request.url
        assert answer.json()["error"]["type"] == "PermissionDeniedError"
    assert team.roles() == BEFORE
    assert team.invitation_states() == ["open"]


def test_the_last_owner_cannot_be_removed_or_demoted(team: Team) -> None:
    owner = team.browser("olive")
    olive = team.account_id("olive")
    for answer in (
        owner.delete(_api(team, f"members/{olive}")),
        owner.patch(_api(team, f"members/{olive}"), json={"role": "coder"}),
    ):
        assert answer.status_code == 409
        assert "owner" in answer.json()["error"]["message"]
    assert team.roles() == BEFORE


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"login": "nobody", "role": "coder"}, 404, "nobody"),
        ({"login": "nina", "role": "boss"}, 422, "role"),
        ({"login": "cody", "role": "viewer"}, 409, "Cody"),
        ({"role": "coder"}, 422, "login"),
    ],
)
def test_a_bad_addition_says_why_and_changes_nothing(
    team: Team, body: dict[str, str], status: int, words: str
) -> None:
    answer = team.browser("olive").post(_api(team), json=body)
    assert answer.status_code == status
    assert words in answer.json()["error"]["message"]
    assert team.roles() == BEFORE


def test_an_unknown_member_is_not_found(team: Team) -> None:
    nick = team.account_id("nick")
    answer = team.browser("olive").patch(_api(team, f"members/{nick}"), json={"role": "coder"})
    assert answer.status_code == 404
    assert f"no member with account id {nick}" in answer.json()["error"]["message"]
    assert team.roles() == BEFORE


def test_an_owner_creates_lists_and_revokes_invitations(team: Team) -> None:
    owner = team.browser("olive")
    created = owner.post(
        _api(team, "invitations"), json={"role": "analyst", "days": 3, "note": "Sam"}
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["path"] == f"/invite/{body['token']}"
    assert body["invitation"]["role"] == "analyst"
    assert body["invitation"]["state"] == "open"
    listed = owner.get(_api(team, "invitations"))
    assert [item["note"] for item in listed.json()] == ["Sam"]
    assert body["token"] not in listed.text
    revoked = owner.delete(_api(team, f"invitations/{body['invitation']['id']}"))
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"
    assert team.invitation_states() == ["revoked"]


@pytest.mark.parametrize(
    "body", [{"role": "boss"}, {"role": "coder", "days": 0}, {"role": "coder", "days": 91}]
)
def test_a_bad_invitation_is_refused_and_nothing_is_created(team: Team, body: dict) -> None:
    answer = team.browser("olive").post(_api(team, "invitations"), json=body)
    assert answer.status_code == 422
    assert answer.json()["error"]["message"].startswith("The request was not valid")
    assert team.invitation_states() == []


def test_an_invitation_of_another_project_is_not_found(team: Team) -> None:
    answer = team.browser("olive").delete(_api(team, "invitations/999"))
    assert answer.status_code == 404
    assert "no invitation with id 999" in answer.json()["error"]["message"]


def test_a_role_change_based_on_an_old_reading_is_refused(team: Team) -> None:
    team.project.members.set_role("cody", "analyst")  # another owner, meanwhile
    cody = team.account_id("cody")
    answer = team.browser("olive").patch(
        _api(team, f"members/{cody}"), json={"role": "viewer", "if_role": "coder"}
    )
    assert answer.status_code == 409
    assert "it is now analyst, not coder" in answer.json()["error"]["message"]
    assert team.roles()["cody"] == "analyst"
