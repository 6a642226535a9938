"""The SQLAlchemy models: one schema for SQLite and PostgreSQL."""

from qualframe.storage.models.audit import AuditEntry
from qualframe.storage.models.base import Base
from qualframe.storage.models.codebook import Code, Coding
from qualframe.storage.models.documents import (
    Document,
    DocumentParticipant,
    SpeakerMapping,
    SpeakerTurn,
    TextSegment,
)
from qualframe.storage.models.memos import Memo
from qualframe.storage.models.study import (
    Answer,
    AttributeDefinition,
    AttributeValue,
    Case,
    Participant,
    Project,
    Question,
)

__all__ = [
    "Answer",
    "AttributeDefinition",
    "AttributeValue",
    "AuditEntry",
    "Base",
    "Case",
    "Code",
    "Coding",
    "Document",
    "DocumentParticipant",
    "Memo",
    "Participant",
    "Project",
    "Question",
    "SpeakerMapping",
    "SpeakerTurn",
    "TextSegment",
]
