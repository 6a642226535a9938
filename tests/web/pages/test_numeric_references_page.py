"""Names made of digits through the pages: an address names objects by name
(``code``, ``document``, ``columns``...) or by id (``code_id``,
``document_id``, ``column_id``...), never guessed from digits; the forms
and links a page writes name them as it reads them (issue 9, §5).

In the numbered study (see :class:`web.sample_study.NumberedStudy`) id 1 is
the participant "3", the document "103" and the code "7", and id 7 is the
code "Trust".
"""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from web.sample_study import NumberedStudy


def _get(client: TestClient, study: NumberedStudy, path: str, **params: object) -> str:
    answer = client.get(f"/projects/{study.project_id}{path}", params=params or None)
    assert answer.status_code == 200, answer.text
    return answer.text


def _text(page: str) -> str:
    """The page's text: tags read as a space, white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_the_document_view_filters_by_code_name_and_by_code_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    path = f"/documents/{numbered.documents['103']}"
    by_name = _get(client, numbered, path, code="7")
    assert "Showing 1 of 2 codings." in by_name
    data = re.search(r'<script type="application/json" id="document-data">(.*?)</script>', by_name)
    assert data is not None
    assert json.loads(data.group(1))["filters"]["codes"] == [numbered.codes["7"]]
    assert 'value="1" id="filter-code-1" checked' in by_name
    assert 'value="7" id="filter-code-7">' in by_name
    assert 'href="?code_id=1&amp;coding=' in by_name  # its links name the code by id
    by_id = _get(client, numbered, path, code_id=7)
    assert "Showing 1 of 2 codings." in by_id
    assert 'value="7" id="filter-code-7" checked' in by_id
    assert 'href="?code_id=7&amp;coding=' in by_id
    unknown = client.get(f"/projects/{numbered.project_id}{path}", params={"code": "8"})
    assert unknown.status_code == 404


def test_the_search_page_filters_by_document_name_and_by_document_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    by_name = _get(client, numbered, "/search", q="river", document="101")
    assert "1 matching passage for river (1 hit)." in _text(by_name)
    assert "Participant 1 walked by the" in _text(by_name)
    assert 'value="3" id="doc-3" checked' in by_name  # the document "101" has id 3
    assert '<input type="hidden" name="document" value="101">' in by_name
    by_id = _get(client, numbered, "/search", q="river", document_id=1)
    assert "Participant 3 walked by the" in _text(by_id)
    assert 'value="1" id="doc-1" checked' in by_id
    assert '<input type="hidden" name="document_id" value="1">' in by_id


def test_coding_all_hits_from_the_page_by_code_name_and_by_code_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    by_name = _get(client, numbered, "/search", q="river", code="7", spread="match", preview=1)
    assert "with '7' would code" in _text(by_name)
    assert '<input type="hidden" name="code" value="7">' in by_name
    assert '<option value="1" selected>7</option>' in by_name
    by_id = _get(client, numbered, "/search", q="river", code_id=7, spread="match", preview=1)
    assert "with 'Trust' would code 3 passages" in _text(by_id)
    assert '<input type="hidden" name="code_id" value="7">' in by_id
    done = client.post(
        f"/projects/{numbered.project_id}/search/code-all-hits",
        data={"q": "river", "code": "7", "spread": "match", "document": "101"},
    )
    assert "Coded 1 passage with '7'" in _text(done.text)
    coded = numbered.project.coding.codings("7")
    assert sorted(coded["document"]) == ["101", "103"]


def test_the_matrix_page_takes_columns_by_code_name_and_by_code_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    by_name = _get(client, numbered, "/matrix", columns="7")
    assert "3 participants × 1 code" in by_name
    assert 'id="f-column-1" name="column_id" value="1" checked' in by_name
    assert re.search(r'data-row="3" data-code="1" data-codings="1"', by_name)
    links = re.findall(r'class="matrix__link" href="([^"]+)"', by_name)
    query = parse_qs(urlsplit(unescape(links[0])).query)
    assert (query["columns"], query["code_id"]) == (["7"], ["1"])
    cell = _get(client, numbered, "/matrix/cell", row_kind="participant", row="1", code="7")
    assert "1 × 7" in _text(cell)
    assert '<input type="hidden" name="code_id" value="1">' in cell
    by_id = _get(client, numbered, "/matrix", column_id=7)
    assert 'id="f-column-7" name="column_id" value="7" checked' in by_id
    assert re.search(r'data-row="1" data-code="7" data-codings="1"', by_id)
    assert "column_id=7" in unescape(re.findall(r'class="matrix__link" href="([^"]+)"', by_id)[0])


def test_the_comparison_page_takes_codes_by_name_and_by_id(
    client: TestClient, numbered: NumberedStudy
) -> None:
    by_name = _get(client, numbered, "/compare/code", code="7", by="site")
    assert "'7' by site" in _text(by_name)
    assert '<option value="1" selected>7</option>' in by_name
    assert "/compare/code/export?code=7&amp;by=site" in by_name
    by_id = _get(client, numbered, "/compare/code", code_id=7, by="site")
    assert "'Trust' by site" in _text(by_id)
    assert '<option value="7" selected>Trust</option>' in by_id
    assert "/compare/code/export?code_id=7&amp;by=site" in by_id
    cooccurrence = _get(client, numbered, "/compare/cooccurrence", code="7", code_id=7)
    assert 'id="code-1" checked' in cooccurrence and 'id="code-7" checked' in cooccurrence
