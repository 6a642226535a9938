"""Recording and reading the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from qualframe.errors import ValidationError
from qualframe.services.core import access
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import AuditEntry

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.orm import Session


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

    @property
    def changes(self) -> tuple[FieldChange, ...]:
        """What the change did to each field it names, before and after
        (:func:`field_changes` of ``details``)."""
        return field_changes(self.details)


@dataclass(frozen=True)
class FieldChange:
    """One field of a recorded change: its name and its values before and after
    (None: the field had no value, e.g. before a creation or after a deletion)."""

    field: str
    before: Any
    after: Any


def field_changes(details: dict[str, Any]) -> tuple[FieldChange, ...]:
    """The fields a change's ``details`` record before and after, in the order
    they were recorded: the keys of ``details["before"]`` and
    ``details["after"]`` when they are mappings (a code's edit: its name, its
    definition...), else the values themselves as one field called "value"
    (a document's position). Fields whose value did not change are left out;
    a change that records no before and after has none."""
    before, after = details.get("before"), details.get("after")
    if "before" not in details and "after" not in details:
        return ()
    if isinstance(before, dict) or isinstance(after, dict):
        old = before if isinstance(before, dict) else {}
        new = after if isinstance(after, dict) else {}
        names = [*old, *(name for name in new if name not in old)]
        return tuple(
            FieldChange(name, old.get(name), new.get(name))
            for name in names
            if old.get(name) != new.get(name)
        )
    return () if before == after else (FieldChange("value", before, after),)


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
    "member": "project member",
    "invitation": "invitation",
    "account": "account",
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

    First the backstop of every audited write
    (:func:`~qualframe.services.core.access.check_change`): raises
    :class:`~qualframe.errors.PermissionDeniedError` when the unit of work's
    role does not allow the change (its opener then rolls everything back).
    """
    access.check_change(uow, action, entity_type)
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


def record_server(
    session: Session,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: int | None,
    summary: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an audit entry of a change to the server, not to one project (an
    account created, disabled, its password reset): ``project_id`` is None.
    ``details`` must never hold a password or its hash."""
    entry = AuditEntry(
        project_id=None,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=summary,
        details=details or {},
    )
    session.add(entry)
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
    until: datetime | None = None,
) -> list[AuditRecord]:
    """The project's recorded changes, oldest first (``newest_first``: the latest
    first), filtered by entity type and id, by ``actor`` (exact name) and to
    those ``since`` a moment and before ``until`` one (UTC).

    ``offset`` skips that many entries of the ordered log and ``limit`` keeps
    at most that many (paging). Reads only. Raises
    :class:`ValidationError` for a negative ``limit`` or ``offset``.
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise ValidationError("A limit and an offset of the audit log are whole numbers from 0.")
    wanted = queries.audit.AuditFilter(
        entity_type, entity_id, actor, since, limit, offset, newest_first, until
    )
    entries = queries.audit.entries(uow.session, uow.project_id, wanted)
    return [AuditRecord(*(getattr(entry, name) for name in AUDIT_COLUMNS)) for entry in entries]


def audit_frame(records: Sequence[AuditRecord]) -> pd.DataFrame:
    """Audit records as a DataFrame, one row each, columns :data:`AUDIT_COLUMNS`."""
    # pandas is imported here, not at start-up: every command writes the audit log.
    import pandas as pd

    return pd.DataFrame([astuple(record) for record in records], columns=list(AUDIT_COLUMNS))
