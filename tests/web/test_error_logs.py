"""An unexpected error in the web application is logged as an id, its type and
where it happened: never its message, the SQL parameters or the interview
text they carry, neither in qualframe's log nor in the web server's."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

import qualframe
from qualframe.storage.database import Database
from qualframe.storage.models import Code
from qualframe.web.app import create_app

#: Interview text that an unexpected database error carries in its SQL parameters.
SENTINEL = "P7 told me about the overdose in March"


def _add_failing_route(app: FastAPI, database: Database) -> None:
    """``GET /api/boom``: a write that fails in the database (a code without a
    name) while its definition holds :data:`SENTINEL`."""
    project = qualframe.create_project("Study", database=database, user="tester")

    @app.get("/api/boom")
    @app.get("/boom")
    def boom() -> None:
        with database.transaction() as session:
            session.add(Code(project_id=project.info.id, name=None, definition=SENTINEL))
            session.flush()


def _client(app: FastAPI) -> TestClient:
    """A client that gets the 500 answer of a bug rather than the exception."""
    return TestClient(app, base_url="http://localhost", raise_server_exceptions=False)


def _codes(database: Database) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.count()).select_from(Code)) or 0


def test_a_database_bug_is_logged_with_an_id_and_without_the_interview_text(
    app: FastAPI, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    _add_failing_route(app, database)
    with caplog.at_level(logging.ERROR), _client(app) as client:
        answer = client.get("/api/boom")
        page = client.get("/boom")
    assert answer.status_code == 500 and page.status_code == 500
    error = answer.json()["error"]
    assert error["type"] == "InternalError"
    assert f"error {error['id']}" in error["message"]
    assert SENTINEL not in answer.text and SENTINEL not in page.text
    logged = caplog.text
    assert f"Unexpected error {error['id']}: IntegrityError in " in logged
    assert "during GET /api/boom" in logged and "during GET /boom" in logged
    assert "(message withheld)" in logged and 'File "qualframe/' in logged
    assert SENTINEL not in logged and "[parameters:" not in logged
    assert _codes(database) == 0  # nothing was saved


def test_the_web_servers_record_of_the_error_names_the_incident_only(
    app: FastAPI, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    try:
        with database.transaction() as session:
            session.add(Code(project_id=1, name=None, definition=SENTINEL))
            session.flush()
    except Exception as error:  # the database's error, whatever its type
        raised = error
    with caplog.at_level(logging.ERROR):
        logging.getLogger("uvicorn.error").error("Exception in ASGI application\n", exc_info=raised)
    (record,) = [r for r in caplog.records if r.name == "uvicorn.error"]
    assert record.exc_info is None
    assert "Exception in ASGI application" in record.getMessage()
    assert "reported as error " in record.getMessage()
    assert SENTINEL not in caplog.text


def test_with_debug_the_log_has_the_traceback_but_no_sql_parameters(
    app: FastAPI,
    database: Database,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QUALFRAME_DEBUG", "1")
    _add_failing_route(app, database)
    with caplog.at_level(logging.ERROR), _client(app) as client:
        assert client.get("/api/boom").status_code == 500
    assert "Traceback" in caplog.text
    assert "[SQL parameters hidden due to hide_parameters=True]" in caplog.text


def test_a_running_server_logs_no_interview_text(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(database, user="tester")
    _add_failing_route(app, database)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    with caplog.at_level(logging.ERROR):
        thread.start()
        try:
            deadline = time.monotonic() + 10
            while not server.started and time.monotonic() < deadline:
                time.sleep(0.02)
            port = server.servers[0].sockets[0].getsockname()[1]
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/boom", timeout=10)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    assert answer.value.code == 500
    reference = json.loads(answer.value.read())["error"]["id"]
    assert f"reported as error {reference}" in caplog.text  # uvicorn's own record
    assert SENTINEL not in caplog.text and "[parameters:" not in caplog.text


def test_an_invitation_links_token_never_reaches_the_log() -> None:
    from qualframe.web.server.error_pages import logged_path

    assert logged_path("/invite/Sx9_secret-Token") == "/invite/…"
    assert logged_path("/projects/3/members") == "/projects/3/members"
