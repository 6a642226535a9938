"""Finding an agreement round from what a user typed, and reading it back:
its scope, its stored figures, its resolutions, its record.

A round is named by id (an ``int``) or by name (a ``str``, letter case
aside), never guessed (:mod:`qualframe.services.core.refs`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from typing import Any

from qualframe.errors import NotFoundError, ValidationError
from qualframe.services.codebook.tree import PATH_SEPARATOR, CodeTree
from qualframe.services.core.refs import Ref
from qualframe.services.core.unit_of_work import UnitOfWork
from qualframe.services.team.material import Material, load_material
from qualframe.services.team.passages import Passage, find_passages, resolution_of
from qualframe.services.team.records import (
    AgreementReport,
    ResolutionRecord,
    RoundRecord,
    passage_key,
)
from qualframe.storage import queries
from qualframe.storage.models import AgreementRound, DisagreementResolution
from qualframe.storage.models.base import as_utc
from qualframe.storage.queries.team import RoundScope


def find_round(uow: UnitOfWork, ref: Ref) -> AgreementRound:
    """The project's agreement round ``ref`` (id, or name letter case aside).

    Raises :class:`NotFoundError` for an unknown round (suggesting close
    names). Reads only."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        found = queries.team.round_by_id(uow.session, uow.project_id, ref)
        if found is None:
            raise NotFoundError(f"There is no agreement round with id {ref} in this project.")
        return found
    name = " ".join(str(ref).split())
    named = queries.team.rounds_named(uow.session, uow.project_id, name)
    if len(named) == 1:
        return named[0]
    known = [r.name for r in queries.team.rounds_of(uow.session, uow.project_id)]
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
    hint = (" Did you mean " + " or ".join(repr(c) for c in close) + "?") if close else ""
    raise NotFoundError(f"There is no agreement round called {name!r}.{hint}")


def stored_figures(found: AgreementRound) -> AgreementReport:
    """The figures ``found`` stored when it was opened."""
    try:
        data = json.loads(found.figures or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        raise ValidationError(f"The agreement round {found.name!r} holds no stored figures.")
    return AgreementReport.from_json(data)


def _coders_in_order(found: AgreementRound, stored: Sequence[str]) -> list[str]:
    """The round's coders in the order it was opened with (its figures' scope)."""
    try:
        opened = json.loads(found.figures or "{}").get("scope", {}).get("coders", [])
    except (ValueError, AttributeError):
        opened = []
    ordered = [coder for coder in opened if coder in stored]
    return ordered + sorted(set(stored) - set(ordered))


def round_material(
    uow: UnitOfWork, found: AgreementRound, scope: RoundScope | None = None
) -> Material:
    """The material of the round's scope as it is now (documents or codes
    deleted since are left out). Reads only."""
    if scope is None:
        scope = queries.team.round_scopes(uow.session, [found.id])[found.id]
    coders = _coders_in_order(found, scope.coders)
    # A coder whose every coding in a document a resolution removed still coded it.
    removed: dict[int, set[str]] = {}
    for row in queries.team.resolutions_of(uow.session, [found.id]):
        for coding in _changes(row).get("removed", []):
            removed.setdefault(row.document_id, set()).add(str(coding.get("coder")))
    return load_material(
        uow, found.unit, scope.document_ids, scope.code_ids, coders, also_rated=removed
    )


def _changes(row: DisagreementResolution) -> dict[str, Any]:
    """What a resolution changed, as stored (``removed``, ``added``: codings)."""
    try:
        changes = json.loads(row.changes or "{}")
    except ValueError:
        return {}
    return changes if isinstance(changes, dict) else {}


def resolutions_of(
    uow: UnitOfWork, found: AgreementRound, material: Material
) -> list[tuple[Passage, ResolutionRecord]]:
    """The round's resolutions, oldest first, each with its passage."""
    rows = queries.team.resolutions_of(uow.session, [found.id])
    documents = {doc.id: doc for doc in material.documents}
    tree = CodeTree.load(uow)
    found_rows: list[tuple[Passage, ResolutionRecord]] = []
    for row in rows:
        doc = documents.get(row.document_id)
        if doc is None or row.code_id not in tree.by_id:
            continue  # gone with its document or code
        record = resolution_record(row, doc.name, tree)
        passage = Passage(doc, row.code_id, record.code, row.start, row.end)
        found_rows.append((passage, record))
    return found_rows


def _path(tree: CodeTree, code_id: int | None) -> str | None:
    code = tree.by_id.get(code_id) if code_id is not None else None
    return PATH_SEPARATOR.join(tree.path(code)) if code is not None else None


def resolution_record(
    row: DisagreementResolution, document: str, tree: CodeTree
) -> ResolutionRecord:
    """The record of a stored resolution (``document``: its document's name)."""
    changes = _changes(row)
    return ResolutionRecord(
        id=row.id,
        key=passage_key(row.document_id, row.code_id, row.start, row.end),
        document=document,
        code=_path(tree, row.code_id) or "",
        start=row.start,
        end=row.end,
        outcome=row.outcome,
        kept_coder=row.kept_coder,
        recoded_to=_path(tree, row.recoded_to),
        note=row.note,
        resolved_by=row.resolved_by,
        resolved_at=as_utc(row.resolved_at),
        removed=len(changes.get("removed", [])),
        added=len(changes.get("added", [])),
        split=len(changes.get("split", [])),
        memos_kept=int(changes.get("memos_kept", 0) or 0),
    )


def round_records(uow: UnitOfWork, rounds: Sequence[AgreementRound]) -> list[RoundRecord]:
    """The records of ``rounds``, each with its open disagreements counted
    (the round's documents are read). Reads only."""
    scopes = queries.team.round_scopes(uow.session, [r.id for r in rounds])
    records = []
    for found in rounds:
        material = round_material(uow, found, scopes[found.id])
        resolved = resolutions_of(uow, found, material)
        open_count = sum(
            1 for passage in find_passages(material) if resolution_of(passage, resolved) is None
        )
        records.append(
            RoundRecord(
                id=found.id,
                name=found.name,
                unit=found.unit,
                note=found.note,
                opened_by=found.opened_by,
                opened_at=as_utc(found.opened_at),
                version=found.version,
                documents=tuple(doc.name for doc in material.documents),
                codes=tuple(path for _, path in material.codes),
                coders=material.coders,
                open_disagreements=open_count,
                resolved=len(resolved),
            )
        )
    return records


def round_record(uow: UnitOfWork, found: AgreementRound) -> RoundRecord:
    """The record of one round (see :func:`round_records`). Reads only."""
    return round_records(uow, [found])[0]
