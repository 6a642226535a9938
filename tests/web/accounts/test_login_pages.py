"""Logging in and out of a team server through its pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from qualframe.api.accounts import AccountsAPI
from qualframe.services.accounts import sessions
from qualframe.storage.models.base import utc_now
from web.accounts.conftest import PASSWORD, csrf_of, log_in

FAILED = (
    "That login name and password do not match; "
    "after five wrong passwords in a row an account waits a few minutes."
)


def test_the_login_page_asks_for_login_and_password(team_client: TestClient) -> None:
    page = team_client.get("/login")
    assert page.status_code == 200
    assert 'name="login"' in page.text and 'type="password"' in page.text
    assert "Log in" in page.text


def test_a_right_password_logs_in_and_goes_on_to_the_page_asked_for(
    team_client: TestClient, ana: str
) -> None:
    response = team_client.post(
        "/login", data={"login": "ANA", "password": PASSWORD, "next": "/account"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/account"
    page = team_client.get("/account")
    assert page.status_code == 200
    assert "Signed in as <strong" in page.text and "Ana Costa" in page.text


@pytest.mark.parametrize(("login", "password"), [("ana", "wrong password!"), ("nobody", PASSWORD)])
def test_a_wrong_login_or_password_gets_one_message_and_no_session(
    team_client: TestClient, ana: str, login: str, password: str
) -> None:
    response = team_client.post("/login", data={"login": login, "password": password})
    assert response.status_code == 401
    assert FAILED in response.text
    assert password not in response.text
    assert "qualframe_session" not in response.headers.get("set-cookie", "")
    assert team_client.get("/account").status_code == 303  # still not logged in


def test_a_login_after_too_many_failures_is_locked_even_with_the_right_password(
    team_client: TestClient, ana: str, accounts: AccountsAPI
) -> None:
    for _ in range(5):
        team_client.post("/login", data={"login": "ana", "password": "not the password"})
    response = team_client.post("/login", data={"login": "ana", "password": PASSWORD})
    assert response.status_code == 401
    assert "an account waits a few minutes" in response.text
    assert accounts.find("ana").locked_until is not None
    assert team_client.get("/account").status_code == 303


def test_a_page_without_a_login_goes_to_the_login_form_and_back(
    team_client: TestClient, ana: str
) -> None:
    response = team_client.get("/projects/1/documents?x=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fprojects%2F1%2Fdocuments%3Fx%3D1"
    assert team_client.get("/").headers["location"] == "/login?next=%2F"


def test_the_json_api_without_a_login_answers_401(team_client: TestClient) -> None:
    response = team_client.get("/api/projects/1")
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "LoginNeeded"


def test_logging_out_ends_the_session(team_client: TestClient, ana: str) -> None:
    token = log_in(team_client, "ana")
    cookie = team_client.cookies.get("qualframe_session")
    response = team_client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert team_client.get("/account").status_code == 303
    # The old token opens nothing any more, even if a copy was kept.
    team_client.cookies.set("qualframe_session", cookie or "", domain="localhost")
    assert team_client.get("/account").status_code == 303


def test_a_login_form_refused_as_invalid_never_echoes_the_password(
    team_client: TestClient, ana: str
) -> None:
    secret = "hunter2-" + "x" * 1100  # longer than any password
    response = team_client.post("/login", data={"login": "ana", "password": secret})
    assert response.status_code == 422
    assert "hunter2" not in response.text
    api = team_client.post("/api/session", json={"login": "ana", "password": secret})
    assert api.status_code == 422
    assert "hunter2" not in api.text
    unstorable = team_client.post("/login", data={"login": "ana", "password": "hunter2\x00pw"})
    assert unstorable.status_code == 422
    assert "hunter2" not in unstorable.text


def test_a_one_time_password_sends_every_page_to_the_password_form(
    team_client: TestClient, ana: str, accounts: AccountsAPI
) -> None:
    one_time = accounts.reset_password("ana")
    response = team_client.post("/login", data={"login": "ana", "password": one_time})
    assert response.headers["location"] == "/account/password"
    for path in ("/", "/account", "/admin/accounts"):
        assert team_client.get(path).headers["location"] == "/account/password"
    assert team_client.get("/api/session").status_code == 200
    assert team_client.get("/api/projects").json()["error"]["type"] == "PasswordChangeNeeded"
    page = team_client.get("/account/password")
    assert page.status_code == 200
    assert "choose your own" in page.text
    token = csrf_of(team_client, "/account/password")
    new = "my own good password"
    changed = team_client.post(
        "/account/password",
        data={"current": one_time, "new": new, "repeat": new, "csrf_token": token},
    )
    assert changed.status_code == 303 and changed.headers["location"] == "/"
    assert team_client.get("/").status_code == 200
    assert accounts.find("ana").must_change_password is False


def test_an_idle_session_and_an_old_one_end(
    team_client: TestClient, ana: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_in(team_client, "ana")
    start = utc_now()
    monkeypatch.setattr(sessions, "utc_now", lambda: start + timedelta(minutes=119))
    assert team_client.get("/account").status_code == 200  # used: no longer idle
    later = start + timedelta(minutes=119 + 121)
    monkeypatch.setattr(sessions, "utc_now", lambda: later)
    assert team_client.get("/account").status_code == 303  # idle for over two hours

    monkeypatch.setattr(sessions, "utc_now", utc_now)
    log_in(team_client, "ana")
    now = utc_now()
    for hours in range(1, 12):  # used every hour: never idle
        monkeypatch.setattr(sessions, "utc_now", lambda h=hours: now + timedelta(hours=h))
        assert team_client.get("/account").status_code == 200
    monkeypatch.setattr(sessions, "utc_now", lambda: now + timedelta(hours=12, minutes=1))
    assert team_client.get("/account").status_code == 303  # twelve hours after the login


def test_too_many_login_attempts_from_one_address_answer_429(
    team_client: TestClient, ana: str
) -> None:
    for _ in range(10):
        team_client.post("/login", data={"login": "someone", "password": "guess guess"})
    response = team_client.post("/login", data={"login": "ana", "password": PASSWORD})
    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert "Too many login attempts from your address" in response.text
    assert "qualframe_session" not in response.headers.get("set-cookie", "")
    api = team_client.post("/api/session", json={"login": "ana", "password": PASSWORD})
    assert api.status_code == 429
    assert api.json()["error"]["type"] == "TooManyLogins"


def test_the_user_page_of_a_team_server_is_the_account_page(
    team_client: TestClient, ana: str
) -> None:
    assert team_client.get("/user").headers["location"] == "/account"


def test_a_local_server_has_no_login_nor_account_pages(client: TestClient) -> None:
    assert client.get("/login", follow_redirects=False).headers["location"] == "/user"
    for path in ("/account", "/account/password", "/admin/accounts"):
        response = client.get(path)
        assert response.status_code == 404
        assert "This server has no accounts" in response.text
    assert client.get("/api/session").status_code == 401


def test_logging_in_again_ends_the_browsers_earlier_session(
    team_client: TestClient, ana: str, boss: str, accounts: AccountsAPI
) -> None:
    token = log_in(team_client, "ana")
    response = team_client.post(
        "/login", data={"login": "boss", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303
    assert accounts.sessions(accounts.find("ana").id) == []
    assert "Bo Boss" in team_client.get("/account").text
