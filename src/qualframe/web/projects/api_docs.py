"""The JSON API's reference, rendered from its OpenAPI description (no CDN).

FastAPI's own documentation pages load their scripts from a CDN, which
qualframe never does; this page lists the same operations, served from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from qualframe.web.server.templating import render

router = APIRouter(include_in_schema=False)

_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    """One parameter of an operation, for the reference page."""

    name: str
    where: str
    required: bool
    type: str
    description: str


@dataclass
class Operation:
    """One method on one path, for the reference page."""

    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter] = field(default_factory=list)
    body: str | None = None
    response: str | None = None

    @property
    def anchor(self) -> str:
        """An id for links to this operation."""
        slug = "".join(c if c.isalnum() else "-" for c in self.path).strip("-")
        return f"{self.method}-{slug}"


def type_name(schema: dict[str, Any] | None) -> str:
    """A short readable type of a JSON schema ("integer", "list of CodingView")."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_name(item) for item in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {type_name(schema.get('items'))}"
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    return str(schema.get("type", "object"))


def operations(spec: dict[str, Any]) -> dict[str, list[Operation]]:
    """The operations of an OpenAPI description, grouped by tag, in path order."""
    grouped: dict[str, list[Operation]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            if method in item:
                operation = _operation(method, path, item[method])
                tag = (item[method].get("tags") or ["other"])[0]
                grouped.setdefault(tag, []).append(operation)
    return grouped


def _operation(method: str, path: str, raw: dict[str, Any]) -> Operation:
    parameters = [
        Parameter(
            name=param["name"],
            where=param.get("in", ""),
            required=bool(param.get("required")),
            type=type_name(param.get("schema")),
            description=param.get("description", "")
            or param.get("schema", {}).get("description", ""),
        )
        for param in raw.get("parameters", [])
    ]
    body_content = raw.get("requestBody", {}).get("content", {})
    body = next((type_name(c.get("schema")) for c in body_content.values()), None)
    ok: dict[str, Any] = next(
        (r for status, r in raw.get("responses", {}).items() if status.startswith("2")), {}
    )
    response = next((type_name(c.get("schema")) for c in ok.get("content", {}).values()), None)
    return Operation(
        method=method.upper(),
        path=path,
        summary=raw.get("summary", ""),
        description=raw.get("description", ""),
        parameters=parameters,
        body=body,
        response=response,
    )


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    """Every operation of the JSON API with its parameters, body and answer."""
    spec = request.app.openapi()
    return render(
        request,
        "api_docs.html",
        {
            "groups": operations(spec),
            "info": spec.get("info", {}),
            "schemas": spec.get("components", {}).get("schemas", {}),
        },
    )
