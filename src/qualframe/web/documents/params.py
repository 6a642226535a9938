"""How documents are imported, as the upload page and its JSON twin are asked it.

``POST /projects/{pid}/documents/upload`` (the page's form) and
``POST /api/projects/{pid}/documents`` take the same form fields beside the
files: ``participants`` (identifiers, repeated), ``participant_id`` (ids,
repeated), ``encoding`` and ``on_error``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from qualframe.services.core.refs import Ref
from qualframe.web.server.refs import Ids, refs_of

#: The file types a document upload accepts.
DOCUMENT_TYPES = ".txt .md .rst .html .docx .odt .rtf .pdf .vtt .srt"


class ImportOptions(BaseModel):
    """The options of a document upload (form fields); blank ones are defaults."""

    participants: list[str] = Field(
        default_factory=list,
        description="Participants to link to every document, by identifier (their name).",
    )
    participant_id: Ids = Field(
        default_factory=list, description="Participants to link to every document, by id."
    )
    encoding: str = Field(
        "", description="The codec of text files that cannot be detected (cp1252...)."
    )
    on_error: Literal["stop", "skip"] = Field(
        "stop", description="stop: a bad file imports nothing (422); skip: import the others."
    )

    def people(self) -> list[Ref] | None:
        """The participants to link, by identifier then by id (None: none chosen)."""
        return refs_of(self.participants, self.participant_id) or None

    def codec(self) -> str | None:
        """The encoding to read undetectable text files with (None: work it out)."""
        return self.encoding.strip() or None
