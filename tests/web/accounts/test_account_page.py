"""One's account on a team server: sessions, logging out everywhere, the password."""

from __future__ import annotations

from fastapi.testclient import TestClient

from qualframe.api.accounts import AccountsAPI
from web.accounts.conftest import PASSWORD, log_in


def test_the_account_page_lists_the_sessions_open(new_client, ana: str) -> None:
    first, second = new_client(), new_client()
    log_in(first, "ana")
    log_in(second, "ana")
    page = first.get("/account")
    assert page.status_code == 200
    assert page.text.count("<tr><td>") == 2
    assert "(this browser)" in page.text
    assert "Ana Costa" in page.text and "Log out everywhere" in page.text


def test_logging_out_everywhere_ends_every_session(
    new_client, ana: str, accounts: AccountsAPI
) -> None:
    first, second = new_client(), new_client()
    token = log_in(first, "ana")
    log_in(second, "ana")
    response = first.post("/account/logout-everywhere", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert second.get("/account").status_code == 303
    assert first.get("/account").status_code == 303
    assert accounts.sessions(accounts.find("ana").id) == []


def test_changing_the_password_ends_the_other_sessions_only(
    new_client, ana: str, accounts: AccountsAPI
) -> None:
    first, second = new_client(), new_client()
    token = log_in(first, "ana")
    log_in(second, "ana")
    new = "a new long password"
    response = first.post(
        "/account/password",
        data={"current": PASSWORD, "new": new, "repeat": new, "csrf_token": token},
    )
    assert response.status_code == 303
    assert first.get("/account").status_code == 200
    assert second.get("/account").status_code == 303
    third = new_client()
    log_in(third, "ana", new)


def test_two_different_new_passwords_are_refused_and_nothing_changes(
    team_client: TestClient, ana: str
) -> None:
    token = log_in(team_client, "ana")
    response = team_client.post(
        "/account/password",
        data={"current": PASSWORD, "new": "first new password", "repeat": "second new one!!",
              "csrf_token": token},
        headers={"referer": "https://localhost/account/password"},
    )  # fmt: skip
    assert response.status_code == 303
    assert response.headers["location"] == "/account/password"
    page = team_client.get("/account/password")
    assert "The two new passwords differ" in page.text
    assert "first new password" not in page.text
    other = TestClient(team_client.app, base_url="https://localhost", follow_redirects=False)
    log_in(other, "ana", PASSWORD)  # the old password still works


def test_a_wrong_current_password_changes_nothing(team_client: TestClient, ana: str) -> None:
    token = log_in(team_client, "ana")
    new = "a new long password"
    response = team_client.post(
        "/account/password",
        data={"current": "not my password", "new": new, "repeat": new, "csrf_token": token},
        headers={"referer": "https://localhost/account/password"},
    )
    assert response.status_code == 303
    page = team_client.get("/account/password")
    assert "not my password" not in page.text
    other = TestClient(team_client.app, base_url="https://localhost", follow_redirects=False)
    log_in(other, "ana", PASSWORD)
