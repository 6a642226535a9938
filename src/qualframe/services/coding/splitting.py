"""Cutting one coding in pieces: the same coder and code on each piece.

Used where a change must act on part of a coding only (resolving a
disagreement on one unit of text, for instance). The original coding (its
id, creation time and memos) keeps one piece; the others are new codings of
the same coder and code. A coding a matrix cell quotes or a change model
cites is refused (nothing written): its quotes or evidence would have to
choose a piece. One ``coding.split`` audit entry per coding cut.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree
from qualframe.services.coding.codings import OTHER_CODINGS, as_offset
from qualframe.services.core import access, audit, references
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents.attribution import DocumentSpeakers
from qualframe.storage import queries
from qualframe.storage.models import Coding, Document

#: A span of a text: ``(start, end)``, code points, end exclusive.
Piece = tuple[int, int]


def split_coding(
    uow: UnitOfWork, coding_id: int, cuts: Sequence[int], *, keep: int = 0, action: str = ""
) -> list[tuple[int, Piece]]:
    """Cut coding ``coding_id`` at each offset of ``cuts`` (strictly inside its
    span) into pieces; the original keeps piece number ``keep`` (0: the
    first) and each other piece becomes a new coding of the same coder and
    code (a piece the coder already coded with that code is not made twice).
    Returns ``(coding id, (start, end))`` of every piece, in text order.

    ``action`` says why, for the refusal and the audit entry ("Resolving the
    disagreement on 'Hope' in D1 [10, 40)"). Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown coding,
    :class:`ValidationError` for a cut outside the span or a ``keep`` out of
    range, and :class:`~qualframe.errors.ConflictError` when a matrix cell
    quotes or a change model cites the coding. Nothing is written then."""
    coding = queries.codings.coding_by_id(uow.session, uow.project_id, as_offset(coding_id))
    if coding is None:
        raise NotFoundError(f"There is no coding with id {coding_id} in this project.")
    access.require_own(uow, coding.coder, OTHER_CODINGS)
    points = sorted({as_offset(cut) for cut in cuts})
    if any(not coding.start < cut < coding.end for cut in points):
        raise ValidationError(
            f"Cut coding {coding.id} inside its span [{coding.start}, {coding.end}), "
            f"not at {', '.join(str(cut) for cut in points)}."
        )
    bounds = [coding.start, *points, coding.end]
    pieces = list(itertools.pairwise(bounds))
    if not 0 <= keep < len(pieces):
        raise ValidationError(f"The coding is cut in {len(pieces)} pieces; keep {keep} is none.")
    if len(pieces) == 1:
        return [(coding.id, pieces[0])]
    what = action or f"Cutting coding {coding.id}"
    references.refuse_quoted_codings(uow, [coding.id], what)
    return _cut(uow, coding, pieces, keep, what)


def _cut(
    uow: UnitOfWork, coding: Coding, pieces: Sequence[Piece], keep: int, action: str
) -> list[tuple[int, Piece]]:
    document = uow.session.get(Document, coding.document_id)
    assert document is not None  # a foreign key keeps it
    text = document.text
    existing = queries.codings.coded_spans(uow.session, coding.code_id, coding.coder, [document.id])
    speakers = DocumentSpeakers(uow.session, uow.project_id, document.id)
    before = (coding.start, coding.end)
    new: list[Coding] = []
    for number, (start, end) in enumerate(pieces):
        if number == keep:
            continue
        if (document.id, start, end) in existing:
            continue  # the coder has this piece already
        at = speakers.at(start)
        piece = Coding(
            project_id=coding.project_id,
            document_id=document.id,
            code_id=coding.code_id,
            start=start,
            end=end,
            quote=text[start:end],
            coder=coding.coder,
            participant_id=at.participant_id,
            speaker=at.speaker,
            created_at=coding.created_at,
        )
        new.append(piece)
    start, end = pieces[keep]
    at = speakers.at(start)
    coding.start, coding.end, coding.quote = start, end, text[start:end]
    coding.speaker, coding.participant_id = at.speaker, at.participant_id
    uow.session.add_all(new)
    uow.session.flush()
    made = sorted([(coding.id, (start, end)), *((c.id, (c.start, c.end)) for c in new)],
                  key=lambda item: item[1])  # fmt: skip
    tree = CodeTree.load(uow)
    path = PATH_SEPARATOR.join(tree.path(tree.by_id[coding.code_id]))
    audit.record(
        uow,
        "coding.split",
        "coding",
        coding.id,
        f"Cut {coding.coder}'s coding of {path!r} in {document.name} [{before[0]}, {before[1]}) "
        f"in {len(pieces)} pieces: {action}",
        {
            "code": path,
            "document": document.name,
            "coder": coding.coder,
            "before": list(before),
            "pieces": [{"id": i, "start": s, "end": e} for i, (s, e) in made],
        },
    )
    return made
