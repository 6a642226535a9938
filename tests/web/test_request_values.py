"""Values no database takes, through the web: ids beyond any id are not found
(404), text with NUL or half characters and numbers too large are refused
(422), never a 500, the same on SQLite and PostgreSQL, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from qualframe.storage.database import Database
from row_counts import row_counts
from web.sample_study import SampleStudy

HUGE = 2**63
JSON = {"content-type": "application/json"}


def _unchanged(database: Database, request: Callable[[], Any]) -> Any:
    before = row_counts(database)
    answer = request()
    assert row_counts(database) == before
    return answer


@pytest.mark.parametrize("number", [2**31, HUGE, 2**64, -HUGE])
def test_an_id_beyond_any_id_in_the_address_is_not_found(
    client: TestClient, database: Database, sample: SampleStudy, number: int
) -> None:
    base = f"/api/projects/{sample.project_id}"
    for path, what in [
        (f"/api/projects/{number}", "project"),
        (f"{base}/documents/{number}", "document"),
        (f"{base}/codes/{number}", "code"),
        (f"{base}/codings/{number}", "coding"),
    ]:
        answer = _unchanged(database, lambda path=path: client.get(path))
        assert answer.status_code == 404, (path, answer.text)
        assert answer.json()["error"]["message"] == f"There is no {what} with id {number}."
    page = client.get(f"/projects/{sample.project_id}/codebook/{HUGE}/edit")
    assert page.status_code == 404
    assert f"There is no code with id {HUGE}." in page.text


def test_a_write_to_an_id_beyond_any_id_is_not_found_and_writes_nothing(
    client: TestClient, database: Database, sample: SampleStudy
) -> None:
    answer = _unchanged(
        database,
        lambda: client.patch(
            f"/api/projects/{sample.project_id}/codes/{HUGE}", json={"definition": "x"}
        ),
    )
    assert answer.status_code == 404


def test_an_id_beyond_any_id_in_the_query_or_the_body_is_not_found(
    client: TestClient, database: Database, sample: SampleStudy
) -> None:
    base = f"/api/projects/{sample.project_id}"
    listed = client.get(f"{base}/codings", params={"code_id": str(HUGE)})
    assert listed.status_code == 404
    assert listed.json()["error"]["message"] == f"There is no code with id {HUGE}."
    body = {"document_id": HUGE, "code_id": sample.trust_code_id, "start": 0, "end": 5}
    coded = _unchanged(database, lambda: client.post(f"{base}/codings", json=body))
    assert coded.status_code == 404
    assert coded.json()["error"]["message"] == f"There is no document with id {HUGE}."


def test_a_number_beyond_what_is_stored_is_refused_as_too_large(
    client: TestClient, database: Database, sample: SampleStudy
) -> None:
    base = f"/api/projects/{sample.project_id}"
    created = _unchanged(
        database, lambda: client.post(f"{base}/codes", json={"name": "New", "position": HUGE})
    )
    assert created.status_code == 422
    assert created.json()["error"]["message"] == (
        f"The value of 'position' is {HUGE}, larger than any number qualframe stores "
        "(at most 2,147,483,647 either way)."
    )
    page = client.get(f"/projects/{sample.project_id}/codebook/new", params={"parent": HUGE})
    assert page.status_code == 422
    assert "The value of &#39;parent&#39; is 9223372036854775808" in page.text


def test_digits_in_text_are_text_however_many(client: TestClient, sample: SampleStudy) -> None:
    answer = client.get(
        f"/api/projects/{sample.project_id}/search", params={"q": "123456789012345678901"}
    )
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"name": "a\\ud800b"}', "The value of 'name' contains U+D800, half of a character"),
        ('{"name": "a\\u0000b"}', "The value of 'name' contains a NUL character (\\x00)"),
        (
            '{"name": "ok", "definition": "x\\udfffy"}',
            "The value of 'definition' contains U+DFFF, half of a character",
        ),
        ('{"name": "ok", "a\\u0000": 1}', "The name of a field in the body contains a NUL"),
    ],
)
def test_json_text_no_database_stores_is_refused_with_a_clear_message(
    client: TestClient, database: Database, sample: SampleStudy, raw: str, message: str
) -> None:
    answer = _unchanged(
        database,
        lambda: client.post(f"/api/projects/{sample.project_id}/codes", content=raw, headers=JSON),
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["message"].startswith(message)


def test_a_pair_of_surrogate_escapes_is_one_character_and_accepted(
    client: TestClient, sample: SampleStudy
) -> None:
    raw = '{"name": "Joy \\ud83d\\ude00"}'
    answer = client.post(f"/api/projects/{sample.project_id}/codes", content=raw, headers=JSON)
    assert answer.status_code == 201, answer.text
    assert answer.json()["name"] == "Joy \U0001f600"


def test_a_query_with_a_nul_is_refused_before_any_lookup(
    client: TestClient, sample: SampleStudy
) -> None:
    answer = client.get(f"/api/projects/{sample.project_id}/codings", params={"code": "Tr\x00ust"})
    assert answer.status_code == 422
    assert answer.json()["error"]["message"].startswith("The value of 'code' contains a NUL")


def test_a_form_with_a_nul_goes_back_to_its_page_with_the_message(
    client: TestClient, database: Database, sample: SampleStudy
) -> None:
    form_page = f"http://localhost/projects/{sample.project_id}/codebook/new"
    answer = _unchanged(
        database,
        lambda: client.post(
            f"/projects/{sample.project_id}/codebook",
            data={"name": "Tr\x00ust"},
            headers={"referer": form_page},
            follow_redirects=False,
        ),
    )
    assert answer.status_code == 303
    shown = client.get(answer.headers["location"])
    assert "The value of &#39;name&#39; contains a NUL character" in shown.text


def test_an_upload_whose_file_name_has_a_nul_is_refused(
    client: TestClient, database: Database, sample: SampleStudy
) -> None:
    # Written by hand: the test client would percent-encode the NUL.
    body = (
        b'--B\r\nContent-Disposition: form-data; name="files"; filename="p\x0001.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\nP01: Hello there.\n\r\n--B--\r\n"
    )
    headers = {"content-type": "multipart/form-data; boundary=B"}
    answer = _unchanged(
        database,
        lambda: client.post(
            f"/api/projects/{sample.project_id}/documents", content=body, headers=headers
        ),
    )
    assert answer.status_code == 422, answer.text
    assert (
        "name of the file uploaded as 'files' contains a NUL" in answer.json()["error"]["message"]
    )


def test_an_upload_with_a_file_name_longer_than_a_name_is_stored_shortened(
    client: TestClient, sample: SampleStudy
) -> None:
    name = "an interview with a very long name " * 20 + ".txt"
    files = {"files": (name, b"P01: Hello there.\n", "text/plain")}
    answer = client.post(f"/api/projects/{sample.project_id}/documents", files=files)
    assert answer.status_code == 201, answer.text
    (stored,) = answer.json()["imported"]
    assert stored["renamed"] and len(stored["name"]) == 500


def test_an_upload_in_utf16_without_a_byte_order_mark_is_imported(
    client: TestClient, sample: SampleStudy
) -> None:
    text = "Interviewer: How was it?\n\nP01: Grüße, it was fine.\n"
    files = {"files": ("p03.txt", text.encode("utf-16-be"), "text/plain")}
    answer = client.post(f"/api/projects/{sample.project_id}/documents", files=files)
    assert answer.status_code == 201, answer.text


def test_an_upload_with_a_non_text_codec_names_the_option(
    client: TestClient, database: Database, sample: SampleStudy
) -> None:
    files = {"files": ("p03.txt", b"aGVsbG8=", "text/plain")}
    answer = _unchanged(
        database,
        lambda: client.post(
            f"/api/projects/{sample.project_id}/documents",
            files=files,
            data={"encoding": "rot13"},
        ),
    )
    assert answer.status_code == 422
    assert "--encoding 'rot13' is not a text encoding" in answer.json()["error"]["message"]


def test_a_deeply_nested_body_is_answered_without_a_crash(
    client: TestClient, sample: SampleStudy
) -> None:
    raw = '{"name": "x", "definition": ' + "[" * 900 + "]" * 900 + "}"
    answer = client.post(f"/api/projects/{sample.project_id}/codes", content=raw, headers=JSON)
    assert answer.status_code in (400, 422), answer.text
