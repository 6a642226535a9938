"""Domain enumerations shared by every layer.

The words are those of DESIGN.md; their values are what the database
stores and what files and the CLI accept.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, get_args


class CodeOrigin(StrEnum):
    """Where a code comes from: the framework set up before coding (deductive)
    or the data itself, during coding (inductive)."""

    DEDUCTIVE = "deductive"
    INDUCTIVE = "inductive"


class AttributeLevel(StrEnum):
    """What an attribute describes. Participants inherit case attributes."""

    CASE = "case"
    PARTICIPANT = "participant"
    DOCUMENT = "document"


class AttributeType(StrEnum):
    """The type of an attribute's values."""

    CATEGORICAL = "categorical"
    ORDINAL = "ordinal"
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"
    TEXT = "text"


class QuestionKind(StrEnum):
    """An interview-schedule item: closed with a response scale, or open."""

    STRUCTURED = "structured"
    OPEN = "open"


class ScaleType(StrEnum):
    """The response scale of a structured question."""

    CATEGORICAL = "categorical"
    ORDINAL = "ordinal"


class SpeakerRole(StrEnum):
    """Who a speaker label stands for."""

    PARTICIPANT = "participant"
    INTERVIEWER = "interviewer"
    OTHER = "other"


class MemoKind(StrEnum):
    """The kinds of memo a qualitative team writes."""

    ANALYTIC = "analytic"
    METHODOLOGICAL = "methodological"
    REFLEXIVE = "reflexive"
    THEORETICAL = "theoretical"
    #: A person's first impressions on reading one document (familiarisation).
    FAMILIARISATION = "familiarisation"


class MemoTarget(StrEnum):
    """What a memo is attached to (a memo may link to several objects; with
    none it is about the project). ``cell`` is a stored framework-matrix cell,
    by id."""

    PROJECT = "project"
    DOCUMENT = "document"
    CODE = "code"
    CODING = "coding"
    CASE = "case"
    PARTICIPANT = "participant"
    CELL = "cell"


class CellStatus(StrEnum):
    """Where a framework-matrix cell stands.

    ``no_data``: the question was asked and the participant said nothing
    relevant; ``not_asked``: the question covering the code was not put to
    the participant. Both are kept apart on purpose.
    """

    EMPTY = "empty"
    DRAFT = "draft"
    DONE = "done"
    NO_DATA = "no_data"
    NOT_ASKED = "not_asked"

    @property
    def label(self) -> str:
        """The status as pages and exports name it for people ("to chart", "no data")."""
        return "to chart" if self is CellStatus.EMPTY else self.value.replace("_", " ")


class RowKind(StrEnum):
    """What a framework-matrix row stands for."""

    PARTICIPANT = "participant"
    CASE = "case"
    GROUP = "group"


class Stance(StrEnum):
    """What a piece of evidence says of a change-model node or link."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"


class EvidenceKind(StrEnum):
    """What backs a change-model node or link: a whole coding, a quote (a
    passage inside a coding), a stored framework-matrix cell or a memo."""

    CODING = "coding"
    QUOTE = "quote"
    CELL = "cell"
    MEMO = "memo"


class NodeKindName(StrEnum):
    """The kinds of change-model node every model starts with (a model may
    add its own kinds, each with a colour and a column)."""

    COMPONENT = "intervention component"
    CONTEXT = "context"
    MECHANISM = "mechanism"
    PROCESS_OUTCOME = "process outcome"
    DOWNSTREAM_OUTCOME = "downstream outcome"
    ASSUMPTION = "assumption"


class AgreementUnit(StrEnum):
    """What coders' agreement is measured on: a unit of the text each coder either
    applied a code to or not (a speaker turn, a paragraph, a sentence), or the
    text itself, character by character (``span``, Krippendorff's unitizing α)."""

    TURN = "turn"
    PARAGRAPH = "paragraph"
    SENTENCE = "sentence"
    SPAN = "span"


class Resolution(StrEnum):
    """How the team resolved a disagreement between coders over one code in one
    passage: keep one coder's reading (the others' codings there go), keep
    every reading (all stay: each is right), merge the coders' spans into one
    coding, or recode the passage with another code."""

    KEEP_ONE = "keep_one"
    KEEP_BOTH = "keep_both"
    MERGE = "merge"
    RECODE = "recode"


class ProjectRole(StrEnum):
    """What a member of a project may do on a team server, each role including
    the ones below it: a **viewer** reads; a **coder** also codes and writes
    memos; an **analyst** also shapes the study (design, documents, codebook,
    matrix, change models, agreement rounds); an **owner** also manages the
    members, invitations and blind coding, and may delete the project."""

    VIEWER = "viewer"
    CODER = "coder"
    ANALYST = "analyst"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        """0 for a viewer up to 3 for an owner: a role may do what any lower rank may."""
        return _ROLE_ORDER.index(self)

    def includes(self, other: ProjectRole) -> bool:
        """Whether this role may do everything ``other`` may."""
        return self.rank >= other.rank


_ROLE_ORDER = (ProjectRole.VIEWER, ProjectRole.CODER, ProjectRole.ANALYST, ProjectRole.OWNER)


#: The diagram and interchange formats a change model is exported to.
DiagramFormat = Literal["svg", "png", "mermaid", "dot", "graphml", "kumu"]


#: What keyword auto-coding codes around a keyword: the sentence or the paragraph.
AutocodeUnit = Literal["sentence", "paragraph"]

#: What "code all hits" codes around a search hit: the match, its sentence or paragraph.
Spread = Literal["match", "sentence", "paragraph"]
#: The spreads, in order (for forms and messages).
SPREADS: tuple[Spread, ...] = get_args(Spread)

#: Where codes co-occur: in overlapping segments, or within one participant's data.
CooccurrenceLevel = Literal["segment", "participant"]
#: What co-occurrence at the participant level counts: people, their cases, or documents.
CooccurrenceUnit = Literal["participant", "case", "document"]
#: Segments co-occur when their codings overlap, or lie in one speaker turn.
CooccurrenceMode = Literal["overlap", "turn"]
#: What a co-occurrence chart shows: counts, or the 0–1 similarity.
CooccurrenceValue = Literal["counts", "similarity"]
