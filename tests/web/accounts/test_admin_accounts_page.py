"""The administrator's accounts page of a team server."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from qualframe.api.accounts import AccountsAPI
from web.accounts.conftest import log_in


def _one_time(page: str) -> str:
    found = re.search(r'<code data-testid="one-time-value">([^<]+)</code>', page)
    assert found is not None, page
    return found.group(1)


def test_an_administrator_creates_an_account_whose_password_is_shown_once(
    new_client, boss: str, accounts: AccountsAPI
) -> None:
    admin = new_client()
    token = log_in(admin, "boss")
    page = admin.post(
        "/admin/accounts",
        data={"login": "sam", "display_name": "Sam (SUR)", "csrf_token": token},
    )
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    password = _one_time(page.text)
    assert accounts.find("sam").must_change_password is True
    assert password not in admin.get("/admin/accounts").text  # shown once
    person = new_client()
    response = person.post("/login", data={"login": "sam", "password": password})
    assert response.headers["location"] == "/account/password"


def test_a_clashing_login_is_refused_and_nothing_is_created(
    team_client: TestClient, boss: str, ana: str, accounts: AccountsAPI
) -> None:
    token = log_in(team_client, "boss")
    response = team_client.post(
        "/admin/accounts",
        data={"login": "ana", "display_name": "Another Ana", "csrf_token": token},
        headers={"referer": "https://localhost/admin/accounts"},
    )
    assert response.status_code == 303
    assert "ana" in team_client.get("/admin/accounts").text
    assert [info.login for info in accounts.list()] == ["ana", "boss"]


def test_resetting_a_password_shows_a_new_one_and_ends_their_sessions(
    new_client, boss: str, ana: str
) -> None:
    admin, person = new_client(), new_client()
    token = log_in(admin, "boss")
    log_in(person, "ana")
    page = admin.post("/admin/accounts/ana/reset-password", data={"csrf_token": token})
    assert page.status_code == 200
    password = _one_time(page.text)
    assert person.get("/account").status_code == 303
    assert person.post("/login", data={"login": "ana", "password": password}).status_code == 303


def test_disabling_an_account_ends_its_sessions_and_enabling_lets_it_back(
    new_client, boss: str, ana: str, accounts: AccountsAPI
) -> None:
    admin, person = new_client(), new_client()
    token = log_in(admin, "boss")
    log_in(person, "ana")
    response = admin.post("/admin/accounts/ana/disable", data={"csrf_token": token})
    assert response.status_code == 303
    assert accounts.find("ana").disabled is True
    assert person.get("/account").status_code == 303
    refused = person.post("/login", data={"login": "ana", "password": "correct horse battery"})
    assert refused.status_code == 401
    admin.post("/admin/accounts/ana/enable", data={"csrf_token": token})
    assert accounts.find("ana").disabled is False
    log_in(person, "ana")


def test_someone_who_is_not_an_administrator_gets_403(
    team_client: TestClient, ana: str, boss: str, accounts: AccountsAPI
) -> None:
    token = log_in(team_client, "ana")
    assert team_client.get("/admin/accounts").status_code == 403
    response = team_client.post(
        "/admin/accounts", data={"login": "eve", "display_name": "Eve", "csrf_token": token}
    )
    assert response.status_code == 403
    reset = team_client.post("/admin/accounts/boss/reset-password", data={"csrf_token": token})
    assert reset.status_code == 403
    assert [info.login for info in accounts.list()] == ["ana", "boss"]
    assert accounts.find("boss").must_change_password is False


def test_the_header_shows_who_is_signed_in_and_the_admin_link(
    new_client, ana: str, boss: str
) -> None:
    person, admin = new_client(), new_client()
    log_in(person, "ana")
    log_in(admin, "boss")
    page = person.get("/account").text
    assert "Signed in as" in page and 'href="/admin/accounts"' not in page
    assert 'href="/admin/accounts">Accounts' in admin.get("/account").text
