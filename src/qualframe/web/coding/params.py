"""The document view's filters, as its page and its JSON twin are asked them.

``GET /projects/{pid}/documents/{id}`` (the page) and
``GET /api/projects/{pid}/documents/{id}/codings`` take the same query:
``code`` (codes by name or path) and ``code_id`` (codes by id), each
repeatable (which codes to show; none: every code), and ``coder``. The
page's own links and forms name codes by id.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from qualframe.project import Project
from qualframe.services.core.refs import Ref
from qualframe.web.server.refs import Ids, filled, refs_of


class CodingFilterParams(BaseModel):
    """Which codings of a document to show; a blank item is ignored."""

    code: list[str] = Field(
        default_factory=list, description="Only these codes, by name or path (repeatable)."
    )
    code_id: Ids = Field(default_factory=list, description="Only these codes, by id (repeatable).")
    coder: str | None = Field(default=None, description="Only this coder's codings (by name).")

    def code_refs(self) -> list[Ref] | None:
        """The codes as references (names, then ids), None when no code is given."""
        return refs_of(self.code, self.code_id) or None

    def code_ids(self, project: Project) -> list[int]:
        """The codes as ids: those given by id, and those given by name or path
        found in ``project``'s codebook (raises :class:`NotFoundError` for a name
        no code has)."""
        named = [project.codebook.get(name).id for name in filled(self.code)]
        return list(dict.fromkeys([*named, *self.code_id]))
