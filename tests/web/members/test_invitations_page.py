"""Invitations on a team server: an owner creates one and sees its link
once; the link lets one person join (logged in, or creating an account on
the way), once; a used, expired or revoked link gives one clear page."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from qualframe.storage.models import Invitation
from qualframe.storage.models.base import utc_now
from web.members.conftest import PASSWORD, Team, invitation_token


def _invite(team: Team, role: str = "coder", days: str = "7", note: str = "") -> str:
    """An invitation made on the members page by Olive; its token."""
    answer = team.browser("olive").post(
        f"/projects/{team.project_id}/invitations", data={"role": role, "days": days, "note": note}
    )
    assert answer.status_code == 201, answer.text
    assert "it is shown only this once" in answer.text
    return invitation_token(answer.text)


def _new_account(login: str = "sam", name: str = "Sam", again: str = PASSWORD) -> dict[str, str]:
    return {
        "action": "create-account",
        "login": login,
        "display_name": name,
        "password": PASSWORD,
        "password_again": again,
    }


def test_an_invitation_link_is_shown_once_and_listed_without_it(team: Team) -> None:
    token = _invite(team, "analyst", note="Sam, second coder")
    page = team.browser("olive").get(team.members_url)
    assert token not in page.text
    assert "Sam, second coder" in page.text
    assert team.invitation_states() == ["open"]


def test_a_visitor_creates_an_account_joins_and_lands_in_the_project(team: Team) -> None:
    token = _invite(team, "coder")
    visitor = team.browser()
    page = visitor.get(f"/invite/{token}")
    assert page.status_code == 200
    assert "Join “Study” as coder" in page.text
    assert f'href="/login?next=%2Finvite%2F{token}"' in page.text
    joined = visitor.post(f"/invite/{token}", data=_new_account())
    assert joined.status_code == 303, joined.text
    assert joined.headers["location"] == f"/projects/{team.project_id}"
    assert "qualframe_session" in joined.headers["set-cookie"]
    assert team.roles()["sam"] == "coder"
    landed = visitor.get(joined.headers["location"])
    assert landed.status_code == 200
    assert "Welcome, Sam" in landed.text


def test_a_link_works_once_then_says_it_was_used(team: Team) -> None:
    token = _invite(team)
    assert team.browser().post(f"/invite/{token}", data=_new_account()).status_code == 303
    for answer in (
        team.browser().get(f"/invite/{token}"),
        team.browser("nick").post(f"/invite/{token}", data={"action": "join"}),
        team.browser().post(f"/invite/{token}", data=_new_account("sid", "Sid")),
    ):
        assert answer.status_code == 404
        assert "This invitation cannot be used" in answer.text
        assert "was used already" in answer.text
    assert "nick" not in team.roles() and "sid" not in team.roles()
    assert team.invitation_states() == ["accepted"]


def test_a_logged_in_person_joins_with_one_button(team: Team) -> None:
    token = _invite(team, "viewer")
    nick = team.browser("nick")
    page = nick.get(f"/invite/{token}")
    assert "Join the project" in page.text and "Create the account" not in page.text
    answer = nick.post(f"/invite/{token}", data={"action": "join"})
    assert answer.status_code == 303
    assert team.roles()["nick"] == "viewer"
    assert (
        "You are in the project &#39;Study&#39; as viewer."
        in nick.get(answer.headers["location"]).text
    )


def test_an_existing_member_keeps_the_higher_role(team: Team) -> None:
    token = _invite(team, "viewer")
    anna = team.browser("anna")
    answer = anna.post(f"/invite/{token}", data={"action": "join"})
    assert answer.status_code == 303
    assert team.roles()["anna"] == "analyst"
    assert "as analyst" in anna.get(answer.headers["location"]).text
    raised = _invite(team, "owner")
    assert (
        team.browser("cody").post(f"/invite/{raised}", data={"action": "join"}).status_code == 303
    )
    assert team.roles()["cody"] == "owner"


def test_joining_without_logging_in_goes_to_the_login_page(team: Team) -> None:
    token = _invite(team)
    answer = team.browser().post(f"/invite/{token}", data={"action": "join"})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/login?next=%2Finvite%2F{token}"
    assert team.invitation_states() == ["open"]


def test_a_revoked_link_gives_one_clear_page(team: Team) -> None:
    token = _invite(team)
    (invitation,) = team.project.members.invitations()
    owner = team.browser("olive")
    revoked = owner.post(f"/projects/{team.project_id}/invitations/{invitation.id}/revoke")
    assert revoked.status_code == 303
    assert "its link no longer works" in owner.get(team.members_url).text
    page = team.browser().get(f"/invite/{token}")
    assert page.status_code == 404
    assert "This invitation cannot be used" in page.text
    assert team.invitation_states() == ["revoked"]


def test_an_expired_link_gives_the_same_page_and_creates_no_account(team: Team) -> None:
    token = _invite(team)
    past = utc_now() - timedelta(days=10)
    with team.database.transaction() as session:
        session.execute(
            sa.update(Invitation).values(created_at=past, expires_at=past + timedelta(days=7))
        )
    visitor = team.browser()
    page = visitor.get(f"/invite/{token}")
    assert page.status_code == 404
    assert "This invitation cannot be used" in page.text
    assert visitor.post(f"/invite/{token}", data=_new_account()).status_code == 404
    assert "sam" not in {account.login for account in team.accounts.list()}
    assert team.invitation_states() == ["expired"]


def test_an_unknown_link_gives_the_same_page(team: Team) -> None:
    page = team.browser("nick").get("/invite/not-a-real-token")
    assert page.status_code == 404
    assert "This invitation cannot be used" in page.text


def test_a_refused_new_account_says_why_and_writes_nothing(team: Team) -> None:
    token = _invite(team)
    cases = [
        (_new_account(again="something else entirely"), "The two passwords differ"),
        (_new_account(login="cody", name="Sam"), "cody"),
        (_new_account(login="sam", name="Cody"), "Cody"),
        ({**_new_account(), "password": "tinypass", "password_again": "tinypass"}, "10 characters"),
        (_new_account(login="Not a login!"), "login"),
    ]
    for form, message in cases:
        answer = team.browser().post(f"/invite/{token}", data=form)
        assert answer.status_code in (409, 422), answer.text
        assert "Nothing was changed." in answer.text
        assert message in answer.text
        assert form["password"] not in answer.text
        assert f'value="{form["display_name"]}"' in answer.text  # what was typed is kept
    assert "sam" not in {account.login for account in team.accounts.list()}
    assert team.roles().keys() == {"olive", "anna", "cody", "vera"}
    assert team.invitation_states() == ["open"]


def test_a_bad_invitation_form_says_why_and_creates_nothing(team: Team) -> None:
    owner = team.browser("olive")
    for form, message in (
        ({"role": "boss", "days": "7"}, "There is no role"),
        ({"role": "coder", "days": "0"}, "1 to 90 days"),
        ({"role": "coder", "days": "many"}, "1 to 90 days"),
    ):
        answer = owner.post(f"/projects/{team.project_id}/invitations", data=form)
        assert answer.status_code == 422
        assert "Nothing was changed." in answer.text and message in answer.text
        assert "/invite/" not in answer.text
    assert team.invitation_states() == []


def test_a_local_server_has_no_invitation_page(team: Team) -> None:
    from fastapi.testclient import TestClient

    from qualframe.web.app import create_app

    local = TestClient(create_app(team.database, user="tester"), base_url="http://localhost")
    page = local.get("/invite/anything")
    assert page.status_code == 404
    assert "Invitations are for a team server" in page.text
