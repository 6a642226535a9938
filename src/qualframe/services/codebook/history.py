"""The history of the conceptual framework, read from the audit log.

Every change to a code is audited (entity type ``"code"``) with the code's
path at the time and its values before and after; this module turns those
entries into a table a researcher can read. The history of one code
includes the codes merged into it (and theirs, recursively), since their
codings are now its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from qualframe.services.codebook.tree import CodeRef, resolve_code
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import AuditEntry
from qualframe.storage.models.base import as_utc

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class CodebookChange:
    """One change to the framework: when (UTC) and by whom, the action
    (``code.create``, ``code.rename``, ...), the code's path at the time,
    the summary, the changed fields as "field: before → after; ..." (for
    edits, renames, moves, retirements and imports; else ""), the code's id
    and the raw audit ``details``."""

    at: datetime
    actor: str
    action: str
    code: str | None
    summary: str
    changes: str
    code_id: int | None
    details: dict[str, Any]


#: Columns of :func:`history_frame`: the fields of :class:`CodebookChange`.
HISTORY_COLUMNS = tuple(field.name for field in fields(CodebookChange))
#: Longest value shown in the ``changes`` column (longer ones are cut with "…").
_SHOWN_CHARACTERS = 60


def history(uow: UnitOfWork, code: CodeRef | None = None) -> list[CodebookChange]:
    """The changes to the framework, oldest first: of every code, or of
    ``code`` (id, name or path) and the codes merged into it, since their
    codings are now its own. Reads only.

    ``project.codebook.history()`` gives them as a DataFrame with columns
    ``at`` (UTC), ``actor``, ``action``, ``code``, ``summary``, ``changes``,
    ``code_id`` and ``details`` (see :class:`CodebookChange`);
    ``project.codebook.history_records()`` as records.

    Raises :class:`~qualframe.errors.NotFoundError` for an unknown code.
    """
    entries = [
        entry
        for entry in queries.audit.entries(
            uow.session, uow.project_id, queries.audit.AuditFilter(entity_type="code")
        )
        # Coding batches are filed under their code too; they are not framework changes.
        if entry.action.startswith("code.")
    ]
    if code is not None:
        wanted = resolve_code(uow, code)
        entries = _lineage(entries, wanted.id)
    return [
        CodebookChange(
            at=as_utc(entry.at),
            actor=entry.actor,
            action=entry.action,
            code=(entry.details or {}).get("path"),
            summary=entry.summary,
            changes=_changes(entry.details or {}),
            code_id=entry.entity_id,
            details=entry.details or {},
        )
        for entry in entries
    ]


def history_frame(entries: Sequence[CodebookChange]) -> pd.DataFrame:
    """History entries as a DataFrame, one row each, with
    :data:`HISTORY_COLUMNS` (``at`` in UTC, ``code_id`` nullable)."""
    import pandas as pd

    frame = pd.DataFrame([astuple(e) for e in entries], columns=list(HISTORY_COLUMNS))
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame.astype({"code_id": "Int64"})


def _lineage(entries: Sequence[AuditEntry], code_id: int) -> list[AuditEntry]:
    """The entries about code ``code_id`` and the codes merged into it.

    Ids are followed through time rather than matched once, because SQLite
    may give a deleted code's id to a new code: each ``create`` starts a new
    lineage, and a ``merge`` joins the merged code's lineage to its target's.
    """
    joined: dict[int, int] = {}  # lineage -> lineage it was merged into

    def root(lineage: int) -> int:
        while lineage in joined:
            lineage = joined[lineage]
        return lineage

    current: dict[int, int] = {}  # code id -> its lineage now
    tagged: list[tuple[AuditEntry, int]] = []
    for entry in entries:
        if entry.entity_id is None:
            continue
        details = entry.details or {}
        if entry.entity_id not in current or _starts_code(entry.action, details):
            current[entry.entity_id] = len(tagged)
        lineage = current[entry.entity_id]
        tagged.append((entry, lineage))
        target = details.get("target_id")
        if entry.action == "code.merge" and isinstance(target, int) and target in current:
            joined[root(lineage)] = root(current[target])
    if code_id not in current:
        return []
    wanted = root(current[code_id])
    return [entry for entry, lineage in tagged if root(lineage) == wanted]


def _starts_code(action: str, details: dict[str, Any]) -> bool:
    return action == "code.create" or (action == "code.import" and bool(details.get("created")))


@dataclass(frozen=True)
class FieldChange:
    """One changed field of a history entry, its values shown for people
    (text quoted and cut to 60 characters, "(empty)", "yes"/"no")."""

    field: str
    before: str
    after: str


def change_items(details: dict[str, Any]) -> list[FieldChange]:
    """The fields an audit entry's ``details`` changed, in the order recorded
    (none unless the entry has values both before and after)."""
    before, after = details.get("before") or {}, details.get("after") or {}
    if not before or not after:
        return []
    return [
        FieldChange(key, _shown(before.get(key)), _shown(after.get(key)))
        for key in after
        if key in before
    ]


def initial_values(details: dict[str, Any]) -> list[tuple[str, str]]:
    """The non-empty fields a code was created with (``(field, value)`` shown
    for people, name aside), for an entry that has values after and none
    before; else none."""
    before, after = details.get("before") or {}, details.get("after") or {}
    if before or not after:
        return []
    return [
        (key, _shown(value))
        for key, value in after.items()
        if key != "name" and value not in (None, "", False)
    ]


def _changes(details: dict[str, Any]) -> str:
    """ "field: before → after; ..." when the entry has both sides, else ""."""
    return "; ".join(
        f"{item.field}: {item.before} → {item.after}" for item in change_items(details)
    )


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = " ".join(str(value).split())
    if len(text) > _SHOWN_CHARACTERS:
        text = text[: _SHOWN_CHARACTERS - 1] + "…"
    return repr(text) if isinstance(value, str) else text
