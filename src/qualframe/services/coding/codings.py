"""Coding: applying codes to spans of documents and removing them.

A coding applies one code to the span ``[start, end)`` of a document, in
Unicode code points of the stored (NFC) text, end exclusive; a span is valid
when ``0 <= start < end <= document length``. Each coding keeps its text
(``quote``) and who speaks at its start (see
:mod:`qualframe.services.documents.attribution`). Retired codes cannot be applied. A
coder codes a span with a code at most once; another coder may code the same
span with the same code (that is what agreement is measured on).

Every change is recorded in the audit log: one entry per call, however many
codings it adds or removes. Listing codings is
:mod:`qualframe.services.coding.listing`; changing one,
:mod:`qualframe.services.coding.recoding`.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from qualframe.errors import ConflictError, NotFoundError, ValidationError
from qualframe.formats.quoting import CodedSpan, clamped_passage
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree, resolve_code
from qualframe.services.coding.passage import Passage
from qualframe.services.core import access, audit, evidence_folding, references
from qualframe.services.core.lookup import (
    document_ids as document_ids,  # re-exported
    find_document,
)
from qualframe.services.core.refs import (
    Ref as Ref,  # re-exported: callers use coding.Ref
    Refs as Refs,
)
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import touch
from qualframe.services.core.wording import counted
from qualframe.services.documents.attribution import DocumentSpeakers
from qualframe.storage import queries
from qualframe.storage.models import Code, Coding, Document, Participant
from qualframe.storage.models.base import as_utc, utc_now
from qualframe.storage.queries.documents import DocumentText
from qualframe.vocabulary import ProjectRole

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


#: What a coder may not do to codings that are not theirs (an analyst's call).
OTHER_CODINGS = "changing other coders' codings"

#: The fixed columns of the codings listing (``project.coding.codings()``), before
#: one column per attribute.
CODING_COLUMNS: tuple[str, ...] = (
    "coding_id", "code_id", "code", "document_id", "document", "start", "end", "text",
    "speaker", "participant", "case", "coder", "created_at",
)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class CodingRecord(Passage):
    """One coding as returned to callers: a :class:`Passage` (document, span,
    speaker and participant at its start) with its id, code and coder.

    ``code`` is the code's path ("Theme > Sub-code"); ``text`` is the coded
    text; ``participant_id``/``participant`` (identifier) are None when
    nobody or the interviewer speaks at ``start``; ``created_at`` is UTC;
    ``guid`` is the coding's identity outside this database (codings have no
    version: they are added, changed and removed, never edited concurrently
    field by field).
    """

    id: int
    guid: str
    code_id: int
    code: str
    text: str
    participant_id: int | None
    coder: str
    created_at: datetime


# ---------------------------------------------------------------- checks and lookups


def check_span(document_name: str, length: int, start: int, end: int) -> None:
    """Raise :class:`ValidationError` unless ``0 <= start < end <= length``.

    The message names the document and the span and says what is wrong.
    """
    problem = span_problem(length, start, end)
    if problem is not None:
        raise ValidationError(f"Span [{start}, {end}) is not valid in {document_name}: {problem}.")


def span_problem(length: int, start: int, end: int) -> str | None:
    """What is wrong with ``[start, end)`` in a text of ``length`` code points, or None."""
    if start < 0:
        return "start must not be negative"
    if start >= end:
        return "start must be before end"
    if end > length:
        return f"it ends at {end} but the document has {length} characters"
    return None


def as_offset(value: Any) -> int:
    """An offset as a Python int (accepts numpy integers; refuses floats and text)."""
    if isinstance(value, bool):
        raise ValidationError(f"Offsets are whole numbers, not {value!r}.")
    try:
        return operator.index(value)
    except TypeError:
        raise ValidationError(f"Offsets are whole numbers, not {value!r}.") from None


def codable_code(uow: UnitOfWork, ref: Ref | Code) -> tuple[Code, str]:
    """The code ``ref`` names and its path, refusing retired codes.

    Raises :class:`NotFoundError`/:class:`ValidationError` for unknown or
    ambiguous names and :class:`ValidationError` for a retired code.
    """
    code = resolve_code(uow, ref)
    path = PATH_SEPARATOR.join(CodeTree.load(uow).path(code))
    if code.retired:
        raise ValidationError(
            f"The code {path!r} is retired and cannot be applied; restore it in the codebook first."
        )
    return code, path


# ---------------------------------------------------------------- adding codings


def add_codings(
    uow: UnitOfWork,
    code: Ref,
    spans: Sequence[tuple[int, int, int]],
    *,
    reason: str | None = None,
) -> int:
    """Code many ``(document_id, start, end)`` spans with ``code`` (id, name or
    path) at once; offsets are code points, end exclusive.

    Raises :class:`NotFoundError`/:class:`ValidationError` for an unknown or
    retired code. Every span is checked before anything is written; the first invalid one
    raises :class:`ValidationError` naming its document and span (unknown
    document ids raise :class:`NotFoundError`). Spans the acting coder has
    already coded with this code, and repeats within ``spans``, are skipped.
    Each document's text and speakers are read once and the codings are
    inserted in bulk; one audit entry summarises the batch, its summary
    ending with ``reason`` when given (e.g. "auto-coded sentences containing
    'hope'"). Returns the number of codings added.
    """
    found, path = codable_code(uow, code)
    wanted = list(dict.fromkeys((as_offset(d), as_offset(s), as_offset(e)) for d, s, e in spans))
    if not wanted:
        return 0
    documents = {
        doc.id: doc
        for doc in queries.documents.document_texts(
            uow.session, uow.project_id, {d for d, _, _ in wanted}
        )
    }
    _check_spans(wanted, documents)
    existing = queries.codings.coded_spans(uow.session, found.id, uow.actor.name, documents)
    new = [span for span in wanted if span not in existing]
    queries.codings.insert_codings(uow.session, _coding_rows(uow, found.id, new, documents))
    if new:
        per_document = Counter(documents[d].name for d, _, _ in new)
        audit.record(
            uow,
            "coding.add",
            "code",
            found.id,
            f"Coded {counted(len(new), 'span')} in {counted(len(per_document), 'document')} "
            f"with {path!r}" + (f": {reason}" if reason else ""),
            {
                "code": path,
                "added": len(new),
                "already_coded": len(wanted) - len(new),
                "documents": dict(per_document),
                "reason": reason,
            },
        )
    return len(new)


def _check_spans(
    spans: Sequence[tuple[int, int, int]], documents: Mapping[int, DocumentText]
) -> None:
    """Raise for the first span outside its document (or on an unknown document)."""
    bad: list[tuple[str, int, int, str]] = []
    for document_id, start, end in spans:
        doc = documents.get(document_id)
        if doc is None:
            raise NotFoundError(f"There is no document with id {document_id} in this project.")
        problem = span_problem(len(doc.text), start, end)
        if problem is not None:
            bad.append((doc.name, start, end, problem))
    if bad:
        name, start, end, problem = bad[0]
        more = f" (and {counted(len(bad) - 1, 'more invalid span')})" if len(bad) > 1 else ""
        raise ValidationError(f"Span [{start}, {end}) is not valid in {name}: {problem}{more}.")


def _coding_rows(
    uow: UnitOfWork,
    code_id: int,
    spans: Sequence[tuple[int, int, int]],
    documents: Mapping[int, DocumentText],
) -> list[dict[str, Any]]:
    """Insertable rows for ``spans``: quote and attribution filled in."""
    speakers: dict[int, DocumentSpeakers] = {}
    now = utc_now()
    rows = []
    for document_id, start, end in spans:
        who = speakers.get(document_id)
        if who is None:
            who = speakers[document_id] = DocumentSpeakers(uow.session, uow.project_id, document_id)
        at = who.at(start)
        rows.append(
            {
                "project_id": uow.project_id,
                "document_id": document_id,
                "code_id": code_id,
                "start": start,
                "end": end,
                "quote": documents[document_id].text[start:end],
                "coder": uow.actor.name,
                "participant_id": at.participant_id,
                "speaker": at.speaker,
                "created_at": now,
            }
        )
    return rows


def apply_code(uow: UnitOfWork, document: Ref, code: Ref, start: int, end: int) -> CodingRecord:
    """Code ``[start, end)`` of ``document`` with ``code`` (by id, name or path).

    Raises :class:`ValidationError` for an invalid span or a retired code,
    :class:`NotFoundError` for an unknown document or code and
    :class:`ConflictError` when the acting coder already coded this span
    with this code. Records ``coding.create`` in the audit log.
    """
    found, path = codable_code(uow, code)
    doc = find_document(uow, document)
    start, end = as_offset(start), as_offset(end)
    check_span(doc.name, doc.length, start, end)
    if (doc.id, start, end) in queries.codings.coded_spans(
        uow.session, found.id, uow.actor.name, [doc.id]
    ):
        raise ConflictError(
            f"{doc.name} [{start}, {end}) is already coded with {path!r} by {uow.actor.name}."
        )
    turns = queries.speakers.turn_before(uow.session, doc.id, start)
    who = DocumentSpeakers(uow.session, uow.project_id, doc.id, turns=turns).at(start)
    coding = Coding(
        project_id=uow.project_id,
        document_id=doc.id,
        code_id=found.id,
        start=start,
        end=end,
        quote=doc.text[start:end],
        coder=uow.actor.name,
        participant_id=who.participant_id,
        speaker=who.speaker,
        created_at=utc_now(),
    )
    uow.session.add(coding)
    uow.session.flush()
    record = coding_record(uow.session, coding, path, doc.name)
    audit.record(
        uow,
        "coding.create",
        "coding",
        coding.id,
        f"Coded {doc.name} [{start}, {end}) with {path!r}",
        audit_details(record),
    )
    return record


def coding_record(session: Session, coding: Coding, path: str, document: str) -> CodingRecord:
    """``coding`` as a :class:`CodingRecord`, its code given by ``path``, its document by name."""
    person = session.get(Participant, coding.participant_id) if coding.participant_id else None
    return CodingRecord(
        id=coding.id,
        guid=coding.guid,
        code_id=coding.code_id,
        code=path,
        document_id=coding.document_id,
        document=document,
        start=coding.start,
        end=coding.end,
        text=coding.quote,
        speaker=coding.speaker,
        participant_id=coding.participant_id,
        participant=person.identifier if person else None,
        coder=coding.coder,
        created_at=as_utc(coding.created_at),
    )


def audit_details(record: CodingRecord) -> dict[str, Any]:
    """What the audit log keeps of a coding (enough to restore it by hand)."""
    return {
        "code": record.code,
        "code_id": record.code_id,
        "document": record.document,
        "document_id": record.document_id,
        "start": record.start,
        "end": record.end,
        "coder": record.coder,
        "speaker": record.speaker,
        "participant": record.participant,
    }


# ---------------------------------------------------------------- removing codings


@dataclass(frozen=True, slots=True, kw_only=True)
class RemovedCoding(CodingRecord):
    """A removed coding as it was, and what became of what pointed at it.

    ``memos_kept`` memos were about it: they stay, without their link to it
    (the policy :mod:`qualframe.services.core.references` declares for a
    memo's link to a coding; each such memo counts one more version, and one
    with no other link is about the project); ``consequence`` says so in a
    sentence ("1 memo on this coding is kept, without its link to it."; ""
    when no memo was about it).
    """

    memos_kept: int
    consequence: str


@dataclass(frozen=True)
class CodingsRemoved:
    """What removing a code from a span did: ``removed`` codings deleted,
    ``memos_kept`` memos that were about them kept without those links, and
    ``consequence``, the latter in a sentence ("" when none)."""

    removed: int
    memos_kept: int
    consequence: str


#: The fields of a :class:`CodingRecord` (copied into a :class:`RemovedCoding`).
_RECORD_FIELDS = tuple(field.name for field in fields(CodingRecord))


def memos_kept_wording(memos: int, codings: int = 1, *, ahead: bool = False) -> str:
    """What removing ``codings`` codings does to the ``memos`` memos about them,
    as a sentence for people ("1 memo on this coding is kept, without its
    link to it."; with ``ahead``, before the removal: "... will be kept
    ..."); "" when there are none. Pure."""
    if not memos:
        return ""
    on, it = ("this coding", "it") if codings == 1 else ("these codings", "them")
    links = "its link" if memos == 1 else "their links"
    verb = "will be" if ahead else "is" if memos == 1 else "are"
    return f"{counted(memos, 'memo')} on {on} {verb} kept, without {links} to {it}."


def remove_coding(uow: UnitOfWork, coding_id: int) -> RemovedCoding:
    """Delete one coding; returns what it was, with the memos that were about
    it (``memos_kept``): they are kept, about the project, and
    ``consequence`` says so. ``project.coding.preview_remove`` works the same
    out and writes nothing.

    Raises :class:`NotFoundError` when the project has no such coding, and
    :class:`ConflictError` when a matrix cell quotes it (unlink the quote
    first). Records ``coding.delete`` in the audit log.
    """
    coding = queries.codings.coding_by_id(uow.session, uow.project_id, as_offset(coding_id))
    if coding is None:
        raise NotFoundError(f"There is no coding with id {coding_id} in this project.")
    access.require_own(uow, coding.coder, OTHER_CODINGS)
    tree = CodeTree.load(uow)
    path = PATH_SEPARATOR.join(tree.path(tree.by_id[coding.code_id]))
    doc = uow.session.get(Document, coding.document_id)
    record = coding_record(uow.session, coding, path, doc.name if doc else "")
    references.refuse_quoted_codings(uow, [coding.id], f"Removing coding {coding.id}")
    memos = queries.memos.unlink_coding_memos(uow.session, [coding.id])
    uow.session.delete(coding)
    uow.session.flush()
    audit.record(
        uow,
        "coding.delete",
        "coding",
        record.id,
        f"Removed {path!r} from {record.document} [{record.start}, {record.end})",
        {**audit_details(record), "memos_kept": memos},
    )
    values = {name: getattr(record, name) for name in _RECORD_FIELDS}
    return RemovedCoding(**values, memos_kept=memos, consequence=memos_kept_wording(memos))


def remove_code_from_span(
    uow: UnitOfWork,
    document: Ref,
    code: Ref,
    start: int,
    end: int,
    *,
    all_coders: bool = False,
) -> CodingsRemoved:
    """Remove ``code`` from ``[start, end)`` of ``document``: delete every coding
    of that code overlapping the span (whole codings, not just the overlap).

    Only the acting coder's codings are removed unless ``all_coders``.
    Retired codes can be removed. Memos about the removed codings are kept,
    about the project. Returns how many codings were deleted and memos kept
    (:class:`CodingsRemoved`); one ``coding.remove`` audit entry lists them.
    Raises :class:`ValidationError` for an invalid span and
    :class:`ConflictError` when a matrix cell quotes one of the codings.
    """
    access.require(uow, ProjectRole.CODER, "coding")
    if all_coders:  # other coders' work: as a resolution, an analyst's call
        access.require(uow, ProjectRole.ANALYST, "removing other coders' codings")
    found = resolve_code(uow, code)
    path = PATH_SEPARATOR.join(CodeTree.load(uow).path(found))
    doc = find_document(uow, document)
    start, end = as_offset(start), as_offset(end)
    check_span(doc.name, doc.length, start, end)
    coder = None if all_coders else uow.actor.name
    overlapping = queries.codings.codings_overlapping(
        uow.session, uow.project_id, doc.id, [found.id], start, end, coder
    )
    if not overlapping:
        return CodingsRemoved(removed=0, memos_kept=0, consequence="")
    removed = [{"id": c.id, "start": c.start, "end": c.end, "coder": c.coder} for c in overlapping]
    ids = [c.id for c in overlapping]
    references.refuse_quoted_codings(
        uow, ids, f"Removing {path!r} from {doc.name} [{start}, {end})"
    )
    memos = queries.memos.unlink_coding_memos(uow.session, ids)
    queries.codings.delete_codings(uow.session, ids)
    audit.record(
        uow,
        "coding.remove",
        "code",
        found.id,
        f"Removed {path!r} from {counted(len(removed), 'coding')} overlapping "
        f"{doc.name} [{start}, {end})",
        {
            "code": path,
            "document": doc.name,
            "start": start,
            "end": end,
            "codings": removed,
            "memos_kept": memos,
        },
    )
    return CodingsRemoved(
        removed=len(removed), memos_kept=memos, consequence=memos_kept_wording(memos, len(ids))
    )


# ---------------------------------------------------------------- quotes of a passage of a coding
# A matrix cell may quote a passage of a coding (one key sentence of a long
# turn): the passage stays inside the coding when the coding's span changes.


def keep_quote_passages_inside(uow: UnitOfWork, coding: Coding) -> int:
    """After ``coding``'s span (and ``quote``) changed: clamp every cell quote
    of a passage of it into the new span (see
    :func:`~qualframe.formats.quoting.clamped_passage`), or make it quote the
    whole coding when nothing of the passage is left; the same for the
    passages change models quote as evidence
    (:func:`~qualframe.services.core.evidence_folding.keep_evidence_passages_inside`).

    Writes the changed quote links; each cell whose quote changed counts one
    more version (a change made through its quotes). The caller audits the
    coding's change. Returns how many passages changed.
    """
    span = CodedSpan(coding.id, coding.start, coding.end, coding.quote)
    moved = []
    for quote in queries.cells.passages_of_codings(uow.session, [coding.id]):
        kept = clamped_passage(span, quote.start, quote.end)
        if kept != (quote.start, quote.end):
            start, end = kept or (None, None)
            moved.append((quote.cell_id, quote.coding_id, start, end))
    queries.cells.set_quote_passages(uow.session, moved)
    for cell in queries.cells.cells_by_id(uow.session, {cell_id for cell_id, *_ in moved}).values():
        touch(cell)
    # So are the passages a change model quotes as evidence.
    evidence = evidence_folding.keep_evidence_passages_inside(uow, {coding.id: span})
    uow.session.flush()
    return len(moved) + evidence
