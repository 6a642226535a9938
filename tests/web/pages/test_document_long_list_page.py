"""A document with more codings than the page lists: the HTML lists the first
few hundred the filters show (the scripts list the rest), and a link lists
them all for a browser without scripts."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from qualframe.web.coding.transcript import LIST_LIMIT
from web.sample_study import SampleStudy

SENTENCES = LIST_LIMIT + 50


def _long_document(sample: SampleStudy) -> int:
    sentences = [f"Sentence number {n} says something." for n in range(SENTENCES)]
    text = "\n\n".join(sentences) + "\n"
    sample.project.documents.import_bytes("Long.txt", text.encode())
    document = sample.project.documents.info("Long.txt").id
    spans, at = [], 0
    for sentence in sentences:
        at = text.index(sentence, at)
        spans.append((document, at, at + len(sentence)))
        at += len(sentence)
    sample.project.coding.add(sample.hope_code_id, spans[0::2])
    sample.project.coding.add(sample.shared_code_id, spans[1::2])
    return document


def _items(html: str) -> list[str]:
    listed = html.split('id="codings-list"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"<li data-coding=\"\d+\"([^>]*)>", listed)


def test_a_long_list_holds_the_first_codings_and_links_to_all(
    client: TestClient, sample: SampleStudy
) -> None:
    document = _long_document(sample)
    page = client.get(f"/projects/{sample.project_id}/documents/{document}")
    assert page.status_code == 200
    assert len(_items(page.text)) == LIST_LIMIT
    assert f"The list shows the first {LIST_LIMIT} of {SENTENCES} codings." in page.text
    assert f"Showing all {SENTENCES} codings." in page.text
    everything = client.get(f"/projects/{sample.project_id}/documents/{document}?all_codings=1")
    assert len(_items(everything.text)) == SENTENCES
    assert 'id="codings-more"' not in everything.text


def test_a_filtered_long_list_lists_only_shown_codings_none_hidden(
    client: TestClient, sample: SampleStudy
) -> None:
    document = _long_document(sample)
    answer = client.get(
        f"/projects/{sample.project_id}/documents/{document}?code_id={sample.hope_code_id}"
    )
    hope = (SENTENCES + 1) // 2
    items = _items(answer.text)
    assert len(items) == hope  # fewer than the limit: every shown coding, none hidden
    assert not any("hidden" in attributes for attributes in items)
    assert 'id="codings-more"' not in answer.text
