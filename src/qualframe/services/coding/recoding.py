"""Changing one coding: reading it, giving it another code, moving its span.

A changed coding keeps its id, its coder, its creation time and its memos;
its quote and attribution (speaker and participant at its start) are
recomputed. A span is valid when ``0 <= start < end <= document length``
(code points, end exclusive); the new code must not be retired (a coding of
a retired code may still have its span adjusted). A coder codes a span with
a code at most once, so a change that would repeat another coding of the
same coder is refused. Every change is one ``coding.change`` audit entry
with the values before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from qualframe.errors import ConflictError, NotFoundError, StaleVersionError, ValidationError
from qualframe.formats.segmentation import sentence_regions, sentences_around
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree
from qualframe.services.coding.codings import (
    OTHER_CODINGS,
    CodingRecord,
    as_offset,
    audit_details,
    check_span,
    codable_code,
    coding_record,
    keep_quote_passages_inside,
)
from qualframe.services.coding.document_view import reading_blocks
from qualframe.services.core import access, audit
from qualframe.services.core.choices import parse_choice
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents.attribution import DocumentSpeakers
from qualframe.storage import queries
from qualframe.storage.models import Coding, Document

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class SpanUnit(StrEnum):
    """What a coding's span can be extended to: whole sentences, the reading
    block (paragraph) or the speaker turn around it."""

    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"
    TURN = "turn"


@dataclass(frozen=True, slots=True)
class CodingState:
    """What a change of a coding may alter: its code (id) and span (code
    points, end exclusive). Codings carry no version number: a change states
    the state it read instead (see :func:`change_coding`, ``if_unchanged``)."""

    code_id: int
    start: int
    end: int


@dataclass(frozen=True)
class _Loaded:
    """A coding with its document and its code's path, as read for a change."""

    coding: Coding
    document: Document
    path: str


def _load(uow: UnitOfWork, coding_id: int) -> _Loaded:
    coding = queries.codings.coding_by_id(uow.session, uow.project_id, as_offset(coding_id))
    if coding is None:
        raise NotFoundError(f"There is no coding with id {coding_id} in this project.")
    document = uow.session.get(Document, coding.document_id)
    assert document is not None  # a foreign key keeps it
    tree = CodeTree.load(uow)
    path = PATH_SEPARATOR.join(tree.path(tree.by_id[coding.code_id]))
    return _Loaded(coding, document, path)


def get_coding(uow: UnitOfWork, coding_id: int) -> CodingRecord:
    """One coding of the project by id: its code's path, document, span (code
    points, end exclusive), text, speaker, participant and coder. Reads only;
    raises :class:`NotFoundError` when the project has no such coding."""
    loaded = _load(uow, coding_id)
    return coding_record(uow.session, loaded.coding, loaded.path, loaded.document.name)


def change_coding(
    uow: UnitOfWork,
    coding_id: int,
    *,
    code: Ref | None = None,
    start: int | None = None,
    end: int | None = None,
    extend: SpanUnit | str | None = None,
    if_unchanged: CodingState | None = None,
) -> CodingRecord:
    """Give coding ``coding_id`` another ``code`` (id, name or path), move it
    to ``[start, end)`` and/or ``extend`` its span to the whole sentences,
    paragraphs or speaker turns it touches (see :func:`unit_span`; applied
    after ``start``/``end``); omitted values stay. Returns the changed coding.
    ``if_unchanged``: the code and span the caller read (an undo states the
    coding as its change left it); when the stored coding differs, someone
    changed it meanwhile and :class:`StaleVersionError` (a conflict) is raised,
    saving nothing.

    Raises :class:`NotFoundError` for an unknown coding or code,
    :class:`ValidationError` for an invalid span, a retired code or a span
    outside every unit to extend to, and :class:`ConflictError` when the
    coding's coder already coded the new span with the new code. A change to
    the same values writes nothing. Records ``coding.change`` (details
    ``before`` and ``after``).
    """
    loaded = _load(uow, coding_id)
    coding, document = loaded.coding, loaded.document
    access.require_own(uow, coding.coder, OTHER_CODINGS)
    code_id, path = coding.code_id, loaded.path
    _check_unchanged(coding, if_unchanged, loaded.path)
    if code is not None:
        found, path = codable_code(uow, code)
        code_id = found.id
    new_start = coding.start if start is None else as_offset(start)
    new_end = coding.end if end is None else as_offset(end)
    check_span(document.name, document.length, new_start, new_end)
    if extend is not None:
        new_start, new_end = _extended(
            uow.session, document, new_start, new_end, parse_unit(extend)
        )
    before = coding_record(uow.session, coding, loaded.path, document.name)
    if (code_id, new_start, new_end) == (coding.code_id, coding.start, coding.end):
        return before
    clash = queries.codings.coded_spans(uow.session, code_id, coding.coder, [document.id])
    if (document.id, new_start, new_end) in clash:
        raise ConflictError(
            f"{document.name} [{new_start}, {new_end}) is already coded with {path!r} "
            f"by {coding.coder}; remove one of the two codings instead."
        )
    turns = queries.speakers.turn_before(uow.session, document.id, new_start)
    who = DocumentSpeakers(uow.session, uow.project_id, document.id, turns=turns).at(new_start)
    coding.code_id, coding.start, coding.end = code_id, new_start, new_end
    coding.quote = document.text[new_start:new_end]
    coding.speaker, coding.participant_id = who.speaker, who.participant_id
    uow.session.flush()
    # A quote of one sentence of this coding must stay inside its new span.
    passages = keep_quote_passages_inside(uow, coding)
    after = coding_record(uow.session, coding, path, document.name)
    details: dict[str, object] = {
        "before": audit_details(before),
        "after": audit_details(after),
    }
    if passages:
        details["quote_passages_moved"] = passages
    audit.record(uow, "coding.change", "coding", coding.id, _summary(before, after), details)
    return after


