"""The members page of a team server: every member sees who is in the
project; only an owner adds, changes and removes members, and never the
last owner; a refused form says why and changes nothing."""

from __future__ import annotations

import pytest

from web.members.conftest import Team

BEFORE = {"olive": "owner", "anna": "analyst", "cody": "coder", "vera": "viewer"}


def test_every_member_sees_the_members_and_their_roles(team: Team) -> None:
    for login in ("olive", "anna", "cody", "vera"):
        page = team.browser(login).get(team.members_url)
        assert page.status_code == 200
        for name, role in (("Olive", "owner"), ("Anna", "analyst"), ("Cody", "coder")):
            assert name in page.text
            assert role in page.text
        assert f"Your role in this project: <strong>{BEFORE[login]}</strong>" in page.text


def test_only_an_owner_sees_the_forms_and_the_invitations(team: Team) -> None:
    owner = team.browser("olive").get(team.members_url).text
    coder = team.browser("cody").get(team.members_url).text
    for text in ("Add a member", "Invite someone", 'id="invitations-heading"', "Remove…"):
        assert text in owner
        assert text not in coder


def test_the_members_link_is_in_the_project_navigation(team: Team) -> None:
    page = team.browser("vera").get(f"/projects/{team.project_id}")
    assert f'href="{team.members_url}"' in page.text


def test_an_owner_adds_changes_and_removes_a_member(team: Team) -> None:
    owner = team.browser("olive")
    added = owner.post(team.members_url, data={"login": "Nina ", "role": "coder"})
    assert added.status_code == 303
    assert team.roles()["nina"] == "coder"
    assert "Added Nina (nina) as coder." in owner.get(added.headers["location"]).text

    nina = team.account_id("nina")
    changed = owner.post(f"{team.members_url}/{nina}/role", data={"role": "analyst"})
    assert changed.status_code == 303
    assert team.roles()["nina"] == "analyst"
    assert "Nina is now analyst (was coder)." in owner.get(team.members_url).text

    confirm = owner.get(f"{team.members_url}/{nina}/remove")
    assert confirm.status_code == 200
    assert "Remove Nina from the project?" in confirm.text
    removed = owner.post(f"{team.members_url}/{nina}/remove")
    assert removed.status_code == 303
    assert "nina" not in team.roles()
    assert "Removed Nina (nina) from the project." in owner.get(team.members_url).text
    # Nina no longer finds the project.
    assert team.browser("nina").get(team.members_url).status_code == 404


def test_choosing_the_same_role_changes_nothing(team: Team) -> None:
    owner = team.browser("olive")
    answer = owner.post(
        f"{team.members_url}/{team.account_id('cody')}/role", data={"role": "coder"}
    )
    assert answer.status_code == 303
    assert "Nothing was changed: Cody is already coder." in owner.get(team.members_url).text
    assert team.roles() == BEFORE


@pytest.mark.parametrize("login", ["anna", "cody", "vera"])
def test_a_member_who_is_not_an_owner_cannot_change_the_members(team: Team, login: str) -> None:
    browser = team.browser(login)
    cody = team.account_id("cody")
    attempts = [
        (team.members_url, {"login": "nina", "role": "owner"}),
        (f"{team.members_url}/{cody}/role", {"role": "owner"}),
        (f"{team.members_url}/{cody}/remove", {}),
        (f"/projects/{team.project_id}/invitations", {"role": "owner", "days": "7"}),
    ]
    for url, form in attempts:
        answer = browser.post(url, data=form)
        assert answer.status_code == 403, url
        assert "Nothing was saved." in answer.text or "does not allow" in answer.text
    assert team.roles() == BEFORE
    assert team.invitation_states() == []


def test_a_person_who_is_not_a_member_finds_no_project(team: Team) -> None:
    page = team.browser("nick").get(team.members_url)
    assert page.status_code == 404
    assert f"There is no project with id {team.project_id}." in page.text
    assert "Olive" not in page.text


def test_the_last_owner_cannot_be_removed_or_demoted(team: Team) -> None:
    owner = team.browser("olive")
    olive = team.account_id("olive")
    confirm = owner.get(f"{team.members_url}/{olive}/remove")
    assert "Leave the project?" in confirm.text
    for url, form in (
        (f"{team.members_url}/{olive}/remove", {}),
        (f"{team.members_url}/{olive}/role", {"role": "analyst"}),
    ):
        answer = owner.post(
            url, data=form, headers={"Referer": f"https://testserver{team.members_url}"}
        )
        assert answer.status_code == 303  # back to the page, with the message
        page = owner.get(answer.headers["location"])
        assert "owner" in page.text and "Nothing was changed." in page.text
    assert team.roles() == BEFORE


def test_an_owner_may_leave_when_another_owner_stays(team: Team) -> None:
    team.project.members.set_role("anna", "owner")
    owner = team.browser("olive")
    answer = owner.post(f"{team.members_url}/{team.account_id('olive')}/remove")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    assert "olive" not in team.roles()


@pytest.mark.parametrize(
    ("form", "message", "status"),
    [
        ({"login": "nobody", "role": "coder"}, "nobody", 404),
        ({"login": "nina", "role": "boss"}, "There is no role &#39;boss&#39;", 422),
        ({"login": "cody", "role": "viewer"}, "Cody", 409),
        ({"login": "", "role": "coder"}, "", 404),
    ],
)
def test_a_refused_addition_says_why_keeps_the_form_and_changes_nothing(
    team: Team, form: dict[str, str], message: str, status: int
) -> None:
    answer = team.browser("olive").post(team.members_url, data=form)
    assert answer.status_code in (status, 422)
    assert "Nothing was changed." in answer.text
    assert message in answer.text
    assert f'value="{form["login"]}"' in answer.text  # the typed login is kept
    assert team.roles() == BEFORE


def test_a_bad_role_in_the_role_form_changes_nothing(team: Team) -> None:
    owner = team.browser("olive")
    url = f"{team.members_url}/{team.account_id('cody')}/role"
    answer = owner.post(
        url, data={"role": "boss"}, headers={"Referer": f"https://testserver{team.members_url}"}
    )
    assert answer.status_code == 303
    assert "There is no role &#39;boss&#39;" in owner.get(answer.headers["location"]).text
    assert team.roles() == BEFORE


def test_an_unknown_member_id_is_not_found(team: Team) -> None:
    answer = team.browser("olive").get(f"{team.members_url}/{team.account_id('nick')}/remove")
    assert answer.status_code == 404
    assert "This project has no member with account id" in answer.text


def test_a_role_changed_by_someone_else_meanwhile_is_not_overwritten(team: Team) -> None:
    owner = team.browser("olive")
    page = owner.get(team.members_url)
    assert 'name="shown_role" value="coder"' in page.text
    team.project.members.set_role("cody", "analyst")  # another owner, meanwhile
    url = f"{team.members_url}/{team.account_id('cody')}/role"
    answer = owner.post(url, data={"role": "viewer", "shown_role": "coder"})
    assert answer.status_code == 409
    assert "Cody&#39;s role was changed by someone else since you read it" in answer.text
    assert "it is now analyst, not coder" in answer.text
    assert team.roles()["cody"] == "analyst"


def test_a_local_server_shows_the_members_and_says_roles_are_for_team_servers(team: Team) -> None:
    from fastapi.testclient import TestClient

    from qualframe.web.app import create_app

    local = TestClient(create_app(team.database, user="tester"), base_url="http://localhost")
    page = local.get(team.members_url)
    assert page.status_code == 200
    assert "This server has no accounts" in page.text
    assert "Olive" in page.text and "Add a member" in page.text
