"""qualframe: qualitative comparative case studies with the Framework Method.

The public Python API is what this module exports (``__all__``, guarded by
``tests/test_public_api.py``): the functions that open a study, the
:class:`Project` and its facades' records (everything a facade method takes
or returns), the domain vocabulary and the exception tree::

    import qualframe
    project = qualframe.create_project("Peer workers", template="peer-worker-study")
    project.documents.import_files(["interviews/"])
    project.coding.codings(code="Disclosure")   # a pandas DataFrame
    scope = qualframe.Scope(where={"stakeholder group": "peer worker"})
    project.coding.codings("Disclosure", scope=scope)

Names are imported on first use, so ``import qualframe`` (and the command
line's ``--help``) stays fast: nothing heavy is loaded until it is needed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualframe.analysis.agreement import (
        UnitFigures as UnitFigures,
    )
    from qualframe.analysis.cooccurrence import (
        CooccurrenceTable as CooccurrenceTable,
    )
    from qualframe.analysis.saturation import (
        SaturationCurve as SaturationCurve,
    )
    from qualframe.analysis.statistics import (
        AnswerComparison as AnswerComparison,
    )
    from qualframe.analysis.unitizing import (
        SpanFigures as SpanFigures,
    )
    from qualframe.api.accounts import (
        AccountsAPI as AccountsAPI,
        open_accounts as open_accounts,
    )
    from qualframe.errors import (
        BatchImportError as BatchImportError,
        BusyError as BusyError,
        ConfigurationError as ConfigurationError,
        ConflictError as ConflictError,
        InputFileError as InputFileError,
        LoginFailedError as LoginFailedError,
        LoginNeededError as LoginNeededError,
        NotFoundError as NotFoundError,
        PermissionDeniedError as PermissionDeniedError,
        ProjectChoiceError as ProjectChoiceError,
        QualframeError as QualframeError,
        StaleVersionError as StaleVersionError,
        UserError as UserError,
        ValidationError as ValidationError,
    )
    from qualframe.formats.codebook_records import (
        CodeRecord as CodeRecord,
    )
    from qualframe.formats.sources import (
        UploadedFile as UploadedFile,
    )
    from qualframe.formats.tables import (
        Table as Table,
        TableRow as TableRow,
    )
    from qualframe.project import (
        Project as Project,
        create_project as create_project,
        list_projects as list_projects,
        open_project as open_project,
    )
    from qualframe.services.accounts.records import (
        AccountInfo as AccountInfo,
        InvitationInfo as InvitationInfo,
        IssuedInvitation as IssuedInvitation,
        LoginResult as LoginResult,
        Member as Member,
        SessionInfo as SessionInfo,
    )
    from qualframe.services.change_model.records import (
        CaseChain as CaseChain,
        Chain as Chain,
        ChangeModelInfo as ChangeModelInfo,
        Difference as Difference,
        EvidenceInfo as EvidenceInfo,
        EvidenceProfile as EvidenceProfile,
        Flag as Flag,
        GroupCount as GroupCount,
        IndicatorInfo as IndicatorInfo,
        KindInfo as KindInfo,
        LinkInfo as LinkInfo,
        MeasureInfo as MeasureInfo,
        ModelComparison as ModelComparison,
        ModelView as ModelView,
        NodeInfo as NodeInfo,
        PlanRow as PlanRow,
        ProfileQuote as ProfileQuote,
        RemovedNode as RemovedNode,
        SubjectEvidence as SubjectEvidence,
        VersionInfo as VersionInfo,
    )
    from qualframe.services.codebook.editing import (
        CodeFields as CodeFields,
    )
    from qualframe.services.codebook.exchange import (
        CodebookImport as CodebookImport,
        CodeUpdate as CodeUpdate,
    )
    from qualframe.services.codebook.history import (
        CodebookChange as CodebookChange,
    )
    from qualframe.services.codebook.merge import (
        MergeSummary as MergeSummary,
    )
    from qualframe.services.codebook.removal import (
        DeleteSummary as DeleteSummary,
    )
    from qualframe.services.codebook.tree import (
        CodeInfo as CodeInfo,
    )
    from qualframe.services.coding.autocode import (
        AutocodePlan as AutocodePlan,
        ProposedSpan as ProposedSpan,
    )
    from qualframe.services.coding.codings import (
        CodingRecord as CodingRecord,
        CodingsRemoved as CodingsRemoved,
        RemovedCoding as RemovedCoding,
    )
    from qualframe.services.coding.document_pages import (
        DocumentPage as DocumentPage,
        DocumentText as DocumentText,
        PageSpan as PageSpan,
    )
    from qualframe.services.coding.document_view import (
        DocumentCoding as DocumentCoding,
        DocumentView as DocumentView,
        ReadingBlock as ReadingBlock,
        ViewCode as ViewCode,
        ViewParticipant as ViewParticipant,
        ViewTurn as ViewTurn,
    )
    from qualframe.services.coding.listing import (
        CodingListing as CodingListing,
        ListedCoding as ListedCoding,
    )
    from qualframe.services.coding.passage import (
        Passage as Passage,
    )
    from qualframe.services.coding.recoding import (
        CodingState as CodingState,
        SpanUnit as SpanUnit,
    )
    from qualframe.services.coding.sentences import (
        SentenceSpan as SentenceSpan,
    )
    from qualframe.services.coding.table_import import (
        PreviewDocument as PreviewDocument,
        PreviewTurn as PreviewTurn,
        TableAttribute as TableAttribute,
        TableCode as TableCode,
        TableImport as TableImport,
    )
    from qualframe.services.compare.answer_comparison import (
        AnswersByGroup as AnswersByGroup,
    )
    from qualframe.services.compare.code_comparison import (
        CodeComparison as CodeComparison,
        GroupRow as GroupRow,
        Quote as Quote,
    )
    from qualframe.services.compare.code_cooccurrence import (
        CodeCooccurrence as CodeCooccurrence,
    )
    from qualframe.services.compare.coding_saturation import (
        Saturation as Saturation,
    )
    from qualframe.services.compare.comparison_options import (
        ComparisonOptions as ComparisonOptions,
        GroupingChoice as GroupingChoice,
        QuestionChoice as QuestionChoice,
    )
    from qualframe.services.core.audit import (
        AuditRecord as AuditRecord,
    )
    from qualframe.services.core.references import (
        PointedAt as PointedAt,
    )
    from qualframe.services.core.refs import (
        Ref as Ref,
        Refs as Refs,
        Where as Where,
    )
    from qualframe.services.core.scope import (
        Labels as Labels,
        Scope as Scope,
        ScopeFilters as ScopeFilters,
    )
    from qualframe.services.documents.coding_progress import (
        CodingProgress as CodingProgress,
    )
    from qualframe.services.documents.familiarisation import (
        DocumentReaders as DocumentReaders,
        ReaderCount as ReaderCount,
        ReadingMark as ReadingMark,
        ReadingProgress as ReadingProgress,
    )
    from qualframe.services.documents.file_import import (
        FailedFile as FailedFile,
        ImportedDocument as ImportedDocument,
        ImportProgress as ImportProgress,
        ImportReport as ImportReport,
        OnError as OnError,
        SkippedFile as SkippedFile,
    )
    from qualframe.services.documents.label_decisions import (
        LabelDecisionChange as LabelDecisionChange,
        LabelDecisionInfo as LabelDecisionInfo,
    )
    from qualframe.services.documents.library import (
        DeletedDocument as DeletedDocument,
        DocumentInfo as DocumentInfo,
        DocumentRecord as DocumentRecord,
    )
    from qualframe.services.documents.revisions import (
        RevisedCoding as RevisedCoding,
        TextRevision as TextRevision,
    )
    from qualframe.services.documents.speaker_bulk import (
        BulkMapping as BulkMapping,
        LabelParticipants as LabelParticipants,
    )
    from qualframe.services.documents.speaker_sections import (
        SectionSpeaker as SectionSpeaker,
        SectionSpeakers as SectionSpeakers,
        SectionSuggestion as SectionSuggestion,
    )
    from qualframe.services.documents.speakers import (
        MappingChange as MappingChange,
        MappingInfo as MappingInfo,
        SpeakerLabel as SpeakerLabel,
        SpeakerMapImport as SpeakerMapImport,
        TurnInfo as TurnInfo,
    )
    from qualframe.services.documents.structure import (
        DocumentStructure as DocumentStructure,
        PageInfo as PageInfo,
        RevisionInfo as RevisionInfo,
        SectionInfo as SectionInfo,
    )
    from qualframe.services.matrix.cell_memos import (
        CellMemo as CellMemo,
        CellMemoCount as CellMemoCount,
    )
    from qualframe.services.matrix.cells import (
        CellRecord as CellRecord,
        HistoryEntry as HistoryEntry,
    )
    from qualframe.services.matrix.coverage import (
        CoverageLink as CoverageLink,
    )
    from qualframe.services.matrix.drafts import (
        DraftReport as DraftReport,
    )
    from qualframe.services.matrix.excerpts import (
        CellExcerpt as CellExcerpt,
    )
    from qualframe.services.matrix.matrices import (
        CellView as CellView,
        Matrix as Matrix,
        MatrixColumn as MatrixColumn,
        MatrixGroup as MatrixGroup,
        MatrixRow as MatrixRow,
    )
    from qualframe.services.matrix.progress import (
        ChartingProgress as ChartingProgress,
    )
    from qualframe.services.matrix.quotes import (
        QuoteView as QuoteView,
    )
    from qualframe.services.matrix.spec import (
        MatrixSpec as MatrixSpec,
        SpecFields as SpecFields,
        Specified as Specified,
        SpecOptions as SpecOptions,
    )
    from qualframe.services.matrix.unattributed import (
        UnattributedCoding as UnattributedCoding,
    )
    from qualframe.services.memos.memos import (
        MemoInfo as MemoInfo,
        MemoOrder as MemoOrder,
    )
    from qualframe.services.memos.targets import (
        MemoLink as MemoLink,
        MemoLinks as MemoLinks,
    )
    from qualframe.services.projects.registry import (
        ProjectInfo as ProjectInfo,
    )
    from qualframe.services.search.hit_coding import (
        CodeHitsResult as CodeHitsResult,
    )
    from qualframe.services.search.text_search import (
        KwicHit as KwicHit,
        SearchResult as SearchResult,
    )
    from qualframe.services.study.answers import (
        AnswerRecord as AnswerRecord,
        AnswerScale as AnswerScale,
        AnswersImport as AnswersImport,
        AnswerTable as AnswerTable,
        ParticipantAnswers as ParticipantAnswers,
    )
    from qualframe.services.study.attribute_values import (
        AttributeColumn as AttributeColumn,
    )
    from qualframe.services.study.attributes import (
        AttributeRecord as AttributeRecord,
    )
    from qualframe.services.study.cases import (
        CaseRecord as CaseRecord,
        CaseTable as CaseTable,
        ParticipantRecord as ParticipantRecord,
        ParticipantTable as ParticipantTable,
    )
    from qualframe.services.study.import_plan import (
        ImportKind as ImportKind,
        ImportOptions as ImportOptions,
        ImportPlan as ImportPlan,
        ImportProblem as ImportProblem,
        ImportSettings as ImportSettings,
        MovedParticipant as MovedParticipant,
        NewAttribute as NewAttribute,
        NewParticipant as NewParticipant,
        ValueChange as ValueChange,
    )
    from qualframe.services.study.owner_values import (
        OwnerValues as OwnerValues,
    )
    from qualframe.services.study.schedule import (
        QuestionRecord as QuestionRecord,
        ScheduleImport as ScheduleImport,
    )
    from qualframe.services.study.typologies import (
        Assignment as Assignment,
        Placement as Placement,
        TypologyRecord as TypologyRecord,
    )
    from qualframe.services.team.records import (
        AgreementReport as AgreementReport,
        AgreementScope as AgreementScope,
        CellAgreement as CellAgreement,
        CellPair as CellPair,
        CodeAgreement as CodeAgreement,
        CoderCount as CoderCount,
        CoderReading as CoderReading,
        Disagreement as Disagreement,
        ReadingCoding as ReadingCoding,
        ResolutionRecord as ResolutionRecord,
        RoundFigures as RoundFigures,
        RoundRecord as RoundRecord,
    )
    from qualframe.storage.database import (
        Database as Database,
    )
    from qualframe.vocabulary import (
        AgreementUnit as AgreementUnit,
        AttributeLevel as AttributeLevel,
        AttributeType as AttributeType,
        AutocodeUnit as AutocodeUnit,
        CellStatus as CellStatus,
        CodeOrigin as CodeOrigin,
        CooccurrenceLevel as CooccurrenceLevel,
        CooccurrenceMode as CooccurrenceMode,
        CooccurrenceUnit as CooccurrenceUnit,
        CooccurrenceValue as CooccurrenceValue,
        DiagramFormat as DiagramFormat,
        EvidenceKind as EvidenceKind,
        MemoKind as MemoKind,
        MemoTarget as MemoTarget,
        NodeKindName as NodeKindName,
        ProjectRole as ProjectRole,
        QuestionKind as QuestionKind,
        Resolution as Resolution,
        RowKind as RowKind,
        ScaleType as ScaleType,
        SpeakerRole as SpeakerRole,
        Spread as Spread,
        Stance as Stance,
    )

__version__ = "0.1.0"

#: Every public name and the module it lives in (imported on first use).
_EXPORTS: dict[str, str] = {
    "AccountsAPI": "qualframe.api.accounts",
    "open_accounts": "qualframe.api.accounts",
    "AccountInfo": "qualframe.services.accounts.records",
    "InvitationInfo": "qualframe.services.accounts.records",
    "IssuedInvitation": "qualframe.services.accounts.records",
    "LoginResult": "qualframe.services.accounts.records",
    "Member": "qualframe.services.accounts.records",
    "SessionInfo": "qualframe.services.accounts.records",
    "LoginFailedError": "qualframe.errors",
    "LoginNeededError": "qualframe.errors",
    "PermissionDeniedError": "qualframe.errors",
    "ProjectRole": "qualframe.vocabulary",
    "CaseChain": "qualframe.services.change_model.records",
    "Chain": "qualframe.services.change_model.records",
    "ChangeModelInfo": "qualframe.services.change_model.records",
    "Difference": "qualframe.services.change_model.records",
    "EvidenceInfo": "qualframe.services.change_model.records",
    "EvidenceProfile": "qualframe.services.change_model.records",
    "Flag": "qualframe.services.change_model.records",
    "GroupCount": "qualframe.services.change_model.records",
    "IndicatorInfo": "qualframe.services.change_model.records",
    "KindInfo": "qualframe.services.change_model.records",
    "LinkInfo": "qualframe.services.change_model.records",
    "MeasureInfo": "qualframe.services.change_model.records",
    "ModelComparison": "qualframe.services.change_model.records",
    "ModelView": "qualframe.services.change_model.records",
    "NodeInfo": "qualframe.services.change_model.records",
    "PlanRow": "qualframe.services.change_model.records",
    "ProfileQuote": "qualframe.services.change_model.records",
    "RemovedNode": "qualframe.services.change_model.records",
    "SubjectEvidence": "qualframe.services.change_model.records",
    "VersionInfo": "qualframe.services.change_model.records",
    "DiagramFormat": "qualframe.vocabulary",
    "EvidenceKind": "qualframe.vocabulary",
    "NodeKindName": "qualframe.vocabulary",
    "Stance": "qualframe.vocabulary",
    "CooccurrenceTable": "qualframe.analysis.cooccurrence",
    "SaturationCurve": "qualframe.analysis.saturation",
    "AnswerComparison": "qualframe.analysis.statistics",
    "SpanFigures": "qualframe.analysis.unitizing",
    "UnitFigures": "qualframe.analysis.agreement",
    "BatchImportError": "qualframe.errors",
    "BusyError": "qualframe.errors",
    "ConfigurationError": "qualframe.errors",
    "ConflictError": "qualframe.errors",
    "InputFileError": "qualframe.errors",
    "NotFoundError": "qualframe.errors",
    "ProjectChoiceError": "qualframe.errors",
    "QualframeError": "qualframe.errors",
    "StaleVersionError": "qualframe.errors",
    "UserError": "qualframe.errors",
    "ValidationError": "qualframe.errors",
    "CodeRecord": "qualframe.formats.codebook_records",
    "UploadedFile": "qualframe.formats.sources",
    "Table": "qualframe.formats.tables",
    "TableRow": "qualframe.formats.tables",
    "Project": "qualframe.project",
    "create_project": "qualframe.project",
    "list_projects": "qualframe.project",
    "open_project": "qualframe.project",
    "CodeFields": "qualframe.services.codebook.editing",
    "CodeUpdate": "qualframe.services.codebook.exchange",
    "CodebookImport": "qualframe.services.codebook.exchange",
    "CodebookChange": "qualframe.services.codebook.history",
    "MergeSummary": "qualframe.services.codebook.merge",
    "DeleteSummary": "qualframe.services.codebook.removal",
    "CodeInfo": "qualframe.services.codebook.tree",
    "AutocodePlan": "qualframe.services.coding.autocode",
    "ProposedSpan": "qualframe.services.coding.autocode",
    "CodingRecord": "qualframe.services.coding.codings",
    "SentenceSpan": "qualframe.services.coding.sentences",
    "UnattributedCoding": "qualframe.services.matrix.unattributed",
    "ChartingProgress": "qualframe.services.matrix.progress",
    "CodingsRemoved": "qualframe.services.coding.codings",
    "RemovedCoding": "qualframe.services.coding.codings",
    "DocumentPage": "qualframe.services.coding.document_pages",
    "DocumentText": "qualframe.services.coding.document_pages",
    "PageSpan": "qualframe.services.coding.document_pages",
    "DocumentCoding": "qualframe.services.coding.document_view",
    "DocumentView": "qualframe.services.coding.document_view",
    "ReadingBlock": "qualframe.services.coding.document_view",
    "ViewCode": "qualframe.services.coding.document_view",
    "ViewParticipant": "qualframe.services.coding.document_view",
    "ViewTurn": "qualframe.services.coding.document_view",
    "CodingListing": "qualframe.services.coding.listing",
    "ListedCoding": "qualframe.services.coding.listing",
    "Passage": "qualframe.services.coding.passage",
    "CodingState": "qualframe.services.coding.recoding",
    "SpanUnit": "qualframe.services.coding.recoding",
    "AnswersByGroup": "qualframe.services.compare.answer_comparison",
    "CodeComparison": "qualframe.services.compare.code_comparison",
    "GroupRow": "qualframe.services.compare.code_comparison",
    "Quote": "qualframe.services.compare.code_comparison",
    "CodeCooccurrence": "qualframe.services.compare.code_cooccurrence",
    "Saturation": "qualframe.services.compare.coding_saturation",
    "ComparisonOptions": "qualframe.services.compare.comparison_options",
    "GroupingChoice": "qualframe.services.compare.comparison_options",
    "QuestionChoice": "qualframe.services.compare.comparison_options",
    "AuditRecord": "qualframe.services.core.audit",
    "PointedAt": "qualframe.services.core.references",
    "Ref": "qualframe.services.core.refs",
    "Refs": "qualframe.services.core.refs",
    "Where": "qualframe.services.core.refs",
    "Labels": "qualframe.services.core.scope",
    "Scope": "qualframe.services.core.scope",
    "ScopeFilters": "qualframe.services.core.scope",
    "FailedFile": "qualframe.services.documents.file_import",
    "ImportProgress": "qualframe.services.documents.file_import",
    "ImportReport": "qualframe.services.documents.file_import",
    "ImportedDocument": "qualframe.services.documents.file_import",
    "OnError": "qualframe.services.documents.file_import",
    "SkippedFile": "qualframe.services.documents.file_import",
    "DeletedDocument": "qualframe.services.documents.library",
    "DocumentInfo": "qualframe.services.documents.library",
    "DocumentReaders": "qualframe.services.documents.familiarisation",
    "ReaderCount": "qualframe.services.documents.familiarisation",
    "ReadingMark": "qualframe.services.documents.familiarisation",
    "ReadingProgress": "qualframe.services.documents.familiarisation",
    "CodingProgress": "qualframe.services.documents.coding_progress",
    "DocumentRecord": "qualframe.services.documents.library",
    "MappingChange": "qualframe.services.documents.speakers",
    "LabelDecisionChange": "qualframe.services.documents.label_decisions",
    "LabelDecisionInfo": "qualframe.services.documents.label_decisions",
    "RevisedCoding": "qualframe.services.documents.revisions",
    "TextRevision": "qualframe.services.documents.revisions",
    "BulkMapping": "qualframe.services.documents.speaker_bulk",
    "LabelParticipants": "qualframe.services.documents.speaker_bulk",
    "SectionSpeaker": "qualframe.services.documents.speaker_sections",
    "SectionSpeakers": "qualframe.services.documents.speaker_sections",
    "SectionSuggestion": "qualframe.services.documents.speaker_sections",
    "DocumentStructure": "qualframe.services.documents.structure",
    "PageInfo": "qualframe.services.documents.structure",
    "RevisionInfo": "qualframe.services.documents.structure",
    "SectionInfo": "qualframe.services.documents.structure",
    "PreviewDocument": "qualframe.services.coding.table_import",
    "PreviewTurn": "qualframe.services.coding.table_import",
    "TableAttribute": "qualframe.services.coding.table_import",
    "TableCode": "qualframe.services.coding.table_import",
    "TableImport": "qualframe.services.coding.table_import",
    "MappingInfo": "qualframe.services.documents.speakers",
    "SpeakerLabel": "qualframe.services.documents.speakers",
    "SpeakerMapImport": "qualframe.services.documents.speakers",
    "TurnInfo": "qualframe.services.documents.speakers",
    "CellMemo": "qualframe.services.matrix.cell_memos",
    "CellMemoCount": "qualframe.services.matrix.cell_memos",
    "CellRecord": "qualframe.services.matrix.cells",
    "HistoryEntry": "qualframe.services.matrix.cells",
    "CoverageLink": "qualframe.services.matrix.coverage",
    "DraftReport": "qualframe.services.matrix.drafts",
    "CellExcerpt": "qualframe.services.matrix.excerpts",
    "CellView": "qualframe.services.matrix.matrices",
    "Matrix": "qualframe.services.matrix.matrices",
    "MatrixColumn": "qualframe.services.matrix.matrices",
    "MatrixGroup": "qualframe.services.matrix.matrices",
    "MatrixRow": "qualframe.services.matrix.matrices",
    "QuoteView": "qualframe.services.matrix.quotes",
    "MatrixSpec": "qualframe.services.matrix.spec",
    "SpecFields": "qualframe.services.matrix.spec",
    "SpecOptions": "qualframe.services.matrix.spec",
    "Specified": "qualframe.services.matrix.spec",
    "MemoInfo": "qualframe.services.memos.memos",
    "MemoOrder": "qualframe.services.memos.memos",
    "MemoLink": "qualframe.services.memos.targets",
    "MemoLinks": "qualframe.services.memos.targets",
    "ProjectInfo": "qualframe.services.projects.registry",
    "CodeHitsResult": "qualframe.services.search.hit_coding",
    "KwicHit": "qualframe.services.search.text_search",
    "SearchResult": "qualframe.services.search.text_search",
    "AnswerRecord": "qualframe.services.study.answers",
    "AnswerScale": "qualframe.services.study.answers",
    "AnswerTable": "qualframe.services.study.answers",
    "AnswersImport": "qualframe.services.study.answers",
    "ParticipantAnswers": "qualframe.services.study.answers",
    "AttributeColumn": "qualframe.services.study.attribute_values",
    "AttributeRecord": "qualframe.services.study.attributes",
    "CaseRecord": "qualframe.services.study.cases",
    "CaseTable": "qualframe.services.study.cases",
    "ParticipantRecord": "qualframe.services.study.cases",
    "ParticipantTable": "qualframe.services.study.cases",
    "ImportKind": "qualframe.services.study.import_plan",
    "ImportOptions": "qualframe.services.study.import_plan",
    "ImportPlan": "qualframe.services.study.import_plan",
    "ImportProblem": "qualframe.services.study.import_plan",
    "ImportSettings": "qualframe.services.study.import_plan",
    "MovedParticipant": "qualframe.services.study.import_plan",
    "NewAttribute": "qualframe.services.study.import_plan",
    "NewParticipant": "qualframe.services.study.import_plan",
    "ValueChange": "qualframe.services.study.import_plan",
    "OwnerValues": "qualframe.services.study.owner_values",
    "QuestionRecord": "qualframe.services.study.schedule",
    "ScheduleImport": "qualframe.services.study.schedule",
    "Assignment": "qualframe.services.study.typologies",
    "Placement": "qualframe.services.study.typologies",
    "TypologyRecord": "qualframe.services.study.typologies",
    "AgreementReport": "qualframe.services.team.records",
    "AgreementScope": "qualframe.services.team.records",
    "CellAgreement": "qualframe.services.team.records",
    "CellPair": "qualframe.services.team.records",
    "CodeAgreement": "qualframe.services.team.records",
    "CoderCount": "qualframe.services.team.records",
    "CoderReading": "qualframe.services.team.records",
    "Disagreement": "qualframe.services.team.records",
    "ReadingCoding": "qualframe.services.team.records",
    "ResolutionRecord": "qualframe.services.team.records",
    "RoundFigures": "qualframe.services.team.records",
    "RoundRecord": "qualframe.services.team.records",
    "Database": "qualframe.storage.database",
    "AgreementUnit": "qualframe.vocabulary",
    "AttributeLevel": "qualframe.vocabulary",
    "AttributeType": "qualframe.vocabulary",
    "AutocodeUnit": "qualframe.vocabulary",
    "CellStatus": "qualframe.vocabulary",
    "CodeOrigin": "qualframe.vocabulary",
    "CooccurrenceLevel": "qualframe.vocabulary",
    "CooccurrenceMode": "qualframe.vocabulary",
    "CooccurrenceUnit": "qualframe.vocabulary",
    "CooccurrenceValue": "qualframe.vocabulary",
    "MemoKind": "qualframe.vocabulary",
    "MemoTarget": "qualframe.vocabulary",
    "QuestionKind": "qualframe.vocabulary",
    "Resolution": "qualframe.vocabulary",
    "RowKind": "qualframe.vocabulary",
    "ScaleType": "qualframe.vocabulary",
    "SpeakerRole": "qualframe.vocabulary",
    "Spread": "qualframe.vocabulary",
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562) and keep it."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'qualframe' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