def _check_unchanged(coding: Coding, read: CodingState | None, path: str) -> None:
    """Refuse a change based on a stale read of ``coding`` (see :func:`change_coding`)."""
    if read is None:
        return
    if (read.code_id, read.start, read.end) != (coding.code_id, coding.start, coding.end):
        raise StaleVersionError(f"the coding of {path!r} [{coding.start}, {coding.end})")


def _summary(before: CodingRecord, after: CodingRecord) -> str:
    changes = []
    if before.code_id != after.code_id:
        changes.append(f"code {before.code!r} to {after.code!r}")
    if (before.start, before.end) != (after.start, after.end):
        changes.append(f"span [{before.start}, {before.end}) to [{after.start}, {after.end})")
    return f"Changed a coding in {after.document}: " + " and ".join(changes)


# ---------------------------------------------------------------- extending spans


def unit_span(
    text: str, turns: list[tuple[int, int]], start: int, end: int, unit: SpanUnit
) -> tuple[int, int] | None:
    """The smallest span of whole units (sentences, paragraphs or turns) covering ``[start, end)``.

    Sentences are those of every sentence feature
    (:func:`qualframe.formats.segmentation.sentence_regions` and
    :func:`~qualframe.formats.segmentation.sentences_around`: paragraphs cut
    at speaker turns), paragraphs are the document view's reading blocks,
    turns the speaker turns ``turns`` (``(start, end)`` in order). The span
    never shrinks; returns None when no unit overlaps it (text outside every
    turn, for example). Pure.
    """
    if unit is SpanUnit.TURN:
        units = turns
    elif unit is SpanUnit.SENTENCE:
        units = [
            (s.start, s.end)
            for region in sentence_regions(text, turns, start, end)
            for s in sentences_around(text, region, start, end)
        ]
    else:
        blocks = [(b.start, b.end) for b in reading_blocks(text, turns)]
        units = [(s, e) for s, e in blocks if s < end and e > start]
    overlapping = [(s, e) for s, e in units if s < end and e > start]
    if not overlapping:
        return None
    return min(start, overlapping[0][0]), max(end, overlapping[-1][1])


def parse_unit(value: SpanUnit | str) -> SpanUnit:
    """``value`` as a :class:`SpanUnit`; raises :class:`ValidationError` if unknown."""
    refusal = "A coding can be extended to one of: {allowed}; not to {value}."
    return parse_choice(SpanUnit, value, refusal)


def _extended(
    session: Session, document: Document, start: int, end: int, unit: SpanUnit
) -> tuple[int, int]:
    turns = [(t.start, t.end) for t in queries.speakers.turn_rows(session, document.id)]
    span = unit_span(document.text, turns, start, end, unit)
    if span is None:
        raise ValidationError(
            f"The span [{start}, {end}) of {document.name} is not inside any {unit.value}, "
            "so it cannot be extended to one."
        )
    return span


def extend_coding(uow: UnitOfWork, coding_id: int, unit: SpanUnit | str) -> CodingRecord:
    """Extend coding ``coding_id`` to the whole sentences, paragraph(s) or
    speaker turn(s) it touches (``unit``: "sentence", "paragraph", "turn");
    returns it. :func:`change_coding` with ``extend=unit``: the same errors
    and the same ``coding.change`` audit entry."""
    return change_coding(uow, coding_id, extend=unit)
