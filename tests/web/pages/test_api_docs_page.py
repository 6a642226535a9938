"""The JSON API's reference page, served without a CDN."""

from __future__ import annotations

import re

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


#: Parameters and body fields naming objects by name (or label, identifier, path).
NAMES = {
    "document", "documents", "participant", "participants", "case", "code", "theme",
    "columns", "row", "label", "speaker", "speakers", "coder", "author", "actor", "by",
    "group_by", "order_by", "question",
}  # fmt: skip


def _body_fields(spec: dict, schema: dict, seen: set[str]) -> list[tuple[str, str, str]]:
    """(schema, field, description) of every field of a request body, nested ones too."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen.add(name)
        schema = {**spec["components"]["schemas"][name], "title": name}
    found = [
        (schema.get("title", ""), field, prop.get("description", ""))
        for field, prop in schema.get("properties", {}).items()
    ]
    inner = [
        *schema.get("allOf", []),
        *schema.get("anyOf", []),
        *schema.get("properties", {}).values(),
    ]
    for part in [*inner, *(p["items"] for p in inner if "items" in p)]:
        found += _body_fields(spec, part, seen)
    return found


def test_every_parameter_naming_an_object_says_whether_it_takes_names_or_ids(
    client: TestClient,
) -> None:
    """Names and ids are separate parameters (issue 9, §5): each says which it takes."""
    spec = client.get("/api/openapi.json").json()
    fields: list[tuple[str, str, str]] = []
    for path, item in spec["paths"].items():
        for operation in item.values():
            fields += [
                (path, p["name"], p.get("description", ""))
                for p in operation.get("parameters", [])
                if p["in"] == "query"
            ]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                fields += _body_fields(spec, content["schema"], set())
    by_id = [f for f in fields if f[1].endswith(("_id", "_ids"))]
    by_name = [f for f in fields if f[1] in NAMES]
    assert len(by_id) > 20 and len(by_name) > 20
    assert [f for f in by_id if not re.search(r"\bids?\b", f[2])] == []
    assert [f for f in by_name if not re.search(r"\bnames?\b", f[2])] == []
