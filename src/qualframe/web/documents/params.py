"""How documents are imported, as the upload page and its JSON twin are asked it.

``POST /projects/{pid}/documents/upload`` (the page's form) and
``POST /api/projects/{pid}/documents`` take the same form fields beside the
files: ``participants`` (repeated), ``encoding`` and ``on_error``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

#: The file types a document upload accepts.
DOCUMENT_TYPES = ".txt .md .rst .docx .pdf .vtt .srt"


class ImportOptions(BaseModel):
    """The options of a document upload (form fields); blank ones are defaults."""

    participants: list[str] = Field(
        default_factory=list,
        description="Identifiers of participants to link to every document.",
    )
    encoding: str = Field(
        "", description="The codec of text files that cannot be detected (cp1252...)."
    )
    on_error: Literal["stop", "skip"] = Field(
        "stop", description="stop: a bad file imports nothing (422); skip: import the others."
    )

    def people(self) -> list[str] | None:
        """The participants to link (None: none chosen)."""
        return [p for p in self.participants if p.strip()] or None

    def codec(self) -> str | None:
        """The encoding to read undetectable text files with (None: work it out)."""
        return self.encoding.strip() or None
