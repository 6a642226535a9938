"""Building study fixtures directly with the models, for service and CLI tests.

Each function adds rows to an open session (inside ``database.transaction()``)
and flushes, so ids are available. They bypass the services on purpose: a
test of coding should not depend on the importers. Import them as
``from services.builders import ...`` (``tests/`` is on ``sys.path``).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import qualframe
from qualframe.formats.speaker_turns import detect_speaker_turns
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage.models import (
    AttributeDefinition,
    AttributeValue,
    AuditEntry,
    Case,
    Code,
    Document,
    DocumentParticipant,
    Participant,
    Question,
    SpeakerMapping,
    SpeakerTurn,
    TextSegment,
)
from qualframe.vocabulary import AttributeLevel, AttributeType, QuestionKind, SpeakerRole


@dataclass(frozen=True)
class Acting:
    """Who acts on which project: ``acting(session)`` is a unit of work for
    calling services directly inside ``database.transaction()``."""

    project_id: int
    actor: str = "tester"

    @classmethod
    def of(cls, project: qualframe.Project) -> Acting:
        """The project's own user, acting on it."""
        return cls(project.info.id, project.user)

    def __call__(self, session: Session) -> UnitOfWork:
        return UnitOfWork(session, self.project_id, self.actor)


def make_case(session: Session, project_id: int, name: str) -> Case:
    """A case called ``name``."""
    case = Case(project_id=project_id, name=name)
    session.add(case)
    session.flush()
    return case


def make_participant(session: Session, project_id: int, identifier: str, case: Case) -> Participant:
    """A participant ``identifier`` belonging to ``case``."""
    person = Participant(project_id=project_id, identifier=identifier, case_id=case.id)
    session.add(person)
    session.flush()
    return person


def define_attribute(
    session: Session,
    project_id: int,
    name: str,
    level: AttributeLevel,
    levels: Sequence[str] = (),
    type_: AttributeType = AttributeType.CATEGORICAL,
) -> AttributeDefinition:
    """An attribute definition (categorical with ``levels`` unless ``type_`` says)."""
    definition = AttributeDefinition(
        project_id=project_id, name=name, level=level, type=type_, levels=list(levels)
    )
    session.add(definition)
    session.flush()
    return definition


def set_value(
    session: Session,
    definition: AttributeDefinition,
    owner: Case | Participant | Document,
    value: str,
) -> AttributeValue:
    """Give ``owner`` the (canonical) ``value`` of ``definition``."""
    owner_key = {Case: "case_id", Participant: "participant_id", Document: "document_id"}[
        type(owner)
    ]
    number = float(value) if definition.type is AttributeType.NUMBER else None
    row = AttributeValue(definition_id=definition.id, value=value, number=number)
    setattr(row, owner_key, owner.id)
    session.add(row)
    session.flush()
    return row


def make_document(
    session: Session,
    project_id: int,
    name: str,
    text: str,
    *,
    participants: Iterable[Participant] = (),
    turns: Sequence[tuple[str, int, int]] | None = None,
    detect_turns: bool = False,
) -> Document:
    """A document holding ``text`` (normalised to NFC), linked to ``participants``.

    Speaker turns are ``turns`` ``(label, start, end)`` or, with
    ``detect_turns``, those :func:`detect_speaker_turns` finds.
    """
    text = unicodedata.normalize("NFC", text)
    document = Document(
        project_id=project_id,
        name=name,
        title=name,
        format="txt",
        text=text,
        length=len(text),
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    session.add(document)
    session.flush()
    for person in participants:
        session.add(DocumentParticipant(document_id=document.id, participant_id=person.id))
    if detect_turns:
        turns = [(t.label, t.start, t.end) for t in detect_speaker_turns(text)]
    for label, start, end in turns or ():
        session.add(SpeakerTurn(document_id=document.id, label=label, start=start, end=end))
    session.flush()
    return document


def map_speaker(
    session: Session,
    project_id: int,
    label: str,
    participant: Participant | None = None,
    *,
    document: Document | None = None,
) -> SpeakerMapping:
    """Map ``label`` to ``participant``, or to the interviewer when None."""
    mapping = SpeakerMapping(
        project_id=project_id,
        document_id=document.id if document else None,
        label=label,
        role=SpeakerRole.PARTICIPANT if participant else SpeakerRole.INTERVIEWER,
        participant_id=participant.id if participant else None,
    )
    session.add(mapping)
    session.flush()
    return mapping


def make_code(
    session: Session,
    project_id: int,
    name: str,
    parent: Code | None = None,
    *,
    retired: bool = False,
) -> Code:
    """A code called ``name`` under ``parent`` (top level when None)."""
    code = Code(
        project_id=project_id,
        name=name,
        parent_id=parent.id if parent else None,
        retired=retired,
    )
    session.add(code)
    session.flush()
    return code


def make_question(
    session: Session, project_id: int, identifier: str, text: str, heading: str = ""
) -> Question:
    """An open question of the interview schedule."""
    position = len(session.query(Question).filter_by(project_id=project_id).all())
    question = Question(
        project_id=project_id,
        identifier=identifier,
        position=position,
        text=text,
        kind=QuestionKind.OPEN,
        heading=heading,
    )
    session.add(question)
    session.flush()
    return question


#: A short interview with two speakers, one turn of two paragraphs.
INTERVIEW = (
    "Interviewer: How did peer support help you?\n\n"
    "P01: It helped me recover.\n\n"
    "I felt understood by someone who had been there.\n\n"
    "Interviewer: Thank you.\n"
)


def write_file(folder: Path, name: str, content: str | bytes) -> Path:
    """Write ``content`` (UTF-8 text or bytes) to ``folder/name``; returns the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def import_counts(project: qualframe.Project) -> dict[str, int]:
    """Rows of every table a document import writes, and audit entries."""
    with project.database.transaction() as session:
        return {
            model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Document, SpeakerTurn, TextSegment, DocumentParticipant, AuditEntry)
        }


def add_people(project: qualframe.Project, *identifiers: str) -> None:
    """Participants with these identifiers, in one case "Site A"."""
    with project.database.transaction() as session:
        case = make_case(session, project.info.id, "Site A")
        for identifier in identifiers:
            make_participant(session, project.info.id, identifier, case)
