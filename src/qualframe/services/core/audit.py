"""Recording and reading the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from qualframe.errors import ValidationError
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import AuditEntry

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class AuditRecord:
    """One recorded change: ``action`` is ``<entity>.<verb>`` (e.g. ``code.merge``),
    ``at`` is UTC, ``summary`` a sentence for people, ``details`` its data."""

    id: int
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: int | None
    summary: str
    details: dict[str, Any]


#: Columns of :func:`audit_frame`: the fields of :class:`AuditRecord`.
AUDIT_COLUMNS = tuple(field.name for field in fields(AuditRecord))

#: What each kind of audited object is called, for people (the activity page's
#: filter). Entries of other types are still listed and can be filtered by type.
ENTITY_TYPES: dict[str, str] = {
    "project": "project or import",
    "attribute": "attribute",
    "case": "case",
    "participant": "participant",
    "question": "interview question",
    "document": "document",
    "speaker_mapping": "speaker mapping",
    "code": "code",
    "coding": "coding",
    "memo": "memo",
    "cell": "matrix cell",
    "change_model": "change model",
    "model_kind": "change-model node kind",
    "model_node": "change-model node",
    "model_link": "change-model link",
    "model_evidence": "change-model evidence",
    "indicator": "indicator",
    "measure": "measure",
    "model_version": "change-model version",
    "agreement_round": "agreement round",
    "disagreement": "disagreement",
}


def record(
    uow: UnitOfWork,
    action: str,
    entity_type: str,
    entity_id: int | None,
    summary: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction (written with the change).

    ``action`` is ``<entity>.<verb>``, e.g. ``code.merge``; ``summary`` is a
    sentence for people; ``details`` must be JSON-serialisable.
    """
    entry = AuditEntry(
        project_id=uow.project_id,
        actor=uow.actor.name,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=summary,
        details=details or {},
    )
    uow.session.add(entry)
    return entry


def audit_entries(
    uow: UnitOfWork,
    *,
    entity_type: str | None = None,
    entity_id: int | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[AuditRecord]:
    """The project's recorded changes, oldest first (``newest_first``: the latest
    first), filtered by entity type and id, by ``actor`` (exact name) and to
    those ``since`` a moment (UTC).

    ``offset`` skips that many entries of the ordered log and ``limit`` keeps
    at most that many (paging). Reads only. Raises
    :class:`ValidationError` for a negative ``limit`` or ``offset``.
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise ValidationError("A limit and an offset of the audit log are whole numbers from 0.")
    wanted = queries.audit.AuditFilter(
        entity_type, entity_id, actor, since, limit, offset, newest_first
    )
    entries = queries.audit.entries(uow.session, uow.project_id, wanted)
    return [AuditRecord(*(getattr(entry, name) for name in AUDIT_COLUMNS)) for entry in entries]


def audit_frame(records: Sequence[AuditRecord]) -> pd.DataFrame:
    """Audit records as a DataFrame, one row each, columns :data:`AUDIT_COLUMNS`."""
    # pandas is imported here, not at start-up: every command writes the audit log.
    import pandas as pd

    return pd.DataFrame([astuple(record) for record in records], columns=list(AUDIT_COLUMNS))
