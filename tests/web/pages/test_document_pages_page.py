"""A long document is shown a page at a time: each page holds only its part
(at most ``page_characters``), links to the pages around it, and every link to
a position (``?at=``, a passage, a coding, the outline) opens the page
holding it; the JSON API reads the text in parts."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

import qualframe
from qualframe.storage.database import Database

LIMIT = 400


def _markdown() -> str:
    """Four sections of six speaker turns (about 1,200 characters)."""
    parts = []
    for section in range(4):
        parts.append(f"# Section {section}\n\n")
        for turn in range(6):
            speaker = "Interviewer" if turn % 2 == 0 else "Ana"
            parts.append(f"{speaker}: Turn {section}.{turn} says something about support.\n\n")
    return "".join(parts)


class Long:
    """The project and its long document."""

    def __init__(self, project: qualframe.Project, document_id: int) -> None:
        self.project = project
        self.document_id = document_id
        self.url = f"/projects/{project.info.id}/documents/{document_id}"
        self.api = f"/api/projects/{project.info.id}/documents/{document_id}"
        self.text = project.documents.document(document_id).text  # as stored (no "# ")


@pytest.fixture
def long(database: Database, monkeypatch: pytest.MonkeyPatch) -> Long:
    monkeypatch.setenv("QUALFRAME_LIMIT_PAGE_CHARACTERS", str(LIMIT))
    project = qualframe.create_project("Paged", database=database, user="tester")
    project.codebook.add("Support")
    project.documents.import_bytes("long.md", _markdown().encode())
    return Long(project, int(project.documents.documents()["id"].iloc[0]))


def _get(client: TestClient, url: str, **query: object) -> str:
    answer = client.get(url, params=query or None)
    assert answer.status_code == 200, answer.text
    return answer.text


def _data(html: str) -> dict:
    found = re.search(
        r'<script type="application/json" id="document-data">(.*?)</script>', html, re.S
    )
    assert found is not None
    return json.loads(found.group(1))


def _spans(html: str) -> list[tuple[int, int]]:
    return [
        (int(a), int(b))
        for a, b in re.findall(r'class="block"[^>]* data-start="(\d+)" data-end="(\d+)"', html)
    ]


def test_a_page_holds_only_its_part_and_links_to_the_next(client: TestClient, long: Long) -> None:
    html = _get(client, long.url)
    page = _data(html)["page"]
    assert (page["number"], page["start"]) == (1, 0)
    assert page["count"] > 1
    assert page["end"] - page["start"] <= LIMIT
    assert all(page["start"] <= start < end <= page["end"] for start, end in _spans(html))
    assert "Turn 0.0" in html and "Turn 3.5" not in html
    assert f"Page 1 of {page['count']}" in html
    assert 'data-testid="next-page"' in html and 'data-testid="previous-page"' not in html
    assert f'href="{long.url}?page=2"' in html


def test_the_next_page_continues_where_the_first_ends(client: TestClient, long: Long) -> None:
    first = _data(_get(client, long.url))["page"]
    html = _get(client, long.url, page=2)
    second = _data(html)["page"]
    assert second["start"] == first["end"]
    assert all(second["start"] <= s < e <= second["end"] for s, e in _spans(html))
    assert f'href="{long.url}?page=1"' in html


def test_a_coding_on_page_two_is_shown_on_page_two_only(client: TestClient, long: Long) -> None:
    second = long.project.coding.document_page(long.document_id, page=2).page
    start = long.text.index("Turn", second.start)
    coding = long.project.coding.apply(long.document_id, "Support", start, start + 8)
    on_two = _data(_get(client, long.url, page=2))
    assert [row[0] for row in on_two["codings"]] == [coding.id]
    assert _data(_get(client, long.url, page=1))["codings"] == []
    opened = _get(client, long.url, coding=coding.id)
    assert _data(opened)["page"]["number"] == 2
    assert 'data-testid="codings-total">1 coding<' in opened


def test_a_position_or_a_passage_opens_the_page_holding_it(client: TestClient, long: Long) -> None:
    late = long.text.index("Turn 3.4")
    pages = long.project.coding.document_page(long.document_id).pages
    holding = next(page for page in pages if page.start <= late < page.end)
    assert holding.number > 1
    assert _data(_get(client, long.url, at=late))["page"]["number"] == holding.number
    html = _get(client, long.url, start=late, end=late + 8)
    assert _data(html)["page"]["number"] == holding.number
    assert '<mark class="passage" id="passage">Turn 3.4</mark>' in html


def test_the_outline_links_sections_on_other_pages_to_their_page(
    client: TestClient, long: Long
) -> None:
    html = _get(client, long.url)
    links = dict(
        (title, unescape(href))
        for href, title in re.findall(r'<a href="([^"]+)">(Section \d)</a>', html)
    )
    assert links["Section 0"] == "#section-0"
    last = long.text.index("Section 3")
    assert links["Section 3"] == f"{long.url}?at={last}#section-3"
    target = _get(client, long.url, at=last)
    assert 'id="section-3"' in target


def test_the_page_chooser_keeps_the_filters(client: TestClient, long: Long) -> None:
    code = long.project.codebook.get("Support")
    html = _get(client, long.url, code_id=code.id)
    assert f'<input type="hidden" name="code_id" value="{code.id}">' in html
    assert f'href="{long.url}?code_id={code.id}&amp;page=2"' in html
    assert '<label for="page-choice-top">Go to page</label>' in html


def test_a_page_past_the_last_is_explained(client: TestClient, long: Long) -> None:
    answer = client.get(long.url, params={"page": 99})
    assert answer.status_code == 404
    assert "There is no page 99" in answer.text


def test_a_short_document_has_no_pages(
    client: TestClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = qualframe.create_project("Short", database=database, user="tester")
    project.documents.import_bytes("short.txt", b"Ana: Just this.\n")
    document_id = int(project.documents.documents()["id"].iloc[0])
    html = _get(client, f"/projects/{project.info.id}/documents/{document_id}")
    assert _data(html)["page"] is None
    assert "doc-pager" not in html


def test_the_api_reads_the_text_by_page_or_by_offset(client: TestClient, long: Long) -> None:
    second = client.get(f"{long.api}/text", params={"page": 2}).json()
    pages = long.project.coding.document_page(long.document_id).pages
    assert (second["start"], second["end"]) == (pages[1].start, pages[1].end)
    assert second["text"] == long.text[pages[1].start : pages[1].end]
    assert second["length"] == len(long.text) and second["pages"] == len(pages)
    part = client.get(f"{long.api}/text", params={"offset": 10, "limit": 5000}).json()
    assert (part["start"], part["end"], part["next_offset"]) == (10, 10 + LIMIT, 10 + LIMIT)
    bad = client.get(f"{long.api}/text", params={"offset": len(long.text) + 1})
    assert bad.status_code == 422
    assert "outside the text" in bad.json()["error"]["message"]


def test_the_api_document_sends_only_the_first_page_of_a_long_text(
    client: TestClient, long: Long
) -> None:
    answer = client.get(long.api).json()
    end = answer["text_end"]
    assert 0 < end <= LIMIT
    assert answer["document"]["text"] == long.text[:end]
    assert answer["document"]["length"] == len(long.text)
