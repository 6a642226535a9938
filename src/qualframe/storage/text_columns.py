"""Every column that holds a span of a document or text from the sources, in one place.

Pseudonymisation rewrites the sources and every copy of their words;
exports decide what may leave a project; a text revision moves every span.
They walk these registries, never a hand-written list of their own, and a
test (``tests/storage/test_text_columns.py``) fails when a table gains a
text or span column that is neither listed here nor declared exempt, with
the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from qualframe.storage.models import (
    Account,
    AgreementRound,
    Answer,
    AttributeDefinition,
    AttributeValue,
    AuditEntry,
    Case,
    CellQuote,
    CellRevision,
    ChangeModel,
    Code,
    Coding,
    DisagreementResolution,
    Document,
    DocumentPage,
    DocumentReading,
    DocumentRevision,
    DocumentSection,
    Indicator,
    Invitation,
    LabelDecision,
    LoginSession,
    MatrixCell,
    Measure,
    Memo,
    MemoLinkRow,
    ModelEvidence,
    ModelKind,
    ModelLink,
    ModelNode,
    ModelVersion,
    Participant,
    Project,
    ProjectMember,
    Question,
    RoundCoder,
    SpeakerMapping,
    SpeakerTurn,
    TextSegment,
)


class TextKind(StrEnum):
    """What a text column holds, as far as the people in the sources are concerned."""

    #: The source text itself (a transcript).
    SOURCE = "source"
    #: Words copied from a source (a coded quote, a speaker label).
    COPY = "copy"
    #: Names or descriptions of people, places or organisations.
    NAMES = "names"
    #: The analysts' own writing, which may quote or name people.
    ANALYSIS = "analysis"


@dataclass(frozen=True)
class TextColumn:
    """A column holding text that may carry what the sources say or who is in them."""

    column: Any  # an ORM column attribute, e.g. ``Coding.quote``
    kind: TextKind

    @property
    def name(self) -> str:
        """``table.column``."""
        return f"{self.column.class_.__tablename__}.{self.column.key}"


@dataclass(frozen=True)
class SpanColumns:
    """The two columns of a span ``[start, end)`` in code points of a document's
    stored text, and the column naming that document. ``via``, when given, is
    the span table's column leading to the row that holds ``document`` (a
    quote's passage lies in its coding's document)."""

    start: Any
    end: Any
    document: Any
    via: Any = None

    @property
    def table(self) -> str:
        """The table holding the spans."""
        return str(self.start.class_.__tablename__)


#: Spans into documents' text: they move when a text is revised or pseudonymised.
SPANS: tuple[SpanColumns, ...] = (
    SpanColumns(Coding.start, Coding.end, Coding.document_id),
    SpanColumns(SpeakerTurn.start, SpeakerTurn.end, SpeakerTurn.document_id),
    SpanColumns(TextSegment.start, TextSegment.end, TextSegment.document_id),
    SpanColumns(DocumentSection.start, DocumentSection.end, DocumentSection.document_id),
    SpanColumns(DocumentPage.start, DocumentPage.end, DocumentPage.document_id),
    SpanColumns(MemoLinkRow.start, MemoLinkRow.end, MemoLinkRow.document_id),
    SpanColumns(CellQuote.start, CellQuote.end, Coding.document_id, via=CellQuote.coding_id),
    SpanColumns(
        ModelEvidence.start, ModelEvidence.end, Coding.document_id, via=ModelEvidence.coding_id
    ),
    SpanColumns(
        DisagreementResolution.start,
        DisagreementResolution.end,
        DisagreementResolution.document_id,
    ),
)

#: Columns holding source text, copies of it, names, or analysis that may quote.
TEXTS: tuple[TextColumn, ...] = (
    TextColumn(Document.text, TextKind.SOURCE),
    TextColumn(Document.name, TextKind.NAMES),
    TextColumn(Document.title, TextKind.NAMES),
    TextColumn(Document.details, TextKind.NAMES),
    TextColumn(DocumentSection.title, TextKind.COPY),
    TextColumn(DocumentRevision.text, TextKind.SOURCE),
    TextColumn(DocumentRevision.reason, TextKind.ANALYSIS),
    TextColumn(DocumentRevision.details, TextKind.NAMES),
    TextColumn(LabelDecision.label, TextKind.COPY),
    TextColumn(Coding.quote, TextKind.COPY),
    TextColumn(Coding.speaker, TextKind.COPY),
    TextColumn(SpeakerTurn.label, TextKind.COPY),
    TextColumn(SpeakerMapping.label, TextKind.COPY),
    TextColumn(Participant.identifier, TextKind.NAMES),
    TextColumn(Participant.description, TextKind.NAMES),
    TextColumn(Case.name, TextKind.NAMES),
    TextColumn(Case.description, TextKind.NAMES),
    TextColumn(AttributeValue.value, TextKind.NAMES),
    TextColumn(Answer.value, TextKind.NAMES),
    TextColumn(MatrixCell.summary, TextKind.ANALYSIS),
    TextColumn(MatrixCell.group_key, TextKind.NAMES),
    TextColumn(CellRevision.summary, TextKind.ANALYSIS),
    TextColumn(Memo.title, TextKind.ANALYSIS),
    TextColumn(Memo.body, TextKind.ANALYSIS),
    TextColumn(Code.example, TextKind.COPY),
    TextColumn(Code.definition, TextKind.ANALYSIS),
    TextColumn(Code.inclusion, TextKind.ANALYSIS),
    TextColumn(Code.exclusion, TextKind.ANALYSIS),
    TextColumn(AuditEntry.summary, TextKind.COPY),
    TextColumn(AuditEntry.details, TextKind.COPY),
    TextColumn(ChangeModel.name, TextKind.ANALYSIS),
    TextColumn(ChangeModel.description, TextKind.ANALYSIS),
    TextColumn(ModelNode.label, TextKind.ANALYSIS),
    TextColumn(ModelNode.description, TextKind.ANALYSIS),
    TextColumn(ModelLink.rationale, TextKind.ANALYSIS),
    TextColumn(ModelEvidence.note, TextKind.ANALYSIS),
    TextColumn(Indicator.name, TextKind.ANALYSIS),
    TextColumn(Indicator.timing, TextKind.ANALYSIS),
    TextColumn(Indicator.data_source, TextKind.NAMES),
    TextColumn(Indicator.notes, TextKind.ANALYSIS),
    TextColumn(ModelVersion.note, TextKind.ANALYSIS),
    # A version's snapshot copies the model's text (labels, rationales, notes).
    TextColumn(ModelVersion.snapshot, TextKind.ANALYSIS),
    TextColumn(Project.name, TextKind.NAMES),
    TextColumn(Project.description, TextKind.NAMES),
    TextColumn(AgreementRound.name, TextKind.ANALYSIS),
    TextColumn(AgreementRound.note, TextKind.ANALYSIS),
    # The figures at opening: numbers, code paths and coders' names only.
    TextColumn(AgreementRound.figures, TextKind.ANALYSIS),
    TextColumn(DisagreementResolution.note, TextKind.ANALYSIS),
    # The codings a resolution removed and added, with their quotes.
    TextColumn(DisagreementResolution.changes, TextKind.COPY),
    # An owner's note on an invitation may name the person invited.
    TextColumn(Invitation.note, TextKind.NAMES),
)

#: Text columns that hold neither source text nor names, and why.
EXEMPT: dict[Any, str] = {
    Document.format: "the file format (txt, docx...)",
    Document.content_hash: "a SHA-256 of the text",
    Document.imported_by: "the team member who imported it (an account name)",
    Document.coding_done_by: "the team member who marked its coding done (an account name)",
    Coding.coder: "the coder's account name",
    DocumentRevision.content_hash: "a SHA-256 of the text",
    DocumentRevision.replaced_by: "the team member who replaced it (an account name)",
    LabelDecision.decided_by: "the team member who decided (an account name)",
    SpeakerMapping.role: "participant, interviewer or other",
    Code.name: "the framework's vocabulary, chosen by the analysts",
    Code.origin: "deductive or inductive",
    Code.colour: "a colour",
    AttributeDefinition.name: "the study's variables, chosen by the analysts",
    AttributeDefinition.level: "case, participant or document",
    AttributeDefinition.type: "the value type",
    AttributeDefinition.levels: "the allowed values, chosen by the analysts",
    AttributeDefinition.description: "what the variable means",
    Question.identifier: "the interview schedule, written before any interview",
    Question.text: "the interview schedule, written before any interview",
    Question.kind: "structured or open",
    Question.scale: "the answer scale",
    Question.levels: "the answer levels",
    Question.heading: "the schedule's section heading",
    MatrixCell.row_kind: "participant, case or group",
    MatrixCell.status: "the charting status",
    MatrixCell.author: "the analyst's account name",
    CellRevision.author: "the analyst's account name",
    CellRevision.action: "what was done (write, merge...)",
    CellRevision.status: "the charting status",
    Memo.kind: "analytic, methodological, reflexive, theoretical or familiarisation",
    Memo.author: "the analyst's account name",
    DocumentReading.reader: "the team member's account name",
    AuditEntry.actor: "the team member's account name",
    AuditEntry.action: "what was done (entity.verb)",
    AuditEntry.entity_type: "the kind of object changed",
    ModelKind.name: "the model's vocabulary of node kinds, chosen by the analysts",
    ModelKind.colour: "a colour",
    ModelEvidence.stance: "supports or contradicts",
    ModelEvidence.author: "the analyst's account name",
    ModelVersion.name: "a version's name, chosen by the analysts",
    ModelVersion.author: "the analyst's account name",
    Measure.name: "a published instrument's name (metadata, never item text)",
    Measure.construct: "what a published instrument measures",
    Measure.items: "how many items and how scored (never item text)",
    Measure.score_range: "a published instrument's score range",
    Measure.scoring_notes: "how a published instrument is scored",
    Measure.reference: "a bibliographic reference",
    Measure.licence_note: "the instrument's licence terms",
    AgreementRound.unit: "turn, paragraph, sentence or span",
    AgreementRound.opened_by: "the team member's account name",
    RoundCoder.coder: "a coder's account name",
    DisagreementResolution.outcome: "keep one, keep both, merge or recode",
    DisagreementResolution.kept_coder: "a coder's account name",
    DisagreementResolution.resolved_by: "the team member's account name",
    Account.login: "the team member's login name",
    Account.display_name: "the team member's account name",
    Account.password_hash: "an argon2id hash, never the password",
    LoginSession.token_digest: "a SHA-256 of a random token",
    LoginSession.user_agent: "what the browser said it was",
    ProjectMember.role: "viewer, coder, analyst or owner",
    ProjectMember.added_by: "the team member's account name",
    Invitation.token_digest: "a SHA-256 of a random token",
    Invitation.role: "viewer, coder, analyst or owner",
    Invitation.created_by: "the team member's account name",
    **{
        model.guid: "a random identity (UUID), never derived from the text"
        for model in (
            Project,
            AttributeDefinition,
            Case,
            Participant,
            Question,
            Document,
            Code,
            Coding,
            Memo,
            MatrixCell,
            ChangeModel,
            ModelNode,
            ModelLink,
            ModelEvidence,
            Indicator,
            Measure,
            ModelVersion,
            AgreementRound,
            DisagreementResolution,
            Account,
        )
    },
}
