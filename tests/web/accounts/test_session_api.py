"""The JSON API's login session: POST, GET and DELETE /api/session."""

from __future__ import annotations

from fastapi.testclient import TestClient

from qualframe.api.accounts import AccountsAPI
from qualframe.services.accounts.sessions import FAILED
from web.accounts.conftest import PASSWORD


def test_a_script_logs_in_reads_who_it_is_and_logs_out(team_client: TestClient, ana: str) -> None:
    response = team_client.post("/api/session", json={"login": "ana", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["account"]["login"] == "ana"
    assert body["account"]["display_name"] == "Ana Costa"
    assert PASSWORD not in response.text
    token = body["csrf_token"]
    assert team_client.get("/api/session").json()["csrf_token"] == token
    assert team_client.delete("/api/session").status_code == 403  # no token
    assert team_client.delete("/api/session", headers={"X-CSRF-Token": token}).status_code == 204
    after = team_client.get("/api/session")
    assert after.status_code == 401
    assert after.json()["error"]["type"] == "LoginNeeded"


def test_a_wrong_password_answers_401_with_one_message(team_client: TestClient, ana: str) -> None:
    response = team_client.post("/api/session", json={"login": "ana", "password": "nope nope"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == FAILED
    assert "nope nope" not in response.text


def test_logging_in_again_ends_the_clients_earlier_session(
    team_client: TestClient, ana: str, accounts: AccountsAPI
) -> None:
    first = team_client.post("/api/session", json={"login": "ana", "password": PASSWORD}).json()
    account_id = first["account"]["id"]
    again = team_client.post(
        "/api/session",
        json={"login": "ana", "password": PASSWORD},
        headers={"X-CSRF-Token": first["csrf_token"]},
    )
    assert again.status_code == 200
    assert len(accounts.sessions(account_id)) == 1
