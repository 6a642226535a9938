"""The SQLAlchemy models: one schema for SQLite and PostgreSQL."""

from qualframe.storage.models.accounts import Account, Invitation, LoginSession, ProjectMember
from qualframe.storage.models.audit import AuditEntry
from qualframe.storage.models.base import Base
from qualframe.storage.models.change_models import (
    ChangeModel,
    Indicator,
    Measure,
    ModelEvidence,
    ModelKind,
    ModelLink,
    ModelNode,
    ModelVersion,
    NodeCode,
)
from qualframe.storage.models.codebook import Code, Coding
from qualframe.storage.models.documents import (
    Document,
    DocumentPage,
    DocumentParticipant,
    DocumentRevision,
    DocumentSection,
    LabelDecision,
    SpeakerMapping,
    SpeakerTurn,
    TextSegment,
)
from qualframe.storage.models.framework import CellQuote, CellRevision, MatrixCell, QuestionCode
from qualframe.storage.models.memos import Memo, MemoLinkRow
from qualframe.storage.models.readings import DocumentReading
from qualframe.storage.models.study import (
    Answer,
    AttributeDefinition,
    AttributeValue,
    Case,
    Participant,
    Project,
    Question,
)
from qualframe.storage.models.team import (
    AgreementRound,
    DisagreementResolution,
    RoundCode,
    RoundCoder,
    RoundDocument,
)

__all__ = [
    "Account",
    "AgreementRound",
    "Answer",
    "AttributeDefinition",
    "AttributeValue",
    "AuditEntry",
    "Base",
    "Case",
    "CellQuote",
    "CellRevision",
    "ChangeModel",
    "Code",
    "Coding",
    "DisagreementResolution",
    "Document",
    "DocumentPage",
    "DocumentParticipant",
    "DocumentReading",
    "DocumentRevision",
    "DocumentSection",
    "Indicator",
    "Invitation",
    "LabelDecision",
    "LoginSession",
    "MatrixCell",
    "Measure",
    "Memo",
    "MemoLinkRow",
    "ModelEvidence",
    "ModelKind",
    "ModelLink",
    "ModelNode",
    "ModelVersion",
    "NodeCode",
    "Participant",
    "Project",
    "ProjectMember",
    "Question",
    "QuestionCode",
    "RoundCode",
    "RoundCoder",
    "RoundDocument",
    "SpeakerMapping",
    "SpeakerTurn",
    "TextSegment",
]
