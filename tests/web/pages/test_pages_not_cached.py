"""Pages are never kept by the browser's cache: going Back shows the codings and
counts as they are now, not as the page was left (see the browser test in
web/browser/test_coding_counts_flow.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from web.sample_study import SampleStudy


@pytest.mark.parametrize("path", ["/documents", "/documents/{document}", "/codebook", ""])
def test_a_page_tells_the_browser_not_to_store_it(
    client: TestClient, sample: SampleStudy, path: str
) -> None:
    address = f"/projects/{sample.project_id}" + path.format(document=sample.interview_id)
    answer = client.get(address)
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
