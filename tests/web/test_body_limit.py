"""Request bodies are bounded while they arrive: uploads (multipart) by
``request_bytes``, JSON bodies and plain forms by the smaller ``form_bytes``,
each uploaded file by ``file_bytes``; a refusal says the limit and how an
administrator raises it, and nothing is written."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from qualframe.limits import describe_bytes
from qualframe.project import list_projects
from qualframe.storage.database import Database
from qualframe.web.server.body_limit import BodyLimit, BodyTooLarge
from web.sample_study import SampleStudy

LIMIT = 4096


@pytest.fixture
def small_bodies(monkeypatch: pytest.MonkeyPatch) -> int:
    """JSON bodies and plain forms of at most 4 KB (uploads keep their limit)."""
    monkeypatch.setenv("QUALFRAME_LIMIT_FORM_BYTES", str(LIMIT))
    return LIMIT


@pytest.fixture
def small_uploads(monkeypatch: pytest.MonkeyPatch) -> int:
    """Uploads of at most 4 KB (other bodies keep their limit)."""
    monkeypatch.setenv("QUALFRAME_LIMIT_REQUEST_BYTES", str(LIMIT))
    return LIMIT


def test_a_json_body_over_the_limit_is_refused_with_the_limit_and_how_to_raise_it(
    client: TestClient, database: Database, small_bodies: int
) -> None:
    answer = client.post("/api/projects", json={"name": "Big", "description": "x" * 10_000})
    assert answer.status_code == 413
    message = answer.json()["error"]["message"]
    assert "4 KB (4,096 bytes)" in message
    assert "QUALFRAME_LIMIT_FORM_BYTES" in message
    assert "content-security-policy" in answer.headers
    assert list_projects(database=database) == []


def test_a_body_within_the_limit_is_accepted(
    client: TestClient, database: Database, small_bodies: int
) -> None:
    answer = client.post("/api/projects", json={"name": "Small"})
    assert answer.status_code == 201


def test_a_form_over_the_limit_gets_a_page_saying_the_limit(
    client: TestClient, database: Database, small_bodies: int
) -> None:
    answer = client.post("/projects", data={"name": "Big", "description": "y" * 10_000})
    assert answer.status_code == 413
    assert "text/html" in answer.headers["content-type"]
    assert "QUALFRAME_LIMIT_FORM_BYTES" in answer.text
    assert list_projects(database=database) == []


def test_a_body_without_a_length_is_stopped_once_it_passes_the_limit(
    client: TestClient, sample: SampleStudy, database: Database, small_bodies: int
) -> None:
    memos_before = len(sample.project.memos.list())

    def chunks() -> Iterator[bytes]:  # chunked: no Content-Length to trust
        for index in range(100):
            yield b'{"name": "Chunky", "description": "' if index == 0 else b"z" * 1000

    answer = client.post(
        f"/api/projects/{sample.project_id}/memos",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 413
    assert "QUALFRAME_LIMIT_FORM_BYTES" in answer.json()["error"]["message"]
    assert len(sample.project.memos.list()) == memos_before


def _run(app: BodyLimit, scope: Scope, messages: list[Message]) -> tuple[list[Message], int]:
    """Run ``app`` on ``scope`` with the body ``messages``; answers what it sent and
    how many body messages it pulled."""
    pulled = 0
    answered: list[Message] = []

    async def receive() -> Message:
        nonlocal pulled
        pulled += 1
        return messages[pulled - 1] if pulled <= len(messages) else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        answered.append(message)

    # In a thread of its own: a test client before may have left this thread's
    # event loop marked as running, and asyncio.run refuses to nest.
    worker = threading.Thread(target=asyncio.run, args=(app(scope, receive, send),))
    worker.start()
    worker.join()
    return answered, pulled


async def _reading_app(scope: Scope, receive: Receive, send: Send) -> None:
    """An application that reads the whole body, then answers 200."""
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def _scope(headers: list[tuple[bytes, bytes]]) -> Scope:
    return {"type": "http", "method": "POST", "path": "/api/x", "headers": headers}


def test_a_declared_length_over_the_limit_is_refused_before_reading(small_bodies: int) -> None:
    body = [{"type": "http.request", "body": b"x" * 10, "more_body": False}]
    answered, pulled = _run(BodyLimit(_reading_app), _scope([(b"content-length", b"99999")]), body)
    assert pulled == 0
    assert answered[0]["status"] == 413


def test_counting_stops_at_the_first_message_past_the_limit(small_bodies: int) -> None:
    body = [{"type": "http.request", "body": b"x" * 1000, "more_body": True}] * 50
    answered, pulled = _run(BodyLimit(_reading_app), _scope([]), body)
    assert pulled == 5  # 5,000 bytes: the first count over 4,096
    assert answered[0]["status"] == 413
    assert b"QUALFRAME_LIMIT_FORM_BYTES" in answered[-1]["body"]


def test_the_limit_is_read_when_the_request_arrives(monkeypatch: pytest.MonkeyPatch) -> None:
    body = [{"type": "http.request", "body": b"x" * 5000, "more_body": False}]
    app = BodyLimit(_reading_app)
    monkeypatch.setenv("QUALFRAME_LIMIT_FORM_BYTES", "4096")
    assert _run(app, _scope([]), body)[0][0]["status"] == 413
    monkeypatch.setenv("QUALFRAME_LIMIT_FORM_BYTES", "8192")
    assert _run(app, _scope([]), body)[0][0]["status"] == 200


MULTIPART = [(b"content-type", b"multipart/form-data; boundary=x")]


def test_an_upload_body_has_the_upload_limit_and_other_bodies_the_smaller_one(
    small_uploads: int,
) -> None:
    body = [{"type": "http.request", "body": b"x" * 5000, "more_body": False}]
    app = BodyLimit(_reading_app)
    answered, _ = _run(app, _scope(MULTIPART), body)
    assert answered[0]["status"] == 413
    assert b"QUALFRAME_LIMIT_REQUEST_BYTES" in answered[-1]["body"]
    json_body = [(b"content-type", b"application/json")]
    assert _run(app, _scope(json_body), body)[0][0]["status"] == 200  # within 16 MB


def test_a_json_body_past_the_form_limit_is_refused_though_uploads_may_be_larger(
    client: TestClient, sample: SampleStudy, database: Database
) -> None:
    memos_before = len(sample.project.memos.list())
    answer = client.post(
        f"/api/projects/{sample.project_id}/memos",
        content=b'{"name": "Huge", "text": "' + b"z" * (17 * 1024 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 413
    message = answer.json()["error"]["message"]
    assert "16 MB (16,777,216 bytes)" in message and "QUALFRAME_LIMIT_FORM_BYTES" in message
    assert len(sample.project.memos.list()) == memos_before


def test_an_upload_over_the_request_limit_is_refused_and_nothing_is_imported(
    client: TestClient, sample: SampleStudy, database: Database, small_uploads: int
) -> None:
    before = len(sample.project.documents.document_list())
    answer = client.post(
        f"/api/projects/{sample.project_id}/documents",
        files={"files": ("long.txt", b"word " * 2000, "text/plain")},
    )
    assert answer.status_code == 413
    assert "QUALFRAME_LIMIT_REQUEST_BYTES" in answer.json()["error"]["message"]
    assert len(sample.project.documents.document_list()) == before


def test_the_refusal_names_the_limit_in_bytes_people_read() -> None:
    assert describe_bytes(600 * 1024 * 1024) == "600 MB"
    assert describe_bytes(1536) == "1.5 KB"
    assert describe_bytes(900) == "900 bytes"
    assert BodyTooLarge(1024).status_code == 413


def test_an_upload_over_the_file_limit_is_refused_naming_the_file_and_the_variable(
    client: TestClient, sample: SampleStudy, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUALFRAME_LIMIT_FILE_BYTES", "1000")
    before = len(sample.project.documents.document_list())
    answer = client.post(
        f"/api/projects/{sample.project_id}/documents",
        files={"files": ("long.txt", b"word " * 400, "text/plain")},
    )
    assert answer.status_code == 422
    message = answer.json()["error"]["message"]
    assert message.startswith("long.txt: the file is larger than the 1,000 bytes allowed")
    assert "QUALFRAME_LIMIT_FILE_BYTES" in message
    after = len(sample.project.documents.document_list())
    assert after == before


def test_calling_a_body_multipart_does_not_give_a_route_without_files_the_upload_limit(
    client: TestClient, database: Database, small_bodies: int
) -> None:
    form = client.post(
        "/projects",
        files={"description": (None, "y" * 10_000)},
        data={"name": "Big"},
        headers={"Referer": "http://localhost/"},
    )
    assert form.status_code == 413
    assert "QUALFRAME_LIMIT_FORM_BYTES" in form.text
    api = client.post(
        "/api/projects",
        content=b'{"name": "Big", "description": "' + b"z" * 10_000 + b'"}',
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert api.status_code == 413
    assert list_projects(database=database) == []


def test_a_route_taking_files_keeps_the_upload_limit_for_its_multipart_body(
    client: TestClient, sample: SampleStudy, small_bodies: int
) -> None:
    before = len(sample.project.documents.document_list())
    answer = client.post(
        f"/api/projects/{sample.project_id}/documents",
        files={"files": ("long.txt", b"word " * 2000, "text/plain")},
    )
    assert answer.status_code == 201, answer.text
    assert len(sample.project.documents.document_list()) == before + 1
