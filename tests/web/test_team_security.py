"""A team server's promises about forged requests and passwords.

- A change from a signed-in browser needs the session's CSRF token (in the
  ``X-CSRF-Token`` header or the form's ``csrf_token`` field), besides the
  Origin checks: without it, or with another session's, the change is
  refused and nothing is written.
- A password is never stored, logged or sent back in clear: not in any
  column of any table, not in the server's log, not in an error's answer.
"""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database
from qualframe.storage.models import Base
from qualframe.web.app import create_app
from route_recorder import RouteRecorder
from web.sample_study import SampleStudy, build_sample_study

PASSWORD = "a long secret passphrase 7"
NEW_PASSWORD = "another secret passphrase 8"


@pytest.fixture
def team_app(database: Database) -> FastAPI:
    application = create_app(database, team=True)
    application.add_middleware(RouteRecorder)
    return application


@pytest.fixture
def coded(database: Database) -> SampleStudy:
    qualframe.open_accounts(database=database).create("cody", "Cody", PASSWORD)
    sample = build_sample_study(database)
    sample.project.members.add("cody", "coder")
    return sample


def _signed_in(
    app: FastAPI, login: str = "cody", password: str = PASSWORD
) -> tuple[TestClient, str]:
    client = TestClient(app, base_url="https://localhost", follow_redirects=False)
    answer = client.post("/api/session", json={"login": login, "password": password})
    assert answer.status_code == 200, answer.text
    return client, answer.json()["csrf_token"]


def _coding_count(sample: SampleStudy) -> int:
    return len(sample.project.coding.codings())


def _coding_body(sample: SampleStudy) -> dict[str, object]:
    return {
        "document_id": sample.interview_id,
        "code_id": sample.hope_code_id,
        "start": 0,
        "end": 11,
    }


@pytest.mark.parametrize("token", [None, "", "0" * 64])
def test_a_change_without_the_sessions_csrf_token_is_refused_and_writes_nothing(
    team_app: FastAPI, coded: SampleStudy, token: str | None
) -> None:
    client, _right = _signed_in(team_app)
    before = _coding_count(coded)
    headers = {} if token is None else {"X-CSRF-Token": token}
    with client:
        answer = client.post(
            f"/api/projects/{coded.project_id}/codings", json=_coding_body(coded), headers=headers
        )
    assert answer.status_code == 403
    assert answer.json()["error"]["type"] == "CsrfRejected"
    assert _coding_count(coded) == before


def test_another_sessions_token_is_refused(team_app: FastAPI, coded: SampleStudy) -> None:
    first, first_token = _signed_in(team_app)
    second, _second_token = _signed_in(team_app)
    before = _coding_count(coded)
    with second:
        answer = second.post(
            f"/api/projects/{coded.project_id}/codings",
            json=_coding_body(coded),
            headers={"X-CSRF-Token": first_token},
        )
    first.close()
    assert answer.status_code == 403
    assert _coding_count(coded) == before


def test_a_change_with_the_token_in_the_header_or_the_form_is_made(
    team_app: FastAPI, coded: SampleStudy
) -> None:
    client, token = _signed_in(team_app)
    before = _coding_count(coded)
    with client:
        answer = client.post(
            f"/api/projects/{coded.project_id}/codings",
            json=_coding_body(coded),
            headers={"X-CSRF-Token": token},
        )
        assert answer.status_code in (200, 201), answer.text
        refused = client.post(
            f"/projects/{coded.project_id}/memos",
            data={"title": "Forged", "kind": "analytic", "body": "x"},
        )
        made = client.post(
            f"/projects/{coded.project_id}/memos",
            data={"title": "Mine", "kind": "analytic", "body": "x", "csrf_token": token},
        )
    assert _coding_count(coded) == before + 1
    assert refused.status_code == 403
    assert made.status_code == 303, made.text
    titles = [memo.title for memo in coded.project.memos.list()]
    assert "Mine" in titles
    assert "Forged" not in titles


def _every_stored_text(database: Database) -> str:
    engine = sa.create_engine(database.url)
    found: list[str] = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                found.extend(str(value) for value in row)
    engine.dispose()
    return "\n".join(found)


def test_passwords_are_never_stored_logged_or_echoed_in_clear(
    team_app: FastAPI, coded: SampleStudy, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answers = []
    with TestClient(team_app, base_url="https://localhost", follow_redirects=False) as client:
        answers.append(
            client.post("/api/session", json={"login": "cody", "password": "wrong " + PASSWORD})
        )
        answers.append(client.post("/login", data={"login": "cody", "password": PASSWORD + "x"}))
        # An incomplete form: its 422 must not echo what was typed.
        answers.append(client.post("/login", data={"password": PASSWORD}))
        answers.append(client.post("/api/session", json={"password": PASSWORD}))
        signed = client.post("/api/session", json={"login": "cody", "password": PASSWORD})
        assert signed.status_code == 200
        token = signed.json()["csrf_token"]
        answers.append(
            client.post(
                "/account/password",
                data={
                    "current": PASSWORD,
                    "new": NEW_PASSWORD,
                    "again": NEW_PASSWORD,
                    "csrf_token": token,
                },
            )
        )
    stored = _every_stored_text(database)
    for secret in (PASSWORD, NEW_PASSWORD, "wrong " + PASSWORD):
        assert secret not in stored
        assert secret not in caplog.text
        for answer in answers:
            assert secret not in answer.text
            assert secret not in answer.headers.get("location", "")
    assert "$argon2id$" in stored  # what is kept instead
