"""The session cookie's attributes."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from web.accounts.conftest import PASSWORD


def _cookie(app: FastAPI, base: str) -> str:
    with TestClient(app, base_url=base, follow_redirects=False) as client:
        response = client.post("/login", data={"login": "ana", "password": PASSWORD})
        assert response.status_code == 303
        return response.headers["set-cookie"]


def test_the_session_cookie_is_http_only_lax_and_secure_over_https(
    team_app: FastAPI, ana: str
) -> None:
    cookie = _cookie(team_app, "https://localhost")
    assert cookie.startswith("qualframe_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" in cookie
    max_age = int(cookie.split("Max-Age=")[1].split(";")[0])
    assert 12 * 3600 - 60 <= max_age <= 12 * 3600


def test_plain_http_to_a_loopback_address_keeps_the_cookie_unsecured(
    team_app: FastAPI, ana: str
) -> None:
    assert "Secure" not in _cookie(team_app, "http://127.0.0.1")
