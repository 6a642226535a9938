"""A team server's CSRF tokens: every unsafe request of a session carries one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from qualframe.project import list_projects
from qualframe.storage.database import Database
from qualframe.web.server.templating import TEMPLATES
from web.accounts.conftest import log_in

REFUSED = "security token, so it was refused and nothing was saved"


@pytest.mark.parametrize("sent", [None, "", "not-the-token"])
def test_a_form_post_without_the_right_token_is_refused_and_nothing_is_done(
    team_client: TestClient, ana: str, database: Database, sent: str | None
) -> None:
    log_in(team_client, "ana")
    data = {"name": "Forged"} | ({} if sent is None else {"csrf_token": sent})
    response = team_client.post("/projects", data=data)
    assert response.status_code == 403
    assert REFUSED in response.text
    assert list_projects(database=database) == []


def test_a_form_post_with_the_token_is_done(
    team_client: TestClient, ana: str, database: Database
) -> None:
    token = log_in(team_client, "ana")
    response = team_client.post("/projects", data={"name": "Mine", "csrf_token": token})
    assert response.status_code == 303
    assert [info.name for info in list_projects(database=database)] == ["Mine"]


def test_a_json_request_needs_the_token_in_its_header(
    team_client: TestClient, ana: str, database: Database
) -> None:
    token = log_in(team_client, "ana")
    refused = team_client.post("/api/projects", json={"name": "Forged"})
    assert refused.status_code == 403
    assert refused.json()["error"]["type"] == "CsrfRejected"
    wrong = team_client.post(
        "/api/projects", json={"name": "Forged"}, headers={"X-CSRF-Token": token[:-1] + "0"}
    )
    assert wrong.status_code == 403
    assert list_projects(database=database) == []
    done = team_client.post(
        "/api/projects", json={"name": "Scripted"}, headers={"X-CSRF-Token": token}
    )
    assert done.status_code == 201, done.text


def test_the_token_of_another_session_is_refused(
    new_client, ana: str, boss: str, database: Database
) -> None:
    first, second = new_client(), new_client()
    log_in(first, "ana")
    other = log_in(second, "boss")
    response = first.post("/projects", data={"name": "Forged", "csrf_token": other})
    assert response.status_code == 403
    assert list_projects(database=database) == []


def test_a_multipart_form_carries_the_token_in_a_field(team_client: TestClient, ana: str) -> None:
    token = log_in(team_client, "ana")
    created = team_client.post("/projects", data={"name": "Study", "csrf_token": token})
    pid = created.headers["location"].rsplit("/", 1)[1]
    files = {"files": ("a.txt", b"Hello there.\n", "text/plain")}
    refused = team_client.post(f"/projects/{pid}/documents/upload", files=files)
    assert refused.status_code == 403
    sent = team_client.post(
        f"/projects/{pid}/documents/upload", files=files, data={"csrf_token": token}
    )
    assert sent.status_code != 403


def test_a_local_server_has_no_token_and_checks_none(client: TestClient) -> None:
    page = client.get("/")
    assert 'name="csrf-token"' not in page.text
    assert (
        client.post("/projects", data={"name": "Local"}, follow_redirects=False).status_code == 303
    )


def _post_forms(text: str) -> list[tuple[int, str]]:
    """(line, form) of each form that posts, with its content up to </form>."""
    found = []
    for match in re.finditer(r"<form\b[^>]*>", text, re.IGNORECASE):
        if re.search(r'method\s*=\s*"post"', match.group(0), re.IGNORECASE):
            end = text.find("</form>", match.end())
            line = text.count("\n", 0, match.start()) + 1
            found.append((line, text[match.start() : end if end != -1 else len(text)]))
    return found


def test_every_form_that_posts_carries_the_csrf_field() -> None:
    missing = [
        f"{path.relative_to(TEMPLATES)}:{line}"
        for path in sorted(Path(TEMPLATES).rglob("*.html"))
        for line, form in _post_forms(path.read_text(encoding="utf-8"))
        if "csrf_field()" not in form
    ]
    assert not missing, f"forms that post without {{{{ csrf_field() }}}}: {missing}"
    assert len(_post_forms((Path(TEMPLATES) / "user.html").read_text())) == 1
