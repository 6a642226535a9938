"""The history of the conceptual framework, read from the audit log.

Every change to a code is audited (entity type ``"code"``) with the code's
path at the time and its values before and after; this module turns those
entries into a table a researcher can read. The history of one code
includes the codes merged into it (and theirs, recursively), since their
codings are now its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qualframe.services.codebook.tree import CodeRef, resolve_code
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.storage import queries
from qualframe.storage.models import AuditEntry

#: Columns of :func:`history`.
HISTORY_COLUMNS = ("at", "actor", "action", "code", "summary", "changes", "code_id", "details")
#: Longest value shown in the ``changes`` column (longer ones are cut with "…").
_SHOWN_CHARACTERS = 60


def history(uow: UnitOfWork, code: CodeRef | None = None) -> pd.DataFrame:
    """The codebook's changes, oldest first: of every code, or of ``code``
    and the codes merged into it.

    Columns: ``at`` (UTC), ``actor``, ``action`` (``code.create``,
    ``code.rename``, ...), ``code`` (its path at the time), ``summary``,
    ``changes`` ("field: before → after; ..." for edits, renames, moves,
    retirements and imports), ``code_id`` and ``details`` (the raw audit
    details). Raises :class:`~qualframe.errors.NotFoundError` for an
    unknown code.
    """
    entries = [
        entry
        for entry in queries.audit.entries(uow.session, uow.project_id, entity_type="code")
        # Coding batches are filed under their code too; they are not framework changes.
        if entry.action.startswith("code.")
    ]
    if code is not None:
        wanted = resolve_code(uow, code)
        entries = _lineage(entries, wanted.id)
    rows = [
        (
            entry.at,
            entry.actor,
            entry.action,
            (entry.details or {}).get("path"),
            entry.summary,
            _changes(entry.details or {}),
            entry.entity_id,
            entry.details or {},
        )
        for entry in entries
    ]
    frame = pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))
    # SQLite returns stored times without their zone; they are all UTC.
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
