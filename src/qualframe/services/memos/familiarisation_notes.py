"""Familiarisation notes: each person's memo on a document they read.

Part of familiarisation (see
:mod:`qualframe.services.documents.familiarisation`, which keeps who has
read what): a person's first impressions of one document are a memo of
kind ``familiarisation`` on that document, by them. There is one per
document and person; :func:`familiarisation_notes` opens it, writing it
when there is none.
"""

from __future__ import annotations

from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.documents.familiarisation import NOTES_KIND
from qualframe.services.memos import memos
from qualframe.services.memos.memos import MemoInfo
from qualframe.storage import queries


def familiarisation_notes(uow: UnitOfWork, document: Ref) -> MemoInfo:
    """Your (the acting name's) familiarisation memo on a document (name or
    id), written (empty, titled "Familiarisation notes: <document>") when you
    have none; of several, the oldest. Writing it is audited as
    ``memo.create``; change its text with ``project.memos.edit``. Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown document (nothing
    is written). Two first openings at once (PostgreSQL) write one memo: the
    second waits for the first and opens its memo."""
    found = find_document(uow, document)
    existing = _notes_of(uow, found.id)
    if existing is None:
        queries.readings.hold_document(uow.session, found.id)
        existing = _notes_of(uow, found.id)  # another first opening may have written it
    if existing is not None:
        return memos.get_memo(uow, existing)
    title = f"Familiarisation notes: {found.name}"[: memos.MAX_TITLE_LENGTH]
    return memos.create_memo(uow, title, kind=NOTES_KIND, document=found.id)


def _notes_of(uow: UnitOfWork, document_id: int) -> int | None:
    """The id of the acting name's familiarisation memo on the document, if any."""
    return queries.readings.familiarisation_memo_ids(
        uow.session, uow.project_id, NOTES_KIND.value, [document_id]
    ).get((document_id, uow.actor.name))


__all__ = ["familiarisation_notes"]
