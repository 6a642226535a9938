"""The document view's filters, as its page and its JSON twin are asked them.

``GET /projects/{pid}/documents/{id}`` (the page) and
``GET /api/projects/{pid}/documents/{id}/codings`` take the same query:
``code`` repeated (which codes to show; none: every code) and ``coder``.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from qualframe.errors import ValidationError
from qualframe.services.core.refs import Ref
from qualframe.web.server.scope import ref_of


class CodingFilterParams(BaseModel):
    """Which codings of a document to show; a blank item is ignored."""

    code: list[str] = Field(
        default_factory=list, description="Only these codes (ids, names or paths)."
    )
    coder: str | None = Field(default=None, description="Only this coder's codings.")

    def code_refs(self) -> list[Ref] | None:
        """The codes as references (digits: ids), None when no code is given."""
        return [ref_of(value) for value in self.code if value.strip()] or None

    def code_ids(self) -> list[int]:
        """The codes as ids (the page's links give ids); raises
        :class:`ValidationError` for anything else."""
        refs = self.code_refs() or []
        if any(not isinstance(ref, int) for ref in refs):
            raise ValidationError("The document view filters codes by id: give code=<id>.")
        return [ref for ref in refs if isinstance(ref, int)]
