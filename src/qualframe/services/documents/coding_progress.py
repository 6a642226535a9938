"""How far each document's coding went: not coded, in progress, done.

A coder marks a document **coding done** when every passage worth coding is
coded (the mark records who and when, and can be taken back). Nothing is
inferred from how much text is coded: an interview may be fully coded with
a fifth of its text under codings. The status of a document is

- ``"not coded"``: no codings and no mark (its coding has not started);
- ``"in progress"``: codings, but not marked done (it may still bring codes);
- ``"done"``: marked done (with or without codings: a document with nothing
  worth coding can be marked done too).

The saturation curve (:mod:`qualframe.services.compare.coding_saturation`)
leaves out documents not coded and flags those in progress. The mark is a
change to the document: it counts a version and takes ``if_version``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from qualframe.errors import ValidationError
from qualframe.services.core import audit
from qualframe.services.core.lookup import find_document
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.core.versions import check_version
from qualframe.storage import queries
from qualframe.storage.models.base import as_utc, utc_now
from qualframe.storage.queries.coding_marks import CodingMarkRow

#: How far a document's coding went (see the module docstring).
CodingStatus = Literal["not coded", "in progress", "done"]
NOT_CODED: CodingStatus = "not coded"
IN_PROGRESS: CodingStatus = "in progress"
DONE: CodingStatus = "done"


@dataclass(frozen=True, slots=True, kw_only=True)
class CodingProgress:
    """One document's coding progress.

    ``document``: its name; ``version``: its version (send it as
    ``if_version`` with the next change); ``codings``: its codings (all
    coders); ``coded``: code points under at least one coding; ``coverage``:
    ``coded / length`` (0 to 1); ``done_at`` (UTC) and ``done_by``: when and
    by whom its coding was marked done (None when not marked); ``status``:
    ``"not coded"``, ``"in progress"`` or ``"done"``.
    """

    document_id: int
    document: str
    version: int
    codings: int
    coded: int
    coverage: float
    done_at: datetime | None
    done_by: str | None
    status: CodingStatus

    @property
    def done(self) -> bool:
        """Whether the document is marked "coding done"."""
        return self.done_at is not None


def _progress(row: CodingMarkRow, coded: int) -> CodingProgress:
    done = row.done_at is not None
    status = DONE if done else IN_PROGRESS if row.codings else NOT_CODED
    return CodingProgress(
        document_id=row.id,
        document=row.name,
        version=row.version,
        codings=row.codings,
        coded=coded,
        coverage=coded / row.length if row.length else 0.0,
        done_at=as_utc(row.done_at) if row.done_at is not None else None,
        done_by=row.done_by if done else None,
        status=status,
    )


def _progress_of(uow: UnitOfWork, document_ids: list[int] | None) -> list[CodingProgress]:
    """The progress of the documents ``document_ids`` (None: all), in document order."""
    rows = queries.coding_marks.coding_mark_rows(uow.session, uow.project_id, document_ids)
    coded = queries.codings.coded_lengths(uow.session, uow.project_id, document_ids)
    return [_progress(row, coded.get(row.id, 0)) for row in rows]


def coding_progress(uow: UnitOfWork) -> list[CodingProgress]:
    """Every document's coding progress (see :class:`CodingProgress`), in
    document order (position when set, then name). Reads only (two queries,
    no text read)."""
    return _progress_of(uow, None)


def document_progress(uow: UnitOfWork, document: Ref) -> CodingProgress:
    """One document's coding progress (name or id). Reads only; raises
    :class:`~qualframe.errors.NotFoundError` for an unknown document."""
    return _progress_of(uow, [find_document(uow, document).id])[0]


def mark_coding_done(
    uow: UnitOfWork, document: Ref, done: bool = True, *, if_version: int | None = None
) -> CodingProgress:
    """Mark a document's coding done (``done=False``: take the mark back).

    The mark records who (the acting name) and when (UTC). Marking a marked
    document, or unmarking an unmarked one, changes nothing (no version, no
    audit entry); otherwise the document's version goes up by one and the
    change is audited (``document.coding_done`` / ``document.coding_undone``).
    ``if_version``: the version you read; a different stored version raises
    :class:`~qualframe.errors.StaleVersionError` and nothing is saved. Returns
    the document's progress with its new version. Raises
    :class:`~qualframe.errors.NotFoundError` for an unknown document and
    :class:`~qualframe.errors.ValidationError` for a ``done`` that is not
    True or False.
    """
    if not isinstance(done, bool):
        raise ValidationError(f"Coding done is yes or no (True or False), not {done!r}.")
    found = find_document(uow, document)
    check_version(found, if_version, f"the document {found.name!r}")
    if (found.coding_done_at is not None) != done:
        before_at, before_by = found.coding_done_at, found.coding_done_by
        found.coding_done_at = utc_now() if done else None
        found.coding_done_by = uow.actor.name if done else None
        uow.session.flush()
        verb = "done" if done else "undone"
        summary = (
            f"Marked the coding of {found.name!r} done"
            if done
            else f"Took back the mark 'coding done' of {found.name!r}"
        )
        details = {
            "done": done,
            "before_by": before_by,
            "before_at": as_utc(before_at).isoformat() if before_at is not None else None,
        }
        audit.record(uow, f"document.coding_{verb}", "document", found.id, summary, details)
    return document_progress(uow, found.id)
