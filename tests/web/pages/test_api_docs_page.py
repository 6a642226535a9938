"""The JSON API's reference page, served without a CDN."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_reference_lists_operations_from_the_openapi_description(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "POST /api/projects" in page.text
    assert "cdn" not in page.text.lower()
    spec = client.get("/api/openapi.json").json()
    assert "/api/projects" in spec["paths"]
    # HTML pages are not part of the API description.
    assert "/projects" not in spec["paths"]
